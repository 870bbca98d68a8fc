import Foundation

extension AppDatabase {
    /// PostgreSQL: every figure in one grouped query over the range, so only the groups cross the wire (its sorts may
    /// use `reportPlannerSettings`' `work_mem`). The query sorts the durations as intervals (no arithmetic per ticket)
    /// and rounds only the chosen ones to whole milliseconds; rounding keeps the order, so the k-th smallest rounded
    /// duration is the rounded k-th smallest interval. Minutes are `ms / 60000.0` in double precision, as SQLite
    /// computes them, so both stores give the same numbers. A histogram edge of E minutes compares the interval with E
    /// minutes less half a millisecond, which is where the rounded duration reaches E.
    ///
    /// `percentile_disc(f)` returns the first value whose cumulative share reaches f: PostgreSQL takes the
    /// ⌈f·n⌉-th smallest (`ceil(f * n)` in double precision), which for 0.5 is the nearest-rank ⌈n/2⌉ and for 0.9 the
    /// ⌈0.9·n⌉ of `nearestRankStats` (the double product 0.9·n never rounds above an integer it should equal; checked
    /// for every n below 5,000,000, and the stores' answers are compared by `SpeedPercentileTests`). Ties return the
    /// tied value, as sorting does.
    static func speedGroupsInSQL(_ db: any SQLExecutor, conditions: String, arguments: [String: SQLValue]) throws -> SpeedGroups {
        /// An interval in whole milliseconds, rounded half away from zero as SQLite's `round` does.
        func milliseconds(_ interval: String) -> String { "round(EXTRACT(EPOCH FROM \(interval)) * 1000.0)::bigint" }
        func figures(_ prefix: String) -> String {
            """
            count(\(prefix)) AS \(prefix)Count,
              \(milliseconds("percentile_disc(0.5) WITHIN GROUP (ORDER BY \(prefix))")) AS \(prefix)Median,
              \(milliseconds("percentile_disc(0.9) WITHIN GROUP (ORDER BY \(prefix))")) AS \(prefix)P90
            """
        }
        func bins(_ prefix: String) -> String {
            // E minutes less half a millisecond: (60·E − 1).9995 seconds.
            let edges = SpeedReport.binEdges.map { "interval '\($0 * 60 - 1).9995 seconds'" }
            return (0...edges.count).map { index in
                var bounds: [String] = []
                if index > 0 { bounds.append("\(prefix) >= \(edges[index - 1])") }
                if index < edges.count { bounds.append("\(prefix) < \(edges[index])") }
                return "count(\(prefix)) FILTER (WHERE \(bounds.joined(separator: " AND "))) AS \(prefix)Bin\(index)"
            }.joined(separator: ",\n  ")
        }
        let sql = """
            SELECT GROUPING(assigneeId) AS overAgents, GROUPING(categoryId) AS overCategories, assigneeId, categoryId,
              \(figures("firstResponse")),
              \(figures("resolution")),
              \(bins("firstResponse")),
              \(bins("resolution"))
            FROM (
              SELECT assigneeId, coalesce(categoryId, '') AS categoryId,
                firstResponseAt - createdAt AS firstResponse, resolvedAt - createdAt AS resolution
              FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)
            ) AS durations
            WHERE firstResponse IS NOT NULL OR resolution IS NOT NULL
            GROUP BY GROUPING SETS ((), (assigneeId), (categoryId))
            """
        func minutes(_ row: SQLRow, _ column: String) throws -> Double? {
            try row.isNull(column) ? nil : Double(try row.int64(column)) / 60_000.0
        }
        func stats(_ row: SQLRow, _ prefix: String) throws -> DurationStats {
            let count = try row.int("\(prefix)Count")
            guard count > 0 else { return .empty }
            return DurationStats(count: count, median: try minutes(row, "\(prefix)Median"), p90: try minutes(row, "\(prefix)P90"))
        }
        var groups = SpeedGroups(
            all: SpeedFigures(firstResponse: .empty, resolution: .empty), byAgent: [:], byCategory: [:],
            firstResponseBins: [Int](repeating: 0, count: SpeedReport.binLabels.count),
            resolutionBins: [Int](repeating: 0, count: SpeedReport.binLabels.count))
        for row in try db.rows(sql, named: arguments) {
            let figures = SpeedFigures(firstResponse: try stats(row, "firstResponse"), resolution: try stats(row, "resolution"))
            switch (try row.int("overAgents"), try row.int("overCategories")) {
            case (1, 1):
                groups.all = figures
                groups.firstResponseBins = try (0..<SpeedReport.binLabels.count).map { try row.int("firstResponseBin\($0)") }
                groups.resolutionBins = try (0..<SpeedReport.binLabels.count).map { try row.int("resolutionBin\($0)") }
            case (0, _):
                // Unassigned tickets count overall and per category, not as an agent.
                if let agent = try row.optionalInt64("assigneeId") { groups.byAgent[agent] = figures }
            default:
                groups.byCategory[try row.string("categoryId")] = figures
            }
        }
        return groups
    }
}
