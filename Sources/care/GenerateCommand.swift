import ArgumentParser
import Foundation
import HelpdeskCore
import HelpdeskImport

/// `care generate`: fills a database with synthetic tickets (for measuring the reports and the index at scale) through
/// the bulk write path, and optionally times every report on it. The model is `SyntheticHistory`'s; the same seed adds
/// nothing the second time, another seed adds another history.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Fill a database with synthetic tickets and time the reports on it."
    )

    @OptionGroup var store: DataFolderOptions
    @Option(help: "How many tickets to add.")
    var tickets: Int = 100_000
    @Option(help: "Spread the tickets over this many days ending now.")
    var days: Int = 365
    @Option(help: "Tickets per transaction.")
    var batchSize: Int = 10_000
    @Option(help: "Agents in the synthetic cast.")
    var agents: Int = 40
    @Option(help: "Random seed.")
    var seed: UInt64 = 42
    @Flag(help: "After generating, time every report (last 30 days, last 365 days, one category, one agent).")
    var timeReports = false

    func validate() throws {
        guard tickets >= 0, days > 0, batchSize > 0, agents > 0 else {
            throw ValidationError("--tickets must be 0 or more; --days, --batch-size and --agents positive")
        }
    }

    func run() async throws {
        let path = try store.location()
        let database = try await store.open()
        let reporter = ImportProgressReporter(quiet: false)
        let now = Date()
        let history = SyntheticHistory(
            tickets: tickets, days: days, agents: agents, seed: seed, now: now,
            options: ImportOptions(batchSize: batchSize, progress: { reporter.report($0) }))
        let began = ContinuousClock.now
        let summary = try await history.run(into: database)
        reporter.finish()
        try await database.analyze()
        print("generated \(summary) in \(String(format: "%.1f", Self.seconds(ContinuousClock.now - began))) s into \(path)")
        if timeReports { try await time(database, now: now) }
    }

    /// The admin the reports run as: the synthetic one, created (with an unknown password) on first use.
    func reportingAdmin(_ database: AppDatabase) async throws -> User {
        let email = "synthetic-admin@synthetic.example"
        do { return try await database.operatingAdmin(email: email) } catch HelpdeskError.notFound(_, _) {
            return try await database.createAdmin(name: "Synthetic admin", email: email).admin
        }
    }

    /// Runs every report five times per filter and prints the median wall time.
    func time(_ database: AppDatabase, now: Date) async throws {
        let admin = try await reportingAdmin(database)
        let month = ReportFilter.lastDays(30, endingAt: now)
        let year = ReportFilter.lastDays(365, endingAt: now)
        var category = month
        category.categoryId = SyntheticHistory.categoryId(1)
        var agent = month
        agent.agentId = try await database.agent(email: SyntheticHistory.agentId(1) + "@synthetic.example", for: admin).id
        let filters: [(String, ReportFilter)] = [("30 days", month), ("365 days", year), ("30 days, 1 category", category), ("30 days, 1 agent", agent)]
        let reports: [(String, @Sendable (ReportFilter) async throws -> Void)] = [
            ("volume (day)", { _ = try await database.volumeReport($0, granularity: .day, for: admin) }),
            ("volume (week)", { _ = try await database.volumeReport($0, granularity: .week, for: admin) }),
            ("backlog", { _ = try await database.backlogReport($0, for: admin) }),
            ("speed", { _ = try await database.speedReport($0, for: admin) }),
            ("sla", { _ = try await database.slaReport($0, for: admin) }),
            ("self-service", { _ = try await database.selfServiceReport($0, for: admin) }),
            ("agents", { _ = try await database.agentFigures($0, for: admin) }),
        ]
        print("| report | " + filters.map(\.0).joined(separator: " | ") + " |")
        print("| --- |" + String(repeating: " ---: |", count: filters.count))
        for (name, run) in reports {
            var cells: [String] = []
            for (_, filter) in filters {
                var samples: [Double] = []
                for _ in 0..<5 {
                    let started = ContinuousClock.now
                    try await run(filter)
                    samples.append(Self.seconds(ContinuousClock.now - started) * 1000)
                }
                cells.append(String(format: "%.1f ms", samples.sorted()[2]))
            }
            print("| \(name) | " + cells.joined(separator: " | ") + " |")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
