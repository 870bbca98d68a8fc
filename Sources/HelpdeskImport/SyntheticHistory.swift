import Foundation
import HelpdeskCore
import SearchEngine

/// A synthetic helpdesk history for measurements at scale (`care generate`), written through the same bulk path as
/// every import: categories, agents, customers, solutions, then tickets with their solution links, verdicts and the
/// self-service events around them.
///
/// Model (seeded, so the same settings give the same data): tickets are filed evenly over `days` days ending `now`;
/// category uniform; priority low 20 %, normal 50 %, high 20 %, urgent 10 %; assigned to a random agent (only 90 %
/// of the last week's); first reply and resolution exponentially distributed around 60 % and 50 % of the SLA targets
/// (so some miss them); tickets whose resolution falls before `now` are resolved (only 95 % of the last week's) with a
/// stored solution of their category, 80 % of those are closed two days later; 60 % get a verdict (80 % "solved").
/// Per ticket, one in four visitors was deflected before filing, each filing showed three suggestions and one in
/// three opened one.
///
/// External ids are `synthetic-…`; tickets carry the seed (`synthetic-SEED-N`), so running again with the same seed
/// adds nothing and another seed adds another history.
public struct SyntheticHistory: Sendable {
    /// How many tickets.
    public var tickets: Int
    /// Spread over this many days ending `now`.
    public var days: Int
    /// Agents in the cast.
    public var agents: Int
    /// Customers in the cast.
    public var customers: Int
    /// Categories in the cast.
    public var categories: Int
    /// Stored solutions per category.
    public var solutionsPerCategory: Int
    /// Random seed.
    public var seed: UInt64
    /// The end of the period.
    public var now: Date
    /// Records per transaction and progress.
    public var options: ImportOptions

    /// Creates a history; `tickets`, `days`, `agents`, `customers`, `categories` and `solutionsPerCategory` must be
    /// positive (`tickets` may be 0).
    public init(
        tickets: Int, days: Int = 365, agents: Int = 40, customers: Int = 2_000, categories: Int = 8,
        solutionsPerCategory: Int = 25, seed: UInt64 = 42, now: Date = Date(), options: ImportOptions = ImportOptions()
    ) {
        precondition(tickets >= 0 && days > 0 && agents > 0 && customers > 0 && categories > 0 && solutionsPerCategory > 0)
        self.tickets = tickets
        self.days = days
        self.agents = agents
        self.customers = customers
        self.categories = categories
        self.solutionsPerCategory = solutionsPerCategory
        self.seed = seed
        self.now = now
        self.options = options
    }

    /// External id of category `n` (1-based).
    public static func categoryId(_ n: Int) -> String { "synthetic-\(n)" }
    /// External id of agent `n` (1-based).
    public static func agentId(_ n: Int) -> String { "synthetic-agent-\(n)" }

    static let origin = InputLocation(file: "synthetic", line: 0)

    /// The cast: categories, agents, customers and solutions (skipped when already stored).
    func castRecords() -> [ImportRecord] {
        var records: [ImportRecord] = []
        for n in 1...categories {
            records.append(ImportRecord(.category(Category(id: Self.categoryId(n), name: "Synthetic category \(n)")), source: Self.origin))
        }
        for n in 1...agents {
            let agent = AgentRecord(
                externalId: Self.agentId(n), name: "Agent \(n)", email: "\(Self.agentId(n))@synthetic.example",
                skills: [Self.categoryId(n % categories + 1)], capacity: 40)
            records.append(ImportRecord(.agent(agent), source: Self.origin))
        }
        for n in 1...customers { records.append(ImportRecord(.customer(customer(n)), source: Self.origin)) }
        for c in 1...categories {
            for n in 1...solutionsPerCategory {
                let solution = SolutionRecord(
                    externalId: solutionId(category: c, n), title: "Synthetic answer \(n) for category \(c)",
                    steps: ["Try step one.", "Then step two."], categoryId: Self.categoryId(c),
                    author: .existing(Self.agentId(n % agents + 1)), createdAt: now.addingTimeInterval(-(Double(days) + 35) * 86_400))
                records.append(ImportRecord(.solution(solution), source: Self.origin))
            }
        }
        return records
    }

    func customer(_ n: Int) -> CustomerRecord {
        CustomerRecord(externalId: "synthetic-customer-\(n)", name: "Customer \(n)", email: "synthetic-customer-\(n)@synthetic.example")
    }

    func solutionId(category: Int, _ n: Int) -> String { "synthetic-solution-\(category)-\(n)" }

    /// Writes the cast, then the tickets in batches of `options.batchSize`.
    /// - Returns: what was added.
    public func run(into database: AppDatabase) async throws -> ImportSummary {
        let policies = Dictionary(uniqueKeysWithValues: try await database.slaPolicies().map { ($0.priority, $0) })
        var summary = try database.write(batch: castRecords(), label: "synthetic cast")
        var batcher = RecordBatcher(database: database, options: options, label: "synthetic tickets")
        batcher.phase = "generating"
        var random = SplitMix64(seed: seed)
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let step = Double(days) * 86_400 / Double(max(tickets, 1))
        for i in 0..<tickets {
            let createdAt = start.addingTimeInterval(Double(i) * step + random.unit() * step)
            let record = ticketRecord(i, createdAt: createdAt, policies: policies, random: &random)
            try batcher.add(record, rowsRead: i + 1, bytesRead: Int64(i + 1), totalBytes: Int64(tickets))
        }
        try batcher.flush(rowsRead: tickets, bytesRead: Int64(tickets), totalBytes: Int64(tickets), isFinal: true)
        summary.add(batcher.summary)
        summary.rowsRead = tickets
        return summary
    }

    /// Ticket `i`, with the self-service events around its filing.
    func ticketRecord(_ i: Int, createdAt: Date, policies: [TicketPriority: SLAPolicy], random: inout SplitMix64) -> ImportRecord {
        let category = Int(random.next() % UInt64(categories)) + 1
        let roll = random.unit()
        let priority: TicketPriority = roll < 0.2 ? .low : roll < 0.7 ? .normal : roll < 0.9 ? .high : .urgent
        let policy = policies[priority] ?? SLAPolicy.defaults.first { $0.priority == priority }!
        let firstTarget = Double(policy.firstResponseMinutes) * 60
        let resolutionTarget = Double(policy.resolutionMinutes) * 60
        // Tickets older than a week have all been picked up; newer ones may still wait in the queue.
        let settled = now.timeIntervalSince(createdAt) > 7 * 86_400
        let agent = Int(random.next() % UInt64(agents)) + 1
        let assigned = settled || random.unit() < 0.9
        var firstResponseAt: Date?
        var resolvedAt: Date?
        var closedAt: Date?
        var solution: String?
        var verdict: Verdict?
        var verdictAt: Date?
        if assigned {
            let reply = createdAt.addingTimeInterval(random.exponential(mean: firstTarget * 0.6))
            if reply < now { firstResponseAt = reply }
            let resolution = (firstResponseAt ?? reply).addingTimeInterval(random.exponential(mean: resolutionTarget * 0.5))
            if firstResponseAt != nil, resolution < now, settled || random.unit() < 0.95 {
                resolvedAt = resolution
                solution = solutionId(category: category, Int(random.next() % UInt64(solutionsPerCategory)) + 1)
                if random.unit() < 0.6 {
                    verdict = random.unit() < 0.8 ? .solved : .notSolved
                    verdictAt = min(now, resolution.addingTimeInterval(3_600))
                }
                let close = resolution.addingTimeInterval(2 * 86_400)
                if random.unit() < 0.8, close < now { closedAt = close }
            }
        }
        let status: TicketStatus =
            closedAt != nil ? .closed : resolvedAt != nil ? .resolved : firstResponseAt != nil ? .inProgress : assigned ? .assigned : .new
        var ticket = TicketRecord(
            externalId: "synthetic-\(seed)-\(i + 1)", customer: customer(Int(random.next() % UInt64(customers)) + 1),
            subject: "Synthetic request \(i + 1)", description: "Generated for measuring the reports.",
            categoryId: Self.categoryId(category), priority: priority, status: status, createdAt: createdAt,
            firstResponseAt: firstResponseAt, resolvedAt: resolvedAt, agent: assigned ? .existing(Self.agentId(agent)) : nil,
            solution: solution, verdict: verdict, closedAt: closedAt, verdictAt: verdictAt)
        func offered() -> String { solutionId(category: category, Int(random.next() % UInt64(solutionsPerCategory)) + 1) }
        if random.unit() < 0.25 {
            ticket.selfService.append(SelfServiceRecord(.deflected(solution: offered(), query: "synthetic"), at: createdAt.addingTimeInterval(-60)))
        }
        ticket.selfService.append(SelfServiceRecord(.shown(count: 3), at: createdAt.addingTimeInterval(-30)))
        if random.unit() < 1.0 / 3 {
            ticket.selfService.append(SelfServiceRecord(.opened(solution: offered()), at: createdAt.addingTimeInterval(-20)))
        }
        return ImportRecord(.ticket(ticket), source: Self.origin)
    }
}

extension SplitMix64 {
    /// Exponentially distributed with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(1 - unit()) * mean }
}
