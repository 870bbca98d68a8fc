import Foundation
import HelpdeskCore
@testable import HelpdeskImport

/// Paths of the test fixtures and of the shared data sets.
enum TestFiles {
    /// `Tests/HelpdeskImportTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// `../shared/data/<name>` from the package root, found by walking up from this file; nil when absent.
    static func sharedData(_ name: String) -> String? {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/data").appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Posts.xml").path) {
                return candidate.path
            }
        }
        return nil
    }
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
        return ImportError(SourceLocation(file: "?", line: -1), "unexpected error \(error)")
    }
}
