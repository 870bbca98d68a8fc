import Foundation

/// Both durations' figures of one group of tickets.
struct SpeedFigures: Sendable, Hashable {
    /// Time to the first response.
    var firstResponse: DurationStats
    /// Time to the resolution.
    var resolution: DurationStats
}

/// The speed report's figures before names and order: overall, per assignee, per category (`""` for none), and how
/// many of all the durations fall in each of `SpeedReport.binLabels`' bins.
struct SpeedGroups: Sendable, Hashable {
    /// All tickets.
    var all: SpeedFigures
    /// Per assignee, for assigned tickets.
    var byAgent: [Int64: SpeedFigures]
    /// Per category id, `""` for uncategorised tickets.
    var byCategory: [String: SpeedFigures]
    /// Count of first-response times per bin.
    var firstResponseBins: [Int]
    /// Count of resolution times per bin.
    var resolutionBins: [Int]
}

extension AppDatabase {
    // MARK: - Speed

    /// First-response and resolution times of the tickets filed in the range: median and 90th percentile (nearest
    /// rank: the ⌈n/2⌉-th and ⌈0.9·n⌉-th smallest) overall, per assignee and per category, and their histograms.
    /// - Complexity: one scan of the range from the covering index. SQLite sorts the durations in memory, per group;
    ///   PostgreSQL computes every figure in one grouped query (`percentile_disc`), so only the groups' rows cross the
    ///   wire.
    public func speedReport(_ filter: ReportFilter, for viewer: User) async throws -> SpeedReport {
        let filter = try authorizedReport(filter, for: viewer)
        let (conditions, arguments) = Self.ticketConditions(filter)
        let (groups, agentNames, categoryNames) = try await reportRead { db in
            let groups =
                switch db.dialect {
                case .sqlite: try Self.speedGroupsInMemory(db, conditions: conditions, arguments: arguments)
                case .postgres: try Self.speedGroupsInSQL(db, conditions: conditions, arguments: arguments)
                }
            let names = try Self.names(db, of: Set(groups.byAgent.keys))
            let categories = try db.fetchAll(Category.self, "SELECT * FROM category")
            return (groups, names, Dictionary(uniqueKeysWithValues: categories.map { ($0.id, $0.name) }))
        }
        func speedRow(_ figures: SpeedFigures, key: String, label: String) -> SpeedRow {
            SpeedRow(key: key, label: label, firstResponse: figures.firstResponse, resolution: figures.resolution)
        }
        func histogram(_ counts: [Int]) -> [HistogramBin] {
            SpeedReport.binLabels.enumerated().map { index, label in
                HistogramBin(
                    label: label,
                    lowerMinutes: index == 0 ? 0 : SpeedReport.binEdges[index - 1],
                    upperMinutes: index < SpeedReport.binEdges.count ? SpeedReport.binEdges[index] : nil,
                    count: index < counts.count ? counts[index] : 0
                )
            }
        }
        let byAgentRows = groups.byAgent
            .map { id, figures in speedRow(figures, key: "\(id)", label: agentNames[id] ?? "#\(id)") }
            .sorted { ($0.label, $0.key) < ($1.label, $1.key) }
        let byCategoryRows = groups.byCategory
            .map { id, figures in speedRow(figures, key: id, label: id.isEmpty ? "Uncategorised" : categoryNames[id] ?? id) }
            .sorted { ($0.key.isEmpty ? 1 : 0, $0.label) < ($1.key.isEmpty ? 1 : 0, $1.label) }
        return SpeedReport(
            overall: speedRow(groups.all, key: "", label: "All tickets"),
            byAgent: byAgentRows,
            byCategory: byCategoryRows,
            firstResponseHistogram: histogram(groups.firstResponseBins),
            resolutionHistogram: histogram(groups.resolutionBins)
        )
    }

    /// Nearest-rank median and 90th percentile of `values`: the ⌈n/2⌉-th and ⌈0.9·n⌉-th smallest.
    /// - Complexity: O(n log n).
    static func nearestRankStats(_ values: [Double]) -> DurationStats {
        guard !values.isEmpty else { return .empty }
        let sorted = values.sorted()
        let n = sorted.count
        return DurationStats(count: n, median: sorted[(n + 1) / 2 - 1], p90: sorted[(9 * n + 9) / 10 - 1])
    }

    /// The histogram bin of a duration in minutes: the first of `SpeedReport.binEdges` above it, else the last bin.
    static func speedBin(_ minutes: Double) -> Int {
        SpeedReport.binEdges.firstIndex { minutes < Double($0) } ?? SpeedReport.binEdges.count
    }

    /// SQLite: one pass over the range hands over both durations of each ticket with its assignee and category; the
    /// values are collected per group and sorted in memory, which costs a fraction of SQLite sorting them (its sorter
    /// serialises every record). Durations in minutes, rounded to the millisecond the dates are stored with.
    static func speedGroupsInMemory(_ db: any SQLExecutor, conditions: String, arguments: [String: SQLValue]) throws -> SpeedGroups {
        /// The durations of one group, unsorted until `figures`.
        struct Samples {
            var firstResponse: [Double] = []
            var resolution: [Double] = []
            mutating func add(_ firstResponse: Double?, _ resolution: Double?) {
                if let firstResponse { self.firstResponse.append(firstResponse) }
                if let resolution { self.resolution.append(resolution) }
            }
            var figures: SpeedFigures {
                SpeedFigures(
                    firstResponse: AppDatabase.nearestRankStats(firstResponse), resolution: AppDatabase.nearestRankStats(resolution))
            }
        }
        let sql = """
            SELECT assigneeId, coalesce(categoryId, '') AS categoryId,
              \(db.dialect.minutes(from: "createdAt", to: "firstResponseAt")) AS firstResponse,
              \(db.dialect.minutes(from: "createdAt", to: "resolvedAt")) AS resolution
            FROM ticket WHERE createdAt >= :from AND createdAt < :to\(conditions)
            """
        var all = Samples()
        var byAgent: [Int64: Samples] = [:]
        var byCategory: [String: Samples] = [:]
        for row in try db.rows(sql, named: arguments) {
            let firstResponse = try row.isNull("firstResponse") ? nil : try row.double("firstResponse")
            let resolution = try row.isNull("resolution") ? nil : try row.double("resolution")
            guard firstResponse != nil || resolution != nil else { continue }
            all.add(firstResponse, resolution)
            if let agent = try row.optionalInt64("assigneeId") {
                byAgent[agent, default: Samples()].add(firstResponse, resolution)
            }
            byCategory[try row.string("categoryId"), default: Samples()].add(firstResponse, resolution)
        }
        func bins(_ values: [Double]) -> [Int] {
            var counts = [Int](repeating: 0, count: SpeedReport.binLabels.count)
            for v in values { counts[speedBin(v)] += 1 }
            return counts
        }
        return SpeedGroups(
            all: all.figures, byAgent: byAgent.mapValues(\.figures), byCategory: byCategory.mapValues(\.figures),
            firstResponseBins: bins(all.firstResponse), resolutionBins: bins(all.resolution))
    }
}
