import ArgumentParser
import Foundation
import HelpdeskCore
import Synchronization

/// `care db`: moving an installation between stores.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move an installation between stores.",
        subcommands: [DatabaseCopyCommand.self]
    )
}

/// `care db copy --from FILE --to postgres://…`.
struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every table of a SQLite store into a PostgreSQL database, and verify the copy.",
        discussion: """
            Migrates the target, then copies every table in one transaction with a progress line per table, and checks
            each table's row count and checksum on both sides. An interrupted copy leaves the target as it was: run it
            again. A target that already holds data is refused unless --replace is given. Stop care serve first, or
            copy a backup of the file.
            """
    )

    @Option(help: "The SQLite store, e.g. ./care-data/care.sqlite.")
    var from: String
    @Option(help: "The PostgreSQL database: postgres://user:password@host:port/name?sslmode=….")
    var to: String
    @Flag(help: "Empty the target's tables before copying.")
    var replace = false
    @Flag(help: "No progress output.")
    var quiet = false

    func run() async throws {
        var standardError = FileHandleOutputStream.standardError
        guard FileManager.default.fileExists(atPath: from) else {
            print("error: --from: \(from) does not exist", to: &standardError)
            throw ExitCode(1)
        }
        let settings: PostgresSettings
        do {
            guard case .postgres(let parsed) = try StoreLocation.parse(to) else {
                print("error: --to: give a postgres:// URL", to: &standardError)
                throw ExitCode(1)
            }
            settings = parsed
        } catch let error as StoreLocationError {
            print("error: --to: \(error)", to: &standardError)
            throw ExitCode(1)
        }
        let started = ContinuousClock.now
        do {
            let source = try AppDatabase.openFile(at: from)
            let target = try await PostgresStore.connect(settings)
            defer { Task { await target.close() } }
            let reporter = CopyProgressReporter(quiet: quiet)
            let summary = try await StoreCopier(source: source, target: target, replace: replace).run { reporter.report($0) }
            reporter.finish()
            let seconds = Double((ContinuousClock.now - started).components.seconds)
                + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            for table in summary.tables {
                print("\(table.name): \(table.rows) rows, checksum \(String(table.checksum, radix: 16)) on both sides")
            }
            let rows = summary.tables.map(\.rows).reduce(0, +)
            print(String(format: "copied %d rows of %d tables from %@ to %@ in %.1f s; verified", rows, summary.tables.count, from, settings.redacted, seconds))
        } catch let error as StoreOpenError {
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        } catch let error as StoreCopyError {
            print("error: \(error) (nothing was kept in the target)", to: &standardError)
            throw ExitCode(1)
        } catch let error as SchemaError {
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch {
            print("error: \(PostgresStore.describe(error)) (nothing was kept in the target)", to: &standardError)
            throw ExitCode(1)
        }
    }
}

/// A progress line per table on standard error: redrawn in place on a terminal, every two seconds otherwise.
final class CopyProgressReporter: Sendable {
    private let quiet: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex((table: "", last: ContinuousClock.now))

    init(quiet: Bool) { self.quiet = quiet }

    func report(_ progress: StoreCopyProgress) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            let finished = progress.rows == progress.total
            let newTable = state.table != progress.table
            if newTable, !state.table.isEmpty, isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
            if newTable { state.table = progress.table }
            guard isTerminal || finished || now - state.last >= .seconds(2) else { return nil }
            state.last = now
            let percent = progress.total == 0 ? 100 : progress.rows * 100 / progress.total
            return "\(progress.table): \(progress.rows) / \(progress.total) rows (\(percent)%)"
        }
        if let line { FileHandle.standardError.write(Data((isTerminal ? "\r" + line : line + "\n").utf8)) }
    }

    func finish() {
        if !quiet, isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
