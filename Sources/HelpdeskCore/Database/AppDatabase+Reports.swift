import Foundation
import GRDB

/// The reports: every figure is an SQL aggregate (GROUP BY over indexed ranges, window functions for the
/// percentiles), so a report reads at most the rows of its date range and returns a few hundred numbers, whatever the
/// size of the database.
///
/// Admins see every ticket; an agent sees only figures of their own tickets (the filter's agent is forced to them);
/// customers see no reports. Days are UTC days, the database's own time zone.
extension AppDatabase {
    /// The indexes and the suggestion-event table the reports need (migration `v5-reports`).
    static func createReportSchema(_ db: Database) throws {
        // Covers every column the reports read, so a date range is answered from the index alone.
        try db.create(
            index: "ticket_on_createdAt_reporting",
            on: "ticket",
            columns: [
                "createdAt", "categoryId", "assigneeId", "priority", "status", "firstResponseAt", "resolvedAt", "closedAt",
                "firstResponseDueAt", "resolutionDueAt",
            ]
        )
        try db.create(index: "ticket_on_resolvedAt", on: "ticket", columns: ["resolvedAt"])
        try db.create(index: "ticket_on_closedAt", on: "ticket", columns: ["closedAt"])
        try db.create(index: "ticket_on_categoryId_createdAt", on: "ticket", columns: ["categoryId", "createdAt"])
        try db.create(index: "ticket_on_assigneeId_createdAt", on: "ticket", columns: ["assigneeId", "createdAt"])
        try db.create(index: "ticket_on_assigneeId_resolvedAt", on: "ticket", columns: ["assigneeId", "resolvedAt"])
        try db.create(index: "deflection_on_at", on: "deflection", columns: ["at"])
        try db.create(index: "ticketSolution_on_linkedAt", on: "ticketSolution", columns: ["linkedAt"])
        try db.create(index: "ticketSolution_on_verdictAt", on: "ticketSolution", columns: ["verdictAt"])
        try db.create(table: "suggestionEvent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("kind", .text).notNull()
            t.belongsTo("solution", onDelete: .cascade)
            t.column("count", .integer).notNull().defaults(to: 1)
            t.column("at", .datetime).notNull().indexed()
        }
    }

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

    /// `AND …` conditions for the filter's category and agent on `ticket` (aliased `alias`), and their arguments.
    static func ticketConditions(_ filter: ReportFilter, alias: String = "ticket", agent: Bool = true) -> (String, [String: DatabaseValue]) {
        var sql = ""
        var arguments: [String: DatabaseValue] = ["from": filter.from.databaseValue, "to": filter.to.databaseValue]
        if let category = filter.categoryId {
            sql += " AND \(alias).categoryId = :category"
            arguments["category"] = category.databaseValue
        }
        if agent, let agentId = filter.agentId {
            sql += " AND \(alias).assigneeId = :agent"
            arguments["agent"] = agentId.databaseValue
        }
        return (sql, arguments)
    }

    /// GRDB arguments from report arguments (kept as `DatabaseValue`s, which are `Sendable`).
    static func statementArguments(_ arguments: [String: DatabaseValue]) -> StatementArguments {
        StatementArguments(arguments.mapValues { $0 as (any DatabaseValueConvertible)? })
    }

    /// Counts per day key (`yyyy-MM-dd`) from rows `(day, n)`.
    static func dayCounts(_ db: Database, sql: String, arguments: [String: DatabaseValue]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: Self.statementArguments(arguments)) {
            counts[row["day"] ?? ""] = row["n"]
        }
        return counts
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
        let (opened, resolved, deflected) = try await read { db in
            let opened = try Self.dayCounts(
                db,
                sql: """
                    SELECT substr(createdAt, 1, 10) AS day, COUNT(*) AS n FROM ticket
                    WHERE createdAt >= :from AND createdAt < :to\(conditions) GROUP BY day
                    """,
                arguments: arguments
            )
            let resolved = try Self.dayCounts(
                db,
                sql: """
                    SELECT substr(resolvedAt, 1, 10) AS day, COUNT(*) AS n FROM ticket
                    WHERE resolvedAt >= :from AND resolvedAt < :to\(conditions) GROUP BY day
                    """,
                arguments: arguments
            )
            var deflectionArguments: [String: DatabaseValue] = ["from": filter.from.databaseValue, "to": filter.to.databaseValue]
            var join = ""
            if let category = filter.categoryId {
                join = " CROSS JOIN solution ON solution.id = deflection.solutionId AND solution.categoryId = :category"
                deflectionArguments["category"] = category.databaseValue
            }
            let deflected = try Self.dayCounts(
                db,
                sql: """
                    SELECT substr(deflection.at, 1, 10) AS day, COUNT(*) AS n FROM deflection\(join)
                    WHERE deflection.at >= :from AND deflection.at < :to GROUP BY day
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

    /// Open tickets at the end of each day of the range: waiting for the first reply, or answered and not yet
    /// resolved. Derived from each ticket's timestamps (filed, first reply, resolved, closed) as they stand now.
    ///
    /// Only tickets filed in the range, or filed earlier and not finished before it (open now, or resolved or
    /// closed within or after the range), are read: each set comes from an index.
    public func backlogReport(_ filter: ReportFilter, for viewer: User) async throws -> [BacklogPoint] {
        let filter = try authorizedReport(filter, for: viewer)
        var (conditions, arguments) = Self.ticketConditions(filter)
        for (index, status) in TicketStatus.open.enumerated() { arguments["s\(index)"] = status.databaseValue }
        let open = TicketStatus.open.indices.map { ":s\($0)" }.joined(separator: ", ")
        // Entry times: a = filed, b = left "awaiting response" (first reply or finished), x = finished.
        let sql = """
            WITH u AS MATERIALIZED (
              SELECT createdAt, firstResponseAt, resolvedAt, closedAt FROM ticket
              WHERE createdAt >= :from AND createdAt < :to\(conditions)
              UNION ALL
              SELECT createdAt, firstResponseAt, resolvedAt, closedAt FROM ticket
              WHERE id IN (
                SELECT id FROM ticket WHERE status IN (\(open)) AND +createdAt < :from
                UNION SELECT id FROM ticket WHERE resolvedAt >= :from AND +createdAt < :from
                UNION SELECT id FROM ticket WHERE closedAt >= :from AND +createdAt < :from
              )\(conditions)
            ),
            e AS (
              SELECT createdAt AS a, firstResponseAt AS f,
                CASE WHEN resolvedAt IS NULL THEN closedAt WHEN closedAt IS NULL THEN resolvedAt
                  ELSE min(resolvedAt, closedAt) END AS x
              FROM u
            ),
            s AS (
              SELECT a, CASE WHEN f IS NULL THEN x WHEN x IS NULL THEN f ELSE min(f, x) END AS b, x FROM e
            )
            SELECT 'a' AS stage, CASE WHEN a < :from THEN '' ELSE substr(a, 1, 10) END AS day, COUNT(*) AS n
              FROM s GROUP BY day
            UNION ALL
            SELECT 'b', CASE WHEN b < :from THEN '' ELSE substr(b, 1, 10) END AS day, COUNT(*)
              FROM s WHERE b < :to GROUP BY day
            UNION ALL
            SELECT 'x', CASE WHEN x < :from THEN '' ELSE substr(x, 1, 10) END AS day, COUNT(*)
              FROM s WHERE x < :to GROUP BY day
            """
        let rows = try await read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: Self.statementArguments(arguments)).map {
                (stage: $0["stage"] as String, day: $0["day"] as String, n: $0["n"] as Int)
            }
        }
        var counts: [String: [String: Int]] = [:]
        for row in rows { counts[row.stage, default: [:]][row.day] = row.n }
        var filed = counts["a"]?[""] ?? 0
        var answered = counts["b"]?[""] ?? 0
        var finished = counts["x"]?[""] ?? 0
        return filter.days.map { day in
            let key = ReportFilter.dayKey(day)
            filed += counts["a"]?[key] ?? 0
            answered += counts["b"]?[key] ?? 0
            finished += counts["x"]?[key] ?? 0
            return BacklogPoint(day: day, awaitingResponse: filed - answered, inProgress: answered - finished)
        }
    }

    // MARK: - Speed

    /// First-response and resolution times of the tickets filed in the range: median and 90th percentile (nearest
    /// rank: the ⌈p·n⌉-th smallest) overall, per assignee and per category, and their histograms.
    /// - Complexity: one indexed range scan, materialised once; the percentiles are window functions over it.
    public func speedReport(_ filter: ReportFilter, for viewer: User) async throws -> SpeedReport {
        let filter = try authorizedReport(filter, for: viewer)
        let (conditions, arguments) = Self.ticketConditions(filter)
        // Percentiles are nearest-rank: the ⌈n/2⌉-th and ⌈0.9·n⌉-th smallest. SQLite sorts each duration once,
        // over all groups, and hands the sorted values over as a stream; each group picks its ranked values as
        // they pass (knowing its count from a GROUP BY first), and the histogram counts them on the way. Window
        // functions partitioned per group sorted every value three times per metric and cost four times as much.
        let range = "FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)"
        let countsSQL = """
            SELECT 'all' AS grp, '' AS key, COUNT(firstResponseAt) AS fr, COUNT(resolvedAt) AS res \(range)
            UNION ALL
            SELECT 'agent', CAST(assigneeId AS TEXT), COUNT(firstResponseAt), COUNT(resolvedAt) \(range)
              AND assigneeId IS NOT NULL GROUP BY assigneeId
            UNION ALL
            SELECT 'category', coalesce(categoryId, ''), COUNT(firstResponseAt), COUNT(resolvedAt) \(range)
              GROUP BY coalesce(categoryId, '')
            """
        // Durations in minutes, rounded to the millisecond the dates are stored with.
        @Sendable func sortedSQL(_ column: String) -> String {
            """
            SELECT CAST(assigneeId AS TEXT) AS agent, coalesce(categoryId, '') AS category,
              round((julianday(\(column)) - julianday(createdAt)) * 86400000.0) / 60000.0 AS v
            \(range) AND \(column) IS NOT NULL ORDER BY v
            """
        }
        struct Tally {
            var n = 0
            var seen = 0
            var stats = DurationStats(count: 0, median: nil, p90: nil)
            mutating func add(_ v: Double) {
                seen += 1
                if seen == (n + 1) / 2 { stats.median = v }
                if seen == (9 * n + 9) / 10 { stats.p90 = v }
            }
        }
        let edges = SpeedReport.binEdges.map(Double.init)
        let (stats, histograms, agentNames, categoryNames) = try await read { db in
            var tallies: [String: [String: [String: Tally]]] = [:]  // metric → grp → key
            for row in try Row.fetchAll(db, sql: countsSQL, arguments: Self.statementArguments(arguments)) {
                let grp: String = row["grp"], key: String = row["key"]
                for metric in ["fr", "res"] {
                    let n: Int = row[metric]
                    guard n > 0 else { continue }
                    tallies[metric, default: [:]][grp, default: [:]][key] = Tally(n: n, stats: DurationStats(count: n, median: nil, p90: nil))
                }
            }
            var histograms: [String: [Int: Int]] = [:]
            for (metric, column) in [("fr", "firstResponseAt"), ("res", "resolvedAt")] {
                var all = tallies[metric]?["all"]?[""] ?? Tally()
                var agents = tallies[metric]?["agent"] ?? [:]
                var categories = tallies[metric]?["category"] ?? [:]
                var bins: [Int: Int] = [:]
                let cursor = try Row.fetchCursor(db, sql: sortedSQL(column), arguments: Self.statementArguments(arguments))
                while let row = try cursor.next() {
                    let v: Double = row["v"]
                    all.add(v)
                    if let agent: String = row["agent"] { agents[agent]?.add(v) }
                    let category: String = row["category"]
                    categories[category]?.add(v)
                    bins[edges.firstIndex { v < $0 } ?? edges.count, default: 0] += 1
                }
                tallies[metric]?["all"]?[""] = all
                tallies[metric]?["agent"] = agents
                tallies[metric]?["category"] = categories
                histograms[metric] = bins
            }
            var stats: [String: [String: [String: DurationStats]]] = [:]  // grp → key → metric
            for (metric, groups) in tallies {
                for (grp, keys) in groups {
                    for (key, tally) in keys { stats[grp, default: [:]][key, default: [:]][metric] = tally.stats }
                }
            }
            let agentIds = (stats["agent"] ?? [:]).keys.compactMap { Int64($0) }
            let agents = try User.fetchAll(db, keys: agentIds)
            let categories = try Category.fetchAll(db)
            return (
                stats, histograms,
                Dictionary(uniqueKeysWithValues: agents.map { ("\($0.requiredID)", $0.name) }),
                Dictionary(uniqueKeysWithValues: categories.map { ($0.id, $0.name) })
            )
        }
        func speedRow(_ grp: String, _ key: String, label: String) -> SpeedRow {
            let metrics = stats[grp]?[key] ?? [:]
            return SpeedRow(key: key, label: label, firstResponse: metrics["fr"] ?? .empty, resolution: metrics["res"] ?? .empty)
        }
        func histogramBins(_ metric: String) -> [HistogramBin] {
            SpeedReport.binLabels.enumerated().map { index, label in
                HistogramBin(
                    label: label,
                    lowerMinutes: index == 0 ? 0 : SpeedReport.binEdges[index - 1],
                    upperMinutes: index < SpeedReport.binEdges.count ? SpeedReport.binEdges[index] : nil,
                    count: histograms[metric]?[index] ?? 0
                )
            }
        }
        let byAgent = (stats["agent"] ?? [:]).keys
            .map { speedRow("agent", $0, label: agentNames[$0] ?? "#\($0)") }
            .sorted { ($0.label, $0.key) < ($1.label, $1.key) }
        let byCategory = (stats["category"] ?? [:]).keys
            .map { speedRow("category", $0, label: $0.isEmpty ? "Uncategorised" : categoryNames[$0] ?? $0) }
            .sorted { ($0.key.isEmpty ? 1 : 0, $0.label) < ($1.key.isEmpty ? 1 : 0, $1.label) }
        return SpeedReport(
            overall: speedRow("all", "", label: "All tickets"),
            byAgent: byAgent,
            byCategory: byCategory,
            firstResponseHistogram: histogramBins("fr"),
            resolutionHistogram: histogramBins("res")
        )
    }
}
