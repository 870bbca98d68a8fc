import ArgumentParser
import Foundation
import HelpdeskCore

/// `care generate`: fills a database with synthetic tickets (for measuring the reports), and optionally times every
/// report on it.
///
/// Model (seeded, so the same options give the same data): tickets are filed evenly over `--days` days ending now;
/// category uniform; priority low 20 %, normal 50 %, high 20 %, urgent 10 %; assigned to a random agent (only 90 %
/// of the last week's); first reply and resolution exponentially distributed around 60 % and 50 % of the SLA targets
/// (so some miss them); tickets whose resolution falls before now are resolved (only 95 % of the last week's) with a
/// stored solution of their category, 80 % of
/// those are closed two days later; 60 % get a verdict (80 % "solved"). Per ticket, one in four visitors was deflected
/// before filing, each filing showed three suggestions and one in three opened one.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Fill a database with synthetic tickets and time the reports on it."
    )

    @Option(name: .customLong("data"), help: "Folder of care.sqlite (env CARE_DATA).")
    var data: String = ProcessInfo.processInfo.environment["CARE_DATA"] ?? "./care-data"
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
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: data).appendingPathComponent("care.sqlite").path
        let database = try AppDatabase.openFile(at: path)
        let cast = try await database.prepareSyntheticCast(categories: 8, agents: agents, customers: 2_000, solutionsPerCategory: 25)
        let policies = Dictionary(uniqueKeysWithValues: try await database.slaPolicies().map { ($0.priority, $0) })
        var random = SplitMix64(seed: seed)
        let now = Date()
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let step = Double(days) * 86_400 / Double(max(tickets, 1))
        let began = ContinuousClock.now
        var written = 0
        while written < tickets {
            let count = min(batchSize, tickets - written)
            var batch: [GeneratedTicket] = []
            batch.reserveCapacity(count)
            for i in written..<(written + count) {
                let createdAt = start.addingTimeInterval(Double(i) * step + random.unit() * step)
                var generated = makeTicket(i, createdAt: createdAt, now: now, cast: cast, policies: policies, random: &random)
                let offered = cast.solutionIds[generated.categoryId ?? ""] ?? []
                if random.unit() < 0.25, !offered.isEmpty { generated.deflectedBy = offered[Int(random.next() % UInt64(offered.count))] }
                generated.suggestionsShown = 3
                if random.unit() < 1.0 / 3, !offered.isEmpty {
                    generated.openedSuggestion = offered[Int(random.next() % UInt64(offered.count))]
                }
                batch.append(generated)
            }
            try await database.insertGenerated(batch)
            written += count
            let seconds = Self.seconds(ContinuousClock.now - began)
            let line = String(
                format: "\r%d / %d tickets (%.0f%%), %.0f tickets/s",
                written, tickets, Double(written) * 100 / Double(max(tickets, 1)), Double(written) / max(seconds, 1e-3)
            )
            FileHandle.standardError.write(Data(line.utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        try await database.analyze()
        print("generated \(tickets) tickets in \(String(format: "%.1f", Self.seconds(ContinuousClock.now - began))) s into \(path)")
        if timeReports { try await time(database, cast: cast, now: now) }
    }

    func makeTicket(
        _ i: Int,
        createdAt: Date,
        now: Date,
        cast: SyntheticCast,
        policies: [TicketPriority: SLAPolicy],
        random: inout SplitMix64
    ) -> GeneratedTicket {
        let categoryId = cast.categoryIds[Int(random.next() % UInt64(cast.categoryIds.count))]
        let roll = random.unit()
        let priority: TicketPriority = roll < 0.2 ? .low : roll < 0.7 ? .normal : roll < 0.9 ? .high : .urgent
        let policy = policies[priority] ?? SLAPolicy.defaults.first { $0.priority == priority }!
        let firstTarget = Double(policy.firstResponseMinutes) * 60
        let resolutionTarget = Double(policy.resolutionMinutes) * 60
        // Tickets older than a week have all been picked up; newer ones may still wait in the queue.
        let settled = now.timeIntervalSince(createdAt) > 7 * 86_400
        let agent = cast.agentIds[Int(random.next() % UInt64(cast.agentIds.count))]
        let assigneeId = settled || random.unit() < 0.9 ? agent : nil
        var firstResponseAt: Date?
        var resolvedAt: Date?
        var closedAt: Date?
        var solutionId: Int64?
        var verdict: Verdict?
        var verdictAt: Date?
        if assigneeId != nil {
            let reply = createdAt.addingTimeInterval(random.exponential(mean: firstTarget * 0.6))
            if reply < now { firstResponseAt = reply }
            let resolution = (firstResponseAt ?? reply).addingTimeInterval(random.exponential(mean: resolutionTarget * 0.5))
            if firstResponseAt != nil, resolution < now, settled || random.unit() < 0.95 {
                resolvedAt = resolution
                let solutions = cast.solutionIds[categoryId] ?? []
                if !solutions.isEmpty { solutionId = solutions[Int(random.next() % UInt64(solutions.count))] }
                if random.unit() < 0.6 {
                    verdict = random.unit() < 0.8 ? .solved : .notSolved
                    verdictAt = min(now, resolution.addingTimeInterval(3_600))
                }
                let close = resolution.addingTimeInterval(2 * 86_400)
                if random.unit() < 0.8, close < now { closedAt = close }
            }
        }
        var status = TicketStatus.new
        if closedAt != nil {
            status = .closed
        } else if resolvedAt != nil {
            status = .resolved
        } else if firstResponseAt != nil {
            status = .inProgress
        } else if assigneeId != nil {
            status = .assigned
        }
        var generated = GeneratedTicket(
            customerId: cast.customerIds[Int(random.next() % UInt64(cast.customerIds.count))],
            subject: "Synthetic request \(i + 1)",
            categoryId: categoryId,
            priority: priority,
            status: status,
            assigneeId: assigneeId,
            createdAt: createdAt,
            firstResponseDueAt: createdAt.addingTimeInterval(firstTarget),
            resolutionDueAt: createdAt.addingTimeInterval(resolutionTarget)
        )
        generated.firstResponseAt = firstResponseAt
        generated.resolvedAt = resolvedAt
        generated.closedAt = closedAt
        generated.solutionId = solutionId
        generated.verdict = verdict
        generated.verdictAt = verdictAt
        return generated
    }

    /// Runs every report five times per filter and prints the median wall time.
    func time(_ database: AppDatabase, cast: SyntheticCast, now: Date) async throws {
        let admin = cast.admin
        let month = ReportFilter.lastDays(30, endingAt: now)
        let year = ReportFilter.lastDays(365, endingAt: now)
        var category = month
        category.categoryId = cast.categoryIds.first
        var agent = month
        agent.agentId = cast.agentIds.first
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

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Exponentially distributed with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(1 - unit()) * mean }
}
