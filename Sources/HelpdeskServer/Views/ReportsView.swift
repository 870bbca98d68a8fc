import Foundation
import HelpdeskCore

/// Builds the report pages' figures: summary numbers, inline SVG charts and tables.
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

    /// The figures of the admin's reports page.
    static func figures(_ figures: ReportsController.Figures, parameters: ReportsController.Parameters) -> ReportFigures {
        let range = range(parameters)
        let volume = figures.volume
        let opened = volume.reduce(0) { $0 + $1.opened }
        let resolved = volume.reduce(0) { $0 + $1.resolved }
        let deflected = volume.reduce(0) { $0 + $1.deflected }
        let volumeChart = Charts.line(
            ChartFrame(
                id: "chart-volume",
                title: "Tickets opened, resolved and deflected \(parameters.granularity == .week ? "per week" : "per day")",
                description: "Opened \(opened), resolved \(resolved) and deflected \(deflected) between \(range)."
            ),
            labels: volume.map { label($0.start) },
            series: [
                ChartSeries(name: "Opened", values: volume.map { Double($0.opened) }),
                ChartSeries(name: "Resolved", values: volume.map { Double($0.resolved) }),
                ChartSeries(name: "Deflected", values: volume.map { Double($0.deflected) }),
            ]
        )
        let backlog = figures.backlog
        let backlogChart = Charts.stackedArea(
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
        let sla = figures.sla
        let selfService = figures.selfService
        return ReportFigures(
            totals: .init(opened: opened, resolved: resolved, deflected: deflected, breaches: sla.breachCount),
            volumeChart: volumeChart,
            backlogChart: backlogChart,
            speed: speedFigures(figures.speed),
            slaRows: sla.rows.map {
                ReportFigures.SLARow(
                    priority: $0.priority.rawValue, firstTarget: minutes(Double($0.firstResponseMinutes)),
                    resolutionTarget: minutes(Double($0.resolutionMinutes)), tickets: $0.tickets,
                    firstBreached: $0.firstResponseBreached, resolutionBreached: $0.resolutionBreached
                )
            },
            breachTable: ReportTables.breaches(sla.breaches).view,
            breachCount: sla.breachCount,
            breachesShown: sla.breaches.count,
            breachesTruncated: sla.breachCount > sla.breaches.count,
            selfService: .init(
                deflections: selfService.deflections, ticketsOpened: selfService.ticketsOpened,
                deflectionRate: ReportTables.percent(selfService.deflectionRate), shown: selfService.suggestionsShown,
                opened: selfService.suggestionsOpened, clickThrough: ReportTables.percent(selfService.clickThrough)
            ),
            reusedTable: ReportTables.solutions("most-reused", selfService.mostReused).view,
            rewriteTable: ReportTables.solutions("rewrite-candidates", selfService.notWorking).view,
            agentsTable: ReportTables.agents(figures.agents, admin: true).view,
            agentsChart: agentsChart(figures.agents),
            volumeTable: ReportTables.volume(volume, granularity: parameters.granularity).view,
            backlogTable: ReportTables.backlog(backlog).view,
            speedTable: ReportTables.speed(figures.speed).view
        )
    }

    /// The range a report covers, as its heading shows it ("Nov 3 – Dec 2").
    static func range(_ parameters: ReportsController.Parameters) -> String {
        "\(label(parameters.filter.from)) – \(label(parameters.filter.lastDay))"
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

    /// The speed charts and the overall figures; per agent only on the admin's page.
    static func speedFigures(_ speed: SpeedReport, own: Bool = false) -> SpeedFigures {
        let overall = SpeedFigures.Overall(
            answered: speed.overall.firstResponse.count, frMedian: minutes(speed.overall.firstResponse.median),
            frP90: minutes(speed.overall.firstResponse.p90), resolved: speed.overall.resolution.count,
            resMedian: minutes(speed.overall.resolution.median), resP90: minutes(speed.overall.resolution.p90)
        )
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
        return SpeedFigures(
            overall: overall,
            frAgentChart: own ? nil : bars("chart-fr-agent", "First-response time per agent", speed.byAgent, \.firstResponse),
            resAgentChart: own ? nil : bars("chart-res-agent", "Resolution time per agent", speed.byAgent, \.resolution),
            frCategoryChart: bars("chart-fr-category", "First-response time per category", speed.byCategory, \.firstResponse),
            resCategoryChart: bars("chart-res-category", "Resolution time per category", speed.byCategory, \.resolution),
            frHistogram: Charts.histogram(
                ChartFrame(
                    id: "chart-fr-histogram",
                    title: "Distribution of first-response times",
                    description: "How many tickets got their first reply within each time band."
                ),
                bins: speed.firstResponseHistogram.map(\.label),
                counts: speed.firstResponseHistogram.map(\.count)
            ),
            resHistogram: Charts.histogram(
                ChartFrame(
                    id: "chart-res-histogram",
                    title: "Distribution of resolution times",
                    description: "How many tickets were resolved within each time band."
                ),
                bins: speed.resolutionHistogram.map(\.label),
                counts: speed.resolutionHistogram.map(\.count)
            )
        )
    }

    /// The figures of an agent's own page.
    static func agentFigures(_ volume: [VolumePoint], speed: SpeedReport, sla: SLAReport, own: AgentFigures?) -> OwnFigures {
        OwnFigures(
            own: own.map {
                OwnFigures.Own(
                    resolved: $0.resolved, reused: $0.reusedSolutions, solved: $0.solvedVerdicts,
                    notSolved: $0.notSolvedVerdicts, open: $0.openTickets, capacity: $0.capacity
                )
            },
            volumeChart: Charts.line(
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
            ),
            speed: speedFigures(speed, own: true),
            breachTable: ReportTables.breaches(sla.breaches).view,
            breachCount: sla.breachCount
        )
    }
}
