import Foundation
import HelpdeskCore

/// The mustache values of the report pages: summary numbers, inline SVG charts and tables.
enum ReportsView {
    /// Most agents or categories drawn in one bar chart (the table lists all of them).
    static let maximumBars = 12

    static let dayLabel: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d"
        return formatter
    }()

    static func label(_ date: Date) -> String { dayLabel.string(from: date) }

    static func minutes(_ value: Double?) -> String { value.map(ChartFrame.minutes) ?? "–" }

    /// Values of the admin page.
    static func values(_ figures: ReportsController.Figures, parameters: ReportsController.Parameters) -> [String: Any] {
        let range = "\(label(parameters.filter.from)) – \(label(parameters.filter.lastDay))"
        var values: [String: Any] = ["range": range]
        let volume = figures.volume
        values["totals"] = [
            "opened": volume.reduce(0) { $0 + $1.opened }, "resolved": volume.reduce(0) { $0 + $1.resolved },
            "deflected": volume.reduce(0) { $0 + $1.deflected }, "breaches": figures.sla.breachCount,
        ]
        values["volumeChart"] = Charts.line(
            ChartFrame(
                id: "chart-volume",
                title: "Tickets opened, resolved and deflected \(parameters.granularity == .week ? "per week" : "per day")",
                description: "Opened \(volume.reduce(0) { $0 + $1.opened }), resolved \(volume.reduce(0) { $0 + $1.resolved }) "
                    + "and deflected \(volume.reduce(0) { $0 + $1.deflected }) between \(range)."
            ),
            labels: volume.map { label($0.start) },
            series: [
                ChartSeries(name: "Opened", values: volume.map { Double($0.opened) }),
                ChartSeries(name: "Resolved", values: volume.map { Double($0.resolved) }),
                ChartSeries(name: "Deflected", values: volume.map { Double($0.deflected) }),
            ]
        )
        let backlog = figures.backlog
        values["backlogChart"] = Charts.stackedArea(
            ChartFrame(
                id: "chart-backlog",
                title: "Open tickets at the end of each day",
                description: "Open at the end of \(label(parameters.filter.lastDay)): "
                    + "\(backlog.last.map { $0.awaitingResponse + $0.inProgress } ?? 0), of which "
                    + "\(backlog.last?.awaitingResponse ?? 0) await a first response."
            ),
            labels: backlog.map { label($0.day) },
            series: [
                ChartSeries(name: "Awaiting first response", values: backlog.map { Double($0.awaitingResponse) }),
                ChartSeries(name: "In progress", values: backlog.map { Double($0.inProgress) }),
            ]
        )
        values.merge(speedValues(figures.speed)) { $1 }
        let sla = figures.sla
        values["slaRows"] = sla.rows.map { row -> [String: Any] in
            [
                "priority": row.priority.rawValue, "firstTarget": minutes(Double(row.firstResponseMinutes)),
                "resolutionTarget": minutes(Double(row.resolutionMinutes)), "tickets": row.tickets,
                "firstBreached": row.firstResponseBreached, "resolutionBreached": row.resolutionBreached,
            ]
        }
        values["breachTable"] = ReportTables.breaches(sla.breaches).values
        values["breachCount"] = sla.breachCount
        values["breachesShown"] = sla.breaches.count
        values["breachesTruncated"] = sla.breachCount > sla.breaches.count
        let selfService = figures.selfService
        values["selfService"] = [
            "deflections": selfService.deflections, "ticketsOpened": selfService.ticketsOpened,
            "deflectionRate": ReportTables.percent(selfService.deflectionRate), "shown": selfService.suggestionsShown,
            "opened": selfService.suggestionsOpened, "clickThrough": ReportTables.percent(selfService.clickThrough),
        ]
        values["reusedTable"] = ReportTables.solutions("most-reused", selfService.mostReused).values
        values["rewriteTable"] = ReportTables.solutions("rewrite-candidates", selfService.notWorking).values
        values["agentsTable"] = ReportTables.agents(figures.agents, admin: true).values
        values["agentsChart"] = agentsChart(figures.agents)
        values["volumeTable"] = ReportTables.volume(volume, granularity: parameters.granularity).values
        values["backlogTable"] = ReportTables.backlog(backlog).values
        values["speedTable"] = ReportTables.speed(figures.speed).values
        return values
    }

    /// Every agent's resolved tickets and open load: most resolved first, then most open, then by name; counts on an
    /// axis of whole numbers.
    static func agentsChart(_ agents: [AgentFigures]) -> String {
        let ordered = agents.sorted {
            ($0.resolved, $0.openTickets) != ($1.resolved, $1.openTickets)
                ? ($0.resolved, $0.openTickets) > ($1.resolved, $1.openTickets)
                : $0.name.localizedStandardCompare($1.name) == .orderedAscending
        }
        return Charts.bars(
            ChartFrame(
                id: "chart-agents",
                title: "Resolved tickets and open load per agent",
                description: "Tickets each of the \(ViewModels.counted(ordered.count, "agent")) resolved in the range, and the open tickets they hold now."
            ),
            categories: ordered.map(\.name),
            series: [
                ChartSeries(name: "Resolved", values: ordered.map { Double($0.resolved) }),
                ChartSeries(name: "Open now", values: ordered.map { Double($0.openTickets) }),
            ]
        )
    }

    /// The speed charts and the overall figures.
    static func speedValues(_ speed: SpeedReport, own: Bool = false) -> [String: Any] {
        var values: [String: Any] = [:]
        values["overall"] = [
            "answered": speed.overall.firstResponse.count, "frMedian": minutes(speed.overall.firstResponse.median),
            "frP90": minutes(speed.overall.firstResponse.p90), "resolved": speed.overall.resolution.count,
            "resMedian": minutes(speed.overall.resolution.median), "resP90": minutes(speed.overall.resolution.p90),
        ]
        func bars(_ id: String, _ title: String, _ rows: [SpeedRow], _ metric: KeyPath<SpeedRow, DurationStats>) -> String {
            let shown = rows.filter { $0[keyPath: metric].count > 0 }.prefix(maximumBars)
            return Charts.bars(
                ChartFrame(
                    id: id,
                    title: title,
                    description: "Median and 90th percentile for \(ViewModels.counted(shown.count, "group")).",
                    format: ChartFrame.minutes
                ),
                categories: shown.map(\.label),
                series: [
                    ChartSeries(name: "Median", values: shown.map { $0[keyPath: metric].median ?? 0 }),
                    ChartSeries(name: "90th percentile", values: shown.map { $0[keyPath: metric].p90 ?? 0 }),
                ],
                integral: false
            )
        }
        if !own {
            values["frAgentChart"] = bars("chart-fr-agent", "First-response time per agent", speed.byAgent, \.firstResponse)
            values["resAgentChart"] = bars("chart-res-agent", "Resolution time per agent", speed.byAgent, \.resolution)
        }
        values["frCategoryChart"] = bars("chart-fr-category", "First-response time per category", speed.byCategory, \.firstResponse)
        values["resCategoryChart"] = bars("chart-res-category", "Resolution time per category", speed.byCategory, \.resolution)
        values["frHistogram"] = Charts.histogram(
            ChartFrame(
                id: "chart-fr-histogram",
                title: "Distribution of first-response times",
                description: "How many tickets got their first reply within each time band."
            ),
            bins: speed.firstResponseHistogram.map(\.label),
            counts: speed.firstResponseHistogram.map(\.count)
        )
        values["resHistogram"] = Charts.histogram(
            ChartFrame(
                id: "chart-res-histogram",
                title: "Distribution of resolution times",
                description: "How many tickets were resolved within each time band."
            ),
            bins: speed.resolutionHistogram.map(\.label),
            counts: speed.resolutionHistogram.map(\.count)
        )
        return values
    }

    /// Values of an agent's own page.
    static func agentValues(_ volume: [VolumePoint], speed: SpeedReport, sla: SLAReport, own: AgentFigures?) -> [String: Any] {
        var values = speedValues(speed, own: true)
        values["volumeChart"] = Charts.line(
            ChartFrame(
                id: "chart-my-volume",
                title: "My tickets: filed and resolved per day",
                description: "Filed \(volume.reduce(0) { $0 + $1.opened }) and resolved \(volume.reduce(0) { $0 + $1.resolved })."
            ),
            labels: volume.map { label($0.start) },
            series: [
                ChartSeries(name: "Filed", values: volume.map { Double($0.opened) }),
                ChartSeries(name: "Resolved", values: volume.map { Double($0.resolved) }),
            ]
        )
        if let own {
            values["own"] = [
                "resolved": own.resolved, "reused": own.reusedSolutions, "solved": own.solvedVerdicts,
                "notSolved": own.notSolvedVerdicts, "open": own.openTickets, "capacity": own.capacity,
            ]
        }
        values["breachTable"] = ReportTables.breaches(sla.breaches).values
        values["breachCount"] = sla.breachCount
        return values
    }
}
