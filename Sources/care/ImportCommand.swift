import ArgumentParser
import Foundation
import HelpdeskCore
import HelpdeskImport

/// `care import`: loads tickets, solutions and agents from other systems into the helpdesk database.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tickets, solutions and agents (JSONL, CSV, Stack Exchange dumps).",
        discussion: """
            Every import writes in batches, one transaction each, and is idempotent: rows are keyed by their
            external id, so importing the same file again adds nothing. The first bad row stops the import with its
            file, line and field; its batch is rolled back and earlier batches stay.
            """,
        subcommands: [ImportJSONLCommand.self, ImportCSVCommand.self, ImportStackExchangeCommand.self]
    )
}

/// Options every import subcommand takes.
struct ImportCommonOptions: ParsableArguments {
    @OptionGroup var store: DataFolderOptions
    @Option(
        name: .customLong("index"),
        help: "Search index snapshot folder to keep in step (loaded, caught up once per batch, saved at the end).")
    var index: String?
    @Option(help: "Rows per transaction.")
    var batchSize: Int = 500
    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    /// Opens the database (and index), runs `body`, saves the index, prints the summary and the figures.
    func run(_ label: String, _ body: (AppDatabase, ImportOptions) throws -> ImportSummary) async throws {
        let started = ContinuousClock.now
        let importDatabase = try await store.open()
        var helpdeskIndex: HelpdeskIndex?
        if let index {
            let loaded = try HelpdeskIndex.load(from: index, database: importDatabase)
            helpdeskIndex = loaded.index
            importDatabase.attach(index: loaded.index)
        }
        let reporter = ImportProgressReporter(quiet: quiet)
        let options = ImportOptions(batchSize: batchSize, progress: { reporter.report($0) })
        var failure: (any Error)?
        var summary = ImportSummary()
        do { summary = try body(importDatabase, options) } catch { failure = error }
        reporter.finish()
        if let helpdeskIndex, let index { try helpdeskIndex.save(to: index) }
        if let failure {
            var standardError = FileHandleOutputStream.standardError
            print("error: \(failure)", to: &standardError)
            throw ExitCode(1)
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let rows = summary.tickets + summary.solutions + summary.agents
        print("\(label): \(summary)")
        print(
            String(
                format: "%d rows read, %d rows written in %.2f s (%.0f rows/s read), peak RSS %.1f MiB", summary.rowsRead,
                rows, seconds, Double(summary.rowsRead) / max(seconds, 1e-9), Double(ProcessMemory.peakBytes()) / 1_048_576))
    }
}

/// Parses `--kind`.
extension ImportKind: ExpressibleByArgument {}

/// `care import jsonl FILE`.
struct ImportJSONLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonl",
        abstract: "Import a JSON Lines file of tickets, solutions or agents (the Corpus/ formats).",
        discussion: """
            Tickets: {"id", "subject" (or "title"), "description" (or "body"), "customer": {"name","email"},
            "category", "priority", "status", "created_at", "first_response_at", "resolved_at", "agent" (agent id),
            "solution" (solution id), "verdict", "messages": [{"author","body","at"}]}; only id and subject are required.
            Solutions: {"id","title","category","steps" (or "body"),"author","created_at"}.
            Agents: {"id","name","email","skills","capacity"}. Categories: {"id","name","description"}.
            """
    )

    @Argument(help: "The .jsonl file.")
    var file: String
    @Option(help: "tickets, solutions, agents or categories (detected from the first row's fields when omitted).")
    var kind: ImportKind?
    @OptionGroup var common: ImportCommonOptions

    func run() async throws {
        try await common.run(file) { database, options in
            try JSONLImporter(path: file, kind: kind, options: options).run(into: database)
        }
    }
}

/// `care import csv FILE`.
struct ImportCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import a CSV file (RFC 4180, header row) of tickets, solutions or agents.",
        discussion: """
            Columns: tickets id, subject, description, customer_name, customer_email, category, priority, status,
            created_at, first_response_at, resolved_at, agent, solution, verdict; solutions id, title, steps (one per
            line), body, category, author, created_at; agents id, name, email, skills (a;b), capacity.
            Rename another export's columns with --map, e.g. --map "Ticket #=id" --map "Requester=customer_email".
            """
    )

    @Argument(help: "The .csv file.")
    var file: String
    @Option(help: "tickets, solutions, agents or categories (detected from the header when omitted).")
    var kind: ImportKind?
    @Option(name: .customLong("map"), help: "column=field: read our field from another column name (repeatable).")
    var map: [String] = []
    @OptionGroup var common: ImportCommonOptions

    func mapping() throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in map {
            guard let equals = entry.lastIndex(of: "=") else {
                throw ValidationError("--map takes column=field, not \"\(entry)\"")
            }
            let column = entry[..<equals].trimmingCharacters(in: .whitespaces)
            let field = entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty, !field.isEmpty else { throw ValidationError("--map takes column=field, not \"\(entry)\"") }
            result[column] = field
        }
        return result
    }

    func validate() throws { _ = try mapping() }

    func run() async throws {
        let mapping = try mapping()
        try await common.run(file) { database, options in
            try CSVImporter(path: file, kind: kind, mapping: mapping, options: options).run(into: database)
        }
    }
}

/// `care import stackexchange DIR`.
struct ImportStackExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stackexchange",
        abstract: "Import a Stack Exchange data dump folder (Posts.xml, and Users.xml when present).",
        discussion: """
            Questions become resolved tickets, accepted answers stored solutions written by the answerer as an agent,
            the first tag the category. External ids are se:SITE:POSTID.
            """
    )

    @Argument(help: "The dump folder, e.g. ../shared/data/stackexchange-cardano.")
    var directory: String
    @Option(help: "Import at most this many questions (and their accepted answers).")
    var limit: Int?
    @Option(help: "Site name for external ids (default: from the folder name).")
    var site: String?
    @OptionGroup var common: ImportCommonOptions

    func run() async throws {
        try await common.run(directory) { database, options in
            try StackExchangeImporter(directory: directory, site: site, limit: limit, options: options).run(into: database)
        }
    }
}
