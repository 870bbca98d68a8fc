import Foundation
import HelpdeskCore

/// One table of a report: shown on the page and downloadable as CSV with the same columns and text.
struct ReportTable {
    /// A cell: its text, and a link on the page.
    struct Cell {
        var text: String
        var href: String?
    }

    /// The CSV file stem, e.g. `volume`.
    var name: String
    /// Column names.
    var header: [String]
    /// The rows.
    var rows: [[Cell]]

    /// The table as a page shows it (`report-table.mustache`).
    var view: ReportTableView {
        ReportTableView(name: name, header: header, hasRows: !rows.isEmpty, rows: rows.map { ReportTableView.Row(cells: $0) })
    }

    /// The CSV download of the table for `filter`.
    func csv(_ filter: ReportFilter) -> CSV {
        let range = "\(ReportFilter.dayKey(filter.from))_\(ReportFilter.dayKey(filter.lastDay))"
        return CSV(filename: "\(name)-\(range).csv", header: header, rows: rows.map { $0.map(\.text) })
    }
}

/// Builds the report tables from the core's figures.
enum ReportTables {
    static func cell(_ text: String, _ href: String? = nil) -> ReportTable.Cell { .init(text: text, href: href) }
    static func cell(_ number: Int) -> ReportTable.Cell { .init(text: "\(number)") }

    /// A duration in whole minutes, empty when unknown.
    static func minutes(_ value: Double?) -> ReportTable.Cell {
        .init(text: value.map { String(Int($0.rounded())) } ?? "")
    }

    /// A ratio as a percentage with one decimal, empty when unknown.
    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    static func volume(_ points: [VolumePoint], granularity: ReportGranularity) -> ReportTable {
        ReportTable(
            name: "volume",
            header: [granularity == .week ? "week starting" : "day", "opened", "resolved", "deflected"],
            rows: points.map { [cell(ReportFilter.dayKey($0.start)), cell($0.opened), cell($0.resolved), cell($0.deflected)] }
        )
    }

    static func backlog(_ points: [BacklogPoint]) -> ReportTable {
        ReportTable(
            name: "backlog",
            header: ["day", "awaiting first response", "in progress", "open"],
            rows: points.map {
                [cell(ReportFilter.dayKey($0.day)), cell($0.awaitingResponse), cell($0.inProgress), cell($0.awaitingResponse + $0.inProgress)]
            }
        )
    }

    static func speed(_ report: SpeedReport) -> ReportTable {
        let groups = [("all", [report.overall]), ("agent", report.byAgent), ("category", report.byCategory)]
        return ReportTable(
            name: "speed",
            header: [
                "group", "name", "answered", "first response median (min)", "first response p90 (min)", "resolved",
                "resolution median (min)", "resolution p90 (min)",
            ],
            rows: groups.flatMap { group, rows in
                rows.map {
                    [
                        cell(group), cell($0.label), cell($0.firstResponse.count), minutes($0.firstResponse.median),
                        minutes($0.firstResponse.p90), cell($0.resolution.count), minutes($0.resolution.median), minutes($0.resolution.p90),
                    ]
                }
            }
        )
    }

    static func sla(_ report: SLAReport) -> ReportTable {
        ReportTable(
            name: "sla",
            header: ["priority", "first response target (min)", "resolution target (min)", "tickets", "first response breached", "resolution breached"],
            rows: report.rows.map {
                [
                    cell($0.priority.rawValue), cell($0.firstResponseMinutes), cell($0.resolutionMinutes), cell($0.tickets),
                    cell($0.firstResponseBreached), cell($0.resolutionBreached),
                ]
            }
        )
    }

    static func breaches(_ breaches: [SLABreach]) -> ReportTable {
        ReportTable(
            name: "breaches",
            header: ["ticket", "subject", "priority", "status", "filed", "missed"],
            rows: breaches.map {
                let missed =
                    switch $0.kind {
                    case .firstResponse: "first response"
                    case .resolution: "resolution"
                    case .both: "first response and resolution"
                    }
                return [
                    cell("#\($0.ticketId)", "/agent/tickets/\($0.ticketId)"), cell($0.subject, "/agent/tickets/\($0.ticketId)"),
                    cell($0.priority.rawValue), cell($0.status.rawValue), cell($0.createdAt.formatted(.iso8601)), cell(missed),
                ]
            }
        )
    }

    static func solutions(_ name: String, _ usage: [SolutionUsage]) -> ReportTable {
        ReportTable(
            name: name,
            header: ["solution", "title", "reused", "solved", "not solved"],
            rows: usage.map {
                [
                    cell("\($0.solutionId)", "/agent/solutions/\($0.solutionId)"), cell($0.title, "/agent/solutions/\($0.solutionId)"),
                    cell($0.reused), cell($0.solved), cell($0.notSolved),
                ]
            }
        )
    }

    static func agents(_ figures: [AgentFigures], admin: Bool) -> ReportTable {
        ReportTable(
            name: "agents",
            header: ["agent", "resolved", "reused a stored solution", "solved verdicts", "not solved verdicts", "open tickets", "capacity"],
            rows: figures.map {
                [
                    cell($0.name + ($0.isActive ? "" : " (deactivated)"), admin ? "/admin/agents/\($0.agentId)" : nil), cell($0.resolved),
                    cell($0.reusedSolutions), cell($0.solvedVerdicts), cell($0.notSolvedVerdicts), cell($0.openTickets), cell($0.capacity),
                ]
            }
        )
    }
}
