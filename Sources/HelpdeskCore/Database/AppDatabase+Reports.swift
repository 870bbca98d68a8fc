import Foundation

/// The reports: every figure is an SQL aggregate (GROUP BY over indexed ranges, or sums over the daily roll-up for the
/// backlog), except SQLite's percentiles, which sort the range's durations in memory (`AppDatabase+ReportsSpeed.swift`);
/// so a report reads at most the rows of its date range, whatever the size of the database.
///
/// Admins see every ticket; an agent sees only figures of their own tickets (the filter's agent is forced to them);
/// customers see no reports. Days are UTC days, the database's own time zone.
extension AppDatabase {
    // MARK: - Access

    /// The filter `viewer` may run: admins any, agents only their own tickets.
    /// - Throws: `.forbidden` for customers, and for an agent asking about someone else.
    func authorizedReport(_ filter: ReportFilter, for viewer: User) throws -> ReportFilter {
        switch viewer.role {
        case .admin:
            return filter
        case .agent:
            guard filter.agentId == nil || filter.agentId == viewer.id else {
                throw HelpdeskError.forbidden("Agents see only their own figures.")
            }
            var own = filter
            own.agentId = viewer.requiredID
            return own
        case .customer:
            throw HelpdeskError.forbidden("Only staff see reports.")
        }
    }

    /// Planner settings of a report's transaction on PostgreSQL, local to it (as `SET LOCAL`), each with its reason:
    /// - `random_page_cost` 1.1, as PostgreSQL's documentation advises where random reads cost about as much as
    ///   sequential ones (solid-state storage, or a working set in memory). With the default 4, the agents report's
    ///   verdict counts joined 48,000 links of a 30-day range to their tickets by reading all of the 1,000,000 tickets
    ///   (557 ms) instead of looking each up by its key (160 ms);
    /// - `work_mem` 64 MB: the speed report's percentiles sort the range's durations, which spill to disk from
    ///   150,000 durations at the default 4 MB.
    static let reportPlannerSettings: KeyValuePairs<String, String> = ["random_page_cost": "1.1", "work_mem": "64MB"]

    /// `reportPlannerSettings` in one statement (one round trip): `set_config(name, value, true)` is `SET LOCAL`.
    private static let reportPlannerStatement =
        "SELECT " + reportPlannerSettings.map { "set_config('\($0.key)', '\($0.value)', true)" }.joined(separator: ", ")

    /// Runs a report's reads in one transaction, with `reportPlannerSettings` on PostgreSQL.
    func reportRead<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        try await sqlRead { db in
            if db.dialect == .postgres { _ = try db.rows(Self.reportPlannerStatement, []) }
            return try body(db)
        }
    }

    /// `AND …` conditions for the filter's category and agent on `ticket` (aliased `alias`), and their arguments
    /// (with the range as `:from` and `:to`).
    static func ticketConditions(_ filter: ReportFilter, alias: String = "ticket", agent: Bool = true) -> (String, [String: SQLValue]) {
        var sql = ""
        var arguments: [String: SQLValue] = ["from": .date(filter.from), "to": .date(filter.to)]
        if let category = filter.categoryId {
            sql += " AND \(alias).categoryId = :category"
            arguments["category"] = .text(category)
        }
        if agent, let agentId = filter.agentId {
            sql += " AND \(alias).assigneeId = :agent"
            arguments["agent"] = .integer(agentId)
        }
        return (sql, arguments)
    }

    /// Counts per day key (`yyyy-MM-dd`) from rows `(day, n)`.
    static func dayCounts(_ db: any SQLExecutor, sql: String, arguments: [String: SQLValue]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.rows(sql, named: arguments) {
            counts[try row.optionalString("day") ?? ""] = try row.int("n")
        }
        return counts
    }

    // MARK: - The newest activity

    /// When the newest event `viewer`'s reports would count under `filter`'s category and agent happened (the date
    /// range is ignored), nil when there is none: the reports page's default range ends there when nothing happened
    /// in the last days (a store that went quiet, or a history imported or shipped from an earlier time).
    ///
    /// The events are what the pages chart: a ticket filed or resolved; for admins also a ticket closed (the backlog)
    /// and a deflection (self-service), except that closings are left out under an agent filter, where no index
    /// finds them without reading the agent's tickets.
    /// - Complexity: a look-up at the end of an index per kind of event.
    public func newestReportedActivity(_ filter: ReportFilter, for viewer: User) async throws -> Date? {
        let filter = try authorizedReport(filter, for: viewer)
        let admin = viewer.role == .admin
        return try await sqlRead { db in
            var conditions: [String] = []
            var ticketArguments: [String: SQLValue] = [:]
            if let category = filter.categoryId {
                conditions.append("categoryId = :category")
                ticketArguments["category"] = .text(category)
            }
            if let agent = filter.agentId {
                conditions.append("assigneeId = :agent")
                ticketArguments["agent"] = .integer(agent)
            }
            let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            var columns = ["createdAt", "resolvedAt"]
            if admin && filter.agentId == nil { columns.append("closedAt") }
            var statements = columns.map { ("SELECT MAX(\($0)) AS newest FROM ticket\(condition)", ticketArguments) }
            if admin, let category = filter.categoryId {
                statements.append((
                    "SELECT MAX(deflection.at) AS newest FROM deflection JOIN solution ON solution.id = deflection.solutionId "
                        + "WHERE solution.categoryId = :category", ["category": .text(category)]))
            } else if admin {
                statements.append(("SELECT MAX(deflection.at) AS newest FROM deflection", [:]))
            }
            var newest: Date?
            for (sql, arguments) in statements {
                if let date = try db.rows(sql, named: arguments).first?.optionalDate("newest") { newest = max(newest ?? date, date) }
            }
            return newest
        }
    }

    // MARK: - Volume

    /// Tickets opened and resolved, and deflections, per day or week of the range. Deflections follow the category
    /// filter (the solution's category) but not the agent filter: nobody is assigned to self-service.
    /// - Complexity: one indexed range scan per figure.
    public func volumeReport(_ filter: ReportFilter, granularity: ReportGranularity = .day, for viewer: User) async throws
        -> [VolumePoint]
    {
        let filter = try authorizedReport(filter, for: viewer)
        let (conditions, arguments) = Self.ticketConditions(filter)
        let (opened, resolved, deflected) = try await reportRead { db in
            let dialect = db.dialect
            let opened = try Self.dayCounts(
                db,
                sql: """
                    SELECT \(dialect.day("createdAt")) AS day, COUNT(*) AS n FROM ticket
                    WHERE createdAt >= :from AND createdAt < :to\(conditions) GROUP BY 1
                    """,
                arguments: arguments
            )
            let resolved = try Self.dayCounts(
                db,
                sql: """
                    SELECT \(dialect.day("resolvedAt")) AS day, COUNT(*) AS n FROM ticket
                    WHERE resolvedAt >= :from AND resolvedAt < :to\(conditions) GROUP BY 1
                    """,
                arguments: arguments
            )
            var deflectionArguments: [String: SQLValue] = ["from": .date(filter.from), "to": .date(filter.to)]
            var join = ""
            if let category = filter.categoryId {
                join = " \(dialect.orderedJoin) solution ON solution.id = deflection.solutionId AND solution.categoryId = :category"
                deflectionArguments["category"] = .text(category)
            }
            let deflected = try Self.dayCounts(
                db,
                sql: """
                    SELECT \(dialect.day("deflection.at")) AS day, COUNT(*) AS n FROM deflection\(join)
                    WHERE deflection.at >= :from AND deflection.at < :to GROUP BY 1
                    """,
                arguments: deflectionArguments
            )
            return (opened, resolved, deflected)
        }
        var points: [VolumePoint] = []
        for day in filter.days {
            let key = ReportFilter.dayKey(day)
            let point = VolumePoint(start: day, opened: opened[key] ?? 0, resolved: resolved[key] ?? 0, deflected: deflected[key] ?? 0)
            if granularity == .week, let last = points.last, Self.sameWeek(last.start, day) {
                points[points.count - 1].opened += point.opened
                points[points.count - 1].resolved += point.resolved
                points[points.count - 1].deflected += point.deflected
            } else {
                points.append(point)
            }
        }
        return points
    }

    static func sameWeek(_ a: Date, _ b: Date) -> Bool {
        ReportFilter.calendar.isDate(a, equalTo: b, toGranularity: .weekOfYear)
    }

    // MARK: - Backlog

    /// The daily roll-up behind the backlog (migration `v6-ticket-day-rollup`): per UTC day, category and assignee, the
    /// tickets filed, the tickets that left "awaiting response" (first reply, or finished unanswered) and the tickets
    /// finished (resolved or closed, whichever came first). Each ticket counts once per stage, on the day of its
    /// current timestamps and under its current category and assignee; a stage never counts before the day the
    /// ticket was filed. Tickets without a category are kept under `''`, unassigned ones under `0`. Triggers on
    /// `ticket` keep it exact on every write path; `ticketDayRollupDrift` checks that against a recomputation.
    ///
    /// SQL: the roll-up rows `(day, categoryId, assigneeId, filed, answered, finished)` that the ticket `row`
    /// contributes, times `sign`: filed on the day of `createdAt`; answered on the day of the first reply or of
    /// finishing, whichever came first; finished on the day of `resolvedAt` or `closedAt`, whichever came first
    /// (NULLs ignored). `row` is a table read through `from`: the drift check recomputes what the triggers keep.
    static func rollupContributionSQL(of row: String, sign: Int = 1, from: String = "", dialect: SQLDialect) -> String {
        let finished =
            "coalesce(\(dialect.least("\(row).resolvedAt", "\(row).closedAt")), \(row).resolvedAt, \(row).closedAt)"
        let answered =
            "coalesce(\(dialect.least("\(row).firstResponseAt", finished)), \(row).firstResponseAt, \(finished))"
        let key = "coalesce(\(row).categoryId, '') AS categoryId, coalesce(\(row).assigneeId, 0) AS assigneeId"
        return """
            SELECT \(dialect.day("\(row).createdAt")) AS day, \(key), \(sign) AS filed, 0 AS answered, 0 AS finished\(from)
            UNION ALL
            SELECT \(dialect.day(dialect.greatest("\(row).createdAt", answered))), \(key), 0, \(sign), 0\(from)
            WHERE \(answered) IS NOT NULL
            UNION ALL
            SELECT \(dialect.day(dialect.greatest("\(row).createdAt", finished))), \(key), 0, 0, \(sign)\(from)
            WHERE \(finished) IS NOT NULL
            """
    }

    /// How many roll-up keys `(day, category, assignee)` disagree with a recomputation from the tickets as they stand:
    /// 0 while the triggers keep the roll-up exact. Reads every ticket; for tests and consistency checks.
    func ticketDayRollupDrift() async throws -> Int {
        try await reportRead { db in
            Int(
                try db.int64(
                    """
                    SELECT COUNT(*) FROM (
                      SELECT day FROM (
                        SELECT day, categoryId, assigneeId, filed, answered, finished FROM ticketDayRollup
                        UNION ALL
                        \(Self.rollupContributionSQL(of: "ticket", sign: -1, from: " FROM ticket", dialect: db.dialect))
                      ) AS contribution GROUP BY day, categoryId, assigneeId
                      HAVING SUM(filed) <> 0 OR SUM(answered) <> 0 OR SUM(finished) <> 0
                    ) AS drift
                    """) ?? 0)
        }
    }

    /// Open tickets at the end of each day of the range: waiting for the first reply, or answered and not yet
    /// resolved. Derived from each ticket's timestamps (filed, first reply, resolved, closed) as they stand now.
    ///
    /// Reads the daily roll-up: one sum over the days before the range, and one per day of the range.
    /// - Complexity: proportional to the roll-up rows (days × categories × agents), not to the tickets.
    public func backlogReport(_ filter: ReportFilter, for viewer: User) async throws -> [BacklogPoint] {
        let filter = try authorizedReport(filter, for: viewer)
        var conditions = ""
        var arguments: [String: SQLValue] = [
            "from": .text(ReportFilter.dayKey(filter.from)), "to": .text(ReportFilter.dayKey(filter.to)),
        ]
        if let category = filter.categoryId {
            conditions += " AND categoryId = :category"
            arguments["category"] = .text(category)
        }
        if let agentId = filter.agentId {
            conditions += " AND assigneeId = :agent"
            arguments["agent"] = .integer(agentId)
        }
        let sql = """
            SELECT '' AS day, coalesce(SUM(filed), 0) AS filed, coalesce(SUM(answered), 0) AS answered,
              coalesce(SUM(finished), 0) AS finished
            FROM ticketDayRollup WHERE day < :from\(conditions)
            UNION ALL
            SELECT day, SUM(filed) AS filed, SUM(answered) AS answered, SUM(finished) AS finished
            FROM ticketDayRollup WHERE day >= :from AND day < :to\(conditions) GROUP BY day
            """
        let rows = try await reportRead { [arguments] db in
            try db.rows(sql, named: arguments).map {
                (
                    day: try $0.string("day"),
                    counts: (filed: try $0.int("filed"), answered: try $0.int("answered"), finished: try $0.int("finished"))
                )
            }
        }
        let counts = Dictionary(rows.map { ($0.day, $0.counts) }, uniquingKeysWith: { first, _ in first })
        var filed = counts[""]?.filed ?? 0
        var answered = counts[""]?.answered ?? 0
        var finished = counts[""]?.finished ?? 0
        return filter.days.map { day in
            let key = ReportFilter.dayKey(day)
            filed += counts[key]?.filed ?? 0
            answered += counts[key]?.answered ?? 0
            finished += counts[key]?.finished ?? 0
            return BacklogPoint(day: day, awaitingResponse: filed - answered, inProgress: answered - finished)
        }
    }
}
