import Foundation

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
        arguments["now"] = .date(now())
        for (index, status) in TicketStatus.open.enumerated() { arguments["s\(index)"] = .text(status.rawValue) }
        arguments["limit"] = .integer(Int64(max(0, breachLimit ?? Int(Int32.max))))
        let marked = """
            SELECT id, priority, status, createdAt,
              CASE WHEN \(Self.firstResponseBreachedSQL) THEN 1 ELSE 0 END AS fb,
              CASE WHEN \(Self.resolutionBreachedSQL) THEN 1 ELSE 0 END AS rb
            FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)
            """
        let (rows, list, total) = try await reportRead { [arguments] db in
            let counts = try db.rows(
                """
                SELECT priority, COUNT(*) AS n, SUM(fb) AS fb, SUM(rb) AS rb,
                  SUM(CASE WHEN fb = 1 OR rb = 1 THEN 1 ELSE 0 END) AS breached
                FROM (\(marked)) AS marked GROUP BY priority
                """,
                named: arguments)
            let breaches = try db.rows(
                """
                SELECT m.*, ticket.subject FROM (\(marked)) m JOIN ticket ON ticket.id = m.id
                WHERE m.fb = 1 OR m.rb = 1 ORDER BY m.createdAt DESC, m.id DESC LIMIT :limit
                """,
                named: arguments)
            let total = try counts.reduce(0) { $0 + (try $1.int("breached")) }
            let policies = try db.fetchAll(SLAPolicy.self, "SELECT * FROM slaPolicy")
            var perPriority: [String: SQLRow] = [:]
            for row in counts { perPriority[try row.string("priority")] = row }
            let rows = try TicketPriority.allCases.reversed().map { priority -> SLARow in
                let policy = policies.first { $0.priority == priority } ?? SLAPolicy.defaults.first { $0.priority == priority }!
                let row = perPriority[priority.rawValue]
                return SLARow(
                    priority: priority,
                    firstResponseMinutes: policy.firstResponseMinutes,
                    resolutionMinutes: policy.resolutionMinutes,
                    tickets: try row?.int("n") ?? 0,
                    firstResponseBreached: try row?.int("fb") ?? 0,
                    resolutionBreached: try row?.int("rb") ?? 0
                )
            }
            let list = try breaches.map { row -> SLABreach in
                let first = try row.int("fb") == 1
                let resolution = try row.int("rb") == 1
                return SLABreach(
                    ticketId: try row.int64("id"),
                    subject: try row.string("subject"),
                    priority: try row.decode(TicketPriority.self, "priority"),
                    status: try row.decode(TicketStatus.self, "status"),
                    createdAt: try row.date("createdAt"),
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
        solutionArguments["limit"] = .integer(Int64(max(0, limit)))
        solutionArguments["solved"] = .text(Verdict.solved.rawValue)
        solutionArguments["notSolved"] = .text(Verdict.notSolved.rawValue)
        let category = filter.categoryId == nil ? "" : " AND solution.categoryId = :category"
        return try await reportRead { [arguments, solutionArguments] db in
            func count(_ sql: String) throws -> Int {
                try db.rows(sql, named: arguments).first.map { try $0.int("n") } ?? 0
            }
            let deflections = try count(
                """
                SELECT COUNT(*) AS n FROM deflection \(db.dialect.orderedJoin) solution ON solution.id = deflection.solutionId
                WHERE deflection.at >= :from AND deflection.at < :to\(category)
                """)
            let opened = try count("SELECT COUNT(*) AS n FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)")
            var events: [String: Int] = [:]
            for row in try db.rows(
                "SELECT kind, SUM(count) AS n FROM suggestionEvent WHERE at >= ? AND at < ? GROUP BY kind", filter.from, filter.to)
            {
                events[try row.string("kind")] = try row.int("n")
            }
            let usage = { (row: SQLRow) in
                SolutionUsage(
                    solutionId: try row.int64("id"), title: try row.string("title"), reused: try row.int("reused"),
                    solved: try row.int("solved"), notSolved: try row.int("notSolved"))
            }
            let mostReused = try db.rows(
                """
                SELECT solution.id, solution.title, COUNT(*) AS reused,
                  SUM(CASE WHEN ticketSolution.verdict = :solved THEN 1 ELSE 0 END) AS solved,
                  SUM(CASE WHEN ticketSolution.verdict = :notSolved THEN 1 ELSE 0 END) AS notSolved
                FROM ticketSolution \(db.dialect.orderedJoin) solution ON solution.id = ticketSolution.solutionId
                WHERE ticketSolution.linkedAt >= :from AND ticketSolution.linkedAt < :to\(category)
                GROUP BY solution.id ORDER BY reused DESC, solution.id LIMIT :limit
                """,
                named: solutionArguments
            ).map(usage)
            let notWorking = try db.rows(
                """
                SELECT id, title, reuseCount AS reused, solvedCount AS solved, notSolvedCount AS notSolved FROM solution
                WHERE supersededById IS NULL AND notSolvedCount > solvedCount\(category)
                ORDER BY notSolvedCount - solvedCount DESC, notSolvedCount DESC, id LIMIT :limit
                """,
                named: solutionArguments
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
    /// - Parameter publishedOnly: the event comes from a customer or a visitor, who only see published solutions: an
    ///   unpublished one is not found either (its id would otherwise tell that a draft exists).
    public func recordSuggestionEvent(
        _ kind: SuggestionEventKind, solutionId: Int64? = nil, count: Int = 1, publishedOnly: Bool = false
    ) async throws {
        guard count > 0 else { return }
        let at = now()
        try await sqlWrite { db in
            if let solutionId {
                guard let solution = try db.find(Solution.self, id: solutionId), solution.isPublished || !publishedOnly else {
                    throw HelpdeskError.notFound(entity: "solution", id: "\(solutionId)")
                }
            }
            try db.insert(SuggestionEvent(id: nil, kind: kind, solutionId: solutionId, count: count, at: at))
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
        arguments["solved"] = .text(Verdict.solved.rawValue)
        arguments["notSolved"] = .text(Verdict.notSolved.rawValue)
        return try await reportRead { [arguments, conditions] db in
            let users =
                if let agentId = filter.agentId {
                    try db.fetchAll(User.self, #"SELECT * FROM "user" WHERE role = ? AND id = ?"#, UserRole.agent.rawValue, agentId)
                } else {
                    try db.fetchAll(User.self, #"SELECT * FROM "user" WHERE role = ? ORDER BY name, id"#, UserRole.agent.rawValue)
                }
            func perAgent(_ sql: String) throws -> [Int64: SQLRow] {
                var result: [Int64: SQLRow] = [:]
                for row in try db.rows(sql, named: arguments) {
                    if let id = try row.optionalInt64("agent") { result[id] = row }
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
                SELECT t.assigneeId AS agent, SUM(CASE WHEN s.createdAt < ts.linkedAt THEN 1 ELSE 0 END) AS n
                FROM ticket t \(db.dialect.orderedJoin) ticketSolution ts ON ts.ticketId = t.id \(db.dialect.orderedJoin) solution s ON s.id = ts.solutionId
                WHERE ts.linkedAt >= :from AND ts.linkedAt < :to AND t.assigneeId IS NOT NULL
                  AND t.resolvedAt >= :from AND t.resolvedAt < :to\(conditions)
                GROUP BY t.assigneeId
                """
            )
            let verdicts = try perAgent(
                """
                SELECT t.assigneeId AS agent, SUM(CASE WHEN ts.verdict = :solved THEN 1 ELSE 0 END) AS solved,
                  SUM(CASE WHEN ts.verdict = :notSolved THEN 1 ELSE 0 END) AS notSolved
                FROM ticketSolution ts \(db.dialect.orderedJoin) ticket t ON t.id = ts.ticketId
                WHERE ts.verdictAt >= :from AND ts.verdictAt < :to AND t.assigneeId IS NOT NULL\(conditions)
                GROUP BY t.assigneeId
                """
            )
            let open = try Self.openTicketCounts(db)
            return try users.map { user in
                let id = user.requiredID
                return AgentFigures(
                    agentId: id,
                    name: user.name,
                    isActive: user.isActive,
                    resolved: (try resolved[id]?.int("n")) ?? 0,
                    reusedSolutions: (try reused[id]?.int("n")) ?? 0,
                    solvedVerdicts: (try verdicts[id]?.int("solved")) ?? 0,
                    notSolvedVerdicts: (try verdicts[id]?.int("notSolved")) ?? 0,
                    openTickets: open[id] ?? 0,
                    capacity: user.capacity
                )
            }
        }
    }
}
