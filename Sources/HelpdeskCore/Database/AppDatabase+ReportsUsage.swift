import Foundation
import GRDB

/// Reports on service levels, self-service and agents (see `AppDatabase+Reports.swift` for access and ranges).
extension AppDatabase {
    // MARK: - SLA

    /// SQL: the ticket missed, or is past and still missing, its first-response target at `:now`.
    static let firstResponseBreachedSQL = """
        ((firstResponseAt IS NOT NULL AND firstResponseAt > firstResponseDueAt)
          OR (firstResponseAt IS NULL AND status IN (:s0, :s1, :s2, :s3) AND firstResponseDueAt < :now))
        """
    /// SQL: the ticket missed, or is past and still missing, its resolution target at `:now`.
    static let resolutionBreachedSQL = """
        ((resolvedAt IS NOT NULL AND resolvedAt > resolutionDueAt)
          OR (resolvedAt IS NULL AND status IN (:s0, :s1, :s2, :s3) AND resolutionDueAt < :now))
        """

    /// The SLA targets per priority with how many tickets filed in the range missed them (the same rule as
    /// `Ticket.isFirstResponseBreached(at:)` and `isResolutionBreached(at:)`), and the breached tickets newest first.
    /// - Parameter breachLimit: most breached tickets to list; nil lists all of them (for the CSV download).
    public func slaReport(_ filter: ReportFilter, breachLimit: Int? = 50, for viewer: User) async throws -> SLAReport {
        let filter = try authorizedReport(filter, for: viewer)
        var (conditions, arguments) = Self.ticketConditions(filter)
        arguments["now"] = (now()).databaseValue
        for (index, status) in TicketStatus.open.enumerated() { arguments["s\(index)"] = status.databaseValue }
        arguments["limit"] = (breachLimit ?? -1).databaseValue
        let marked = """
            SELECT id, priority, status, createdAt,
              CASE WHEN \(Self.firstResponseBreachedSQL) THEN 1 ELSE 0 END AS fb,
              CASE WHEN \(Self.resolutionBreachedSQL) THEN 1 ELSE 0 END AS rb
            FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)
            """
        let (rows, list, total) = try await read { [arguments] db in
            let counts = try Row.fetchAll(
                db,
                sql: "SELECT priority, COUNT(*) AS n, SUM(fb) AS fb, SUM(rb) AS rb, SUM(fb = 1 OR rb = 1) AS breached FROM (\(marked)) GROUP BY priority",
                arguments: Self.statementArguments(arguments)
            )
            let breaches = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.*, ticket.subject FROM (\(marked)) m JOIN ticket ON ticket.id = m.id
                    WHERE m.fb = 1 OR m.rb = 1 ORDER BY m.createdAt DESC, m.id DESC LIMIT :limit
                    """,
                arguments: Self.statementArguments(arguments)
            )
            let total = counts.reduce(0) { $0 + ($1["breached"] as Int) }
            let policies = try SLAPolicy.fetchAll(db)
            var perPriority: [String: Row] = [:]
            for row in counts { perPriority[row["priority"]] = row }
            let rows = TicketPriority.allCases.reversed().map { priority -> SLARow in
                let policy = policies.first { $0.priority == priority } ?? SLAPolicy.defaults.first { $0.priority == priority }!
                let row = perPriority[priority.rawValue]
                return SLARow(
                    priority: priority,
                    firstResponseMinutes: policy.firstResponseMinutes,
                    resolutionMinutes: policy.resolutionMinutes,
                    tickets: row?["n"] ?? 0,
                    firstResponseBreached: row?["fb"] ?? 0,
                    resolutionBreached: row?["rb"] ?? 0
                )
            }
            let list = breaches.map { row -> SLABreach in
                let first: Bool = row["fb"]
                let resolution: Bool = row["rb"]
                return SLABreach(
                    ticketId: row["id"],
                    subject: row["subject"],
                    priority: row["priority"],
                    status: row["status"],
                    createdAt: row["createdAt"],
                    kind: first && resolution ? .both : first ? .firstResponse : .resolution
                )
            }
            return (rows, list, total)
        }
        return SLAReport(rows: rows, breaches: list, breachCount: total)
    }

    // MARK: - Self-service

    // The joins below are CROSS JOINs so that SQLite keeps the date-ranged table as the outer loop (it would otherwise
    // be free to walk every solution and all of its rows).

    /// Deflections against tickets filed, suggestion click-through, the solutions most reused in the range and those
    /// whose verdicts say they do not work. Follows the category filter; self-service has no agent, so the agent
    /// filter does not apply, and click-through counts every suggestion whatever its category.
    /// - Parameter limit: rows of each solution list.
    public func selfServiceReport(_ filter: ReportFilter, limit: Int = 10, for viewer: User) async throws -> SelfServiceReport {
        let filter = try authorizedReport(filter, for: viewer)
        guard viewer.role == .admin else { throw HelpdeskError.forbidden("Only admins see the self-service report.") }
        // The suggestions shown are counted in memory between flushes: write them first, so the figure is exact.
        try await flushSuggestionsShown()
        let (conditions, arguments) = Self.ticketConditions(filter, agent: false)
        var solutionArguments = arguments
        solutionArguments["limit"] = (limit).databaseValue
        solutionArguments["solved"] = (Verdict.solved).databaseValue
        solutionArguments["notSolved"] = (Verdict.notSolved).databaseValue
        let category = filter.categoryId == nil ? "" : " AND solution.categoryId = :category"
        return try await read { [arguments, solutionArguments] db in
            let deflections =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM deflection CROSS JOIN solution ON solution.id = deflection.solutionId
                        WHERE deflection.at >= :from AND deflection.at < :to\(category)
                        """,
                    arguments: Self.statementArguments(arguments)
                ) ?? 0
            let opened =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)",
                    arguments: Self.statementArguments(arguments)
                ) ?? 0
            var events: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT kind, SUM(count) AS n FROM suggestionEvent WHERE at >= :from AND at < :to GROUP BY kind",
                arguments: ["from": filter.from.databaseValue, "to": filter.to.databaseValue]
            ) {
                events[row["kind"]] = row["n"]
            }
            let usage = { (row: Row) in
                SolutionUsage(solutionId: row["id"], title: row["title"], reused: row["reused"], solved: row["solved"], notSolved: row["notSolved"])
            }
            let mostReused = try Row.fetchAll(
                db,
                sql: """
                    SELECT solution.id, solution.title, COUNT(*) AS reused,
                      SUM(ticketSolution.verdict IS :solved) AS solved, SUM(ticketSolution.verdict IS :notSolved) AS notSolved
                    FROM ticketSolution CROSS JOIN solution ON solution.id = ticketSolution.solutionId
                    WHERE ticketSolution.linkedAt >= :from AND ticketSolution.linkedAt < :to\(category)
                    GROUP BY solution.id ORDER BY reused DESC, solution.id LIMIT :limit
                    """,
                arguments: Self.statementArguments(solutionArguments)
            ).map(usage)
            let notWorking = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, title, reuseCount AS reused, solvedCount AS solved, notSolvedCount AS notSolved FROM solution
                    WHERE supersededById IS NULL AND notSolvedCount > solvedCount\(category)
                    ORDER BY notSolvedCount - solvedCount DESC, notSolvedCount DESC, id LIMIT :limit
                    """,
                arguments: Self.statementArguments(solutionArguments)
            ).map(usage)
            return SelfServiceReport(
                deflections: deflections,
                ticketsOpened: opened,
                suggestionsShown: events[SuggestionEventKind.shown.rawValue] ?? 0,
                suggestionsOpened: events[SuggestionEventKind.opened.rawValue] ?? 0,
                mostReused: mostReused,
                notWorking: notWorking
            )
        }
    }

    /// Records that suggestions were listed (`count` of them) or that one was opened; feeds the click-through figure.
    public func recordSuggestionEvent(_ kind: SuggestionEventKind, solutionId: Int64? = nil, count: Int = 1) async throws {
        guard count > 0 else { return }
        let at = now()
        try await writeWithoutIndex { db in
            if let solutionId, try Solution.fetchOne(db, key: solutionId) == nil {
                throw HelpdeskError.notFound(entity: "solution", id: "\(solutionId)")
            }
            var event = SuggestionEvent(id: nil, kind: kind, solutionId: solutionId, count: count, at: at)
            try event.insert(db)
        }
    }

    // MARK: - Agents

    /// Per agent: tickets resolved in the range, how many of those resolutions reused a stored solution (one that
    /// existed before), the verdicts given in the range on their tickets, and their open tickets against capacity
    /// now. Attributed to the ticket's current assignee. Admins see every agent, an agent only themselves.
    public func agentFigures(_ filter: ReportFilter, for viewer: User) async throws -> [AgentFigures] {
        let filter = try authorizedReport(filter, for: viewer)
        // The agent filter also narrows the SQL (only that agent's row is shown), so that it reads from an index.
        var (conditions, arguments) = Self.ticketConditions(filter, alias: "t")
        arguments["solved"] = (Verdict.solved).databaseValue
        arguments["notSolved"] = (Verdict.notSolved).databaseValue
        return try await read { [arguments, conditions] db in
            var agents = User.filter(User.Columns.role == UserRole.agent)
            if let agentId = filter.agentId { agents = agents.filter(key: agentId) }
            let users = try agents.order(User.Columns.name).fetchAll(db)
            func perAgent(_ sql: String) throws -> [Int64: Row] {
                var result: [Int64: Row] = [:]
                for row in try Row.fetchAll(db, sql: sql, arguments: Self.statementArguments(arguments)) {
                    if let id: Int64 = row["agent"] { result[id] = row }
                }
                return result
            }
            let resolved = try perAgent(
                """
                SELECT t.assigneeId AS agent, COUNT(*) AS n FROM ticket t
                WHERE t.resolvedAt >= :from AND t.resolvedAt < :to AND t.assigneeId IS NOT NULL\(conditions)
                GROUP BY t.assigneeId
                """
            )
            let reused = try perAgent(
                """
                SELECT t.assigneeId AS agent, SUM(s.createdAt < ts.linkedAt) AS n
                FROM ticket t CROSS JOIN ticketSolution ts ON ts.ticketId = t.id CROSS JOIN solution s ON s.id = ts.solutionId
                WHERE ts.linkedAt >= :from AND ts.linkedAt < :to AND t.assigneeId IS NOT NULL
                  AND t.resolvedAt >= :from AND t.resolvedAt < :to\(conditions)
                GROUP BY t.assigneeId
                """
            )
            let verdicts = try perAgent(
                """
                SELECT t.assigneeId AS agent, SUM(ts.verdict = :solved) AS solved, SUM(ts.verdict = :notSolved) AS notSolved
                FROM ticketSolution ts CROSS JOIN ticket t ON t.id = ts.ticketId
                WHERE ts.verdictAt >= :from AND ts.verdictAt < :to AND t.assigneeId IS NOT NULL\(conditions)
                GROUP BY t.assigneeId
                """
            )
            let open = try Self.openTicketCounts(db)
            return users.map { user in
                let id = user.requiredID
                return AgentFigures(
                    agentId: id,
                    name: user.name,
                    isActive: user.isActive,
                    resolved: resolved[id]?["n"] ?? 0,
                    reusedSolutions: reused[id]?["n"] ?? 0,
                    solvedVerdicts: verdicts[id]?["solved"] ?? 0,
                    notSolvedVerdicts: verdicts[id]?["notSolved"] ?? 0,
                    openTickets: open[id] ?? 0,
                    capacity: user.capacity
                )
            }
        }
    }
}
