import Foundation

/// A report table as a page shows it (`report-table.mustache`); its CSV comes from the same `ReportTable`.
struct ReportTableView {
    struct Row {
        var cells: [ReportTable.Cell]
    }

    var name: String
    var header: [String]
    var hasRows: Bool
    var rows: [Row]
}

/// A report's date range as its form shows it.
struct DateRangeForm {
    var from: String
    var to: String
}

/// The speed figures and charts: overall medians and 90th percentiles, the charts per agent (the admin's page only)
/// and per category, and the two histograms.
struct SpeedFigures {
    struct Overall {
        var answered: Int
        var frMedian: String
        var frP90: String
        var resolved: Int
        var resMedian: String
        var resP90: String
    }

    var overall: Overall
    var frAgentChart: String?
    var resAgentChart: String?
    var frCategoryChart: String
    var resCategoryChart: String
    var frHistogram: String
    var resHistogram: String
}

/// The admin's reports page (`reports.mustache`): the filter form, and the figures once the filter is valid.
struct ReportsPage: FormPage {
    var form: DateRangeForm
    var categoryOptions: [OptionRow]
    var agentOptions: [OptionRow]
    var granularityOptions: [OptionRow]
    /// "Nov 3 – Dec 2".
    var range: String?
    /// Why the range is not the last days (`ReportsController.quietRangeMoved`).
    var notice: RangeNotice?
    /// The filter as a query string, for the CSV links.
    var query: String?
    var figures: ReportFigures?
    var error: String?
    var errors: [String: String]?
}

/// The figures of the reports page: totals, volume and backlog, speed, service levels, self-service and agents.
struct ReportFigures {
    struct Totals {
        var opened: Int
        var resolved: Int
        var deflected: Int
        var breaches: Int
    }

    /// One priority's targets and how often they were missed.
    struct SLARow {
        var priority: String
        var firstTarget: String
        var resolutionTarget: String
        var tickets: Int
        var firstBreached: Int
        var resolutionBreached: Int
    }

    struct SelfService {
        var deflections: Int
        var ticketsOpened: Int
        var deflectionRate: String
        var shown: Int
        var opened: Int
        var clickThrough: String
    }

    var totals: Totals
    var volumeChart: String
    var backlogChart: String
    var speed: SpeedFigures
    var slaRows: [SLARow]
    var breachTable: ReportTableView
    var breachCount: Int
    var breachesShown: Int
    /// Only the newest breaches are listed (the CSV has all).
    var breachesTruncated: Bool
    var selfService: SelfService
    var reusedTable: ReportTableView
    var rewriteTable: ReportTableView
    var agentsTable: ReportTableView
    var agentsChart: String
    var volumeTable: ReportTableView
    var backlogTable: ReportTableView
    var speedTable: ReportTableView
}

/// Why a report shows other days than the last ones, with a link to the last ones.
struct RangeNotice: Equatable {
    var text: String
    var link: String
    var linkText: String
}

/// An agent's own figures (`agent-figures.mustache`): the date form, and the figures once the range is valid.
struct AgentFiguresPage: FormPage {
    var form: DateRangeForm
    /// Why the range is not the last days (`ReportsController.quietRangeMoved`).
    var notice: RangeNotice?
    var figures: OwnFigures?
    var error: String?
    var errors: [String: String]?
}

/// What an agent sees of their own work: totals, their tickets' volume and speed, and the targets they missed.
struct OwnFigures {
    struct Own {
        var resolved: Int
        var reused: Int
        var solved: Int
        var notSolved: Int
        var open: Int
        var capacity: Int
    }

    var own: Own?
    var volumeChart: String
    var speed: SpeedFigures
    var breachTable: ReportTableView
    var breachCount: Int
}
