import Foundation
import HelpdeskCore
import TestSupport
@testable import HelpdeskImport

/// Paths of the test fixtures and of the shared data sets.
enum TestFiles {
    /// `Tests/HelpdeskImportTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// `../shared/data/<name>` beside the package; nil when absent.
    static func sharedData(_ name: String) -> String? { Repository.sharedData(name) }
}

/// A fresh in-memory store, keeping `index` in step when given.
func store(index: HelpdeskIndex? = nil) throws -> AppDatabase {
    let database = try AppDatabase.inMemory()
    if let index { database.attach(index: index) }
    return database
}

/// Small batches, so that the batch boundaries of the fixtures are exercised.
func smallBatches(_ size: Int = 2) -> ImportOptions { ImportOptions(batchSize: size) }

/// Runs `body`, expecting an `ImportError`, and returns it.
func expectImportError(_ body: () throws -> Any) -> ImportError? {
    do {
        _ = try body()
        return nil
    } catch let error as ImportError {
        return error
    } catch {
        return ImportError(InputLocation(file: "?", line: -1), "unexpected error \(error)")
    }
}
