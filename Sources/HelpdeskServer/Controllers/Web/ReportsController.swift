import Foundation
import HelpdeskCore
import Hummingbird

/// The reports: `/admin/reports` (admins: volume, backlog, speed, SLA, self-service and agents over a date range,
/// filtered by category and agent, each chart an inline SVG and each table a CSV download at
/// `/admin/reports/<table>.csv`), and `/agent/figures` (an agent's own figures). Other roles get 404, like the other
/// admin and console pages; anonymous visitors are sent to the login page.
struct ReportsController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Days covered when the request names none.
    static let defaultDays = 30

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/reports", use: page)
        group.get("admin/reports/:file", use: download)
        group.get("agent/figures", use: agentPage)
    }

    func requireAdmin(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role == .admin else { throw ServerError.notFound }
        return user
    }

    // MARK: - Parameters

    /// The query parameters, as typed and as understood.
    struct Parameters {
        var from = ""
        var to = ""
        var category = ""
        var agent = ""
        var granularity = ReportGranularity.day
        var filter: ReportFilter
        /// The request named neither end of the range (blank counts as unnamed), so the range is the default one.
        var namedNoDates = true

        /// Reads `from`, `to` (`yyyy-MM-dd`), `category`, `agent` and `granularity` (`day` or `week`); the default
        /// range is the last `defaultDays` days.
        /// - Throws: `.invalidInput` naming the field.
        init(_ query: [String: String], now: Date, categories: [String: String]) throws {
            from = (query["from"] ?? "").trimmingCharacters(in: .whitespaces)
            to = (query["to"] ?? "").trimmingCharacters(in: .whitespaces)
            namedNoDates = from.isEmpty && to.isEmpty
            category = query["category"] ?? ""
            agent = (query["agent"] ?? "").trimmingCharacters(in: .whitespaces)
            filter = ReportFilter.lastDays(ReportsController.defaultDays, endingAt: now)
            let lastDay = try Self.day(to, field: "to") ?? now
            let firstDay =
                try Self.day(from, field: "from")
                ?? ReportFilter.calendar.date(byAdding: .day, value: -(ReportsController.defaultDays - 1), to: lastDay) ?? lastDay
            if let raw = query["granularity"], !raw.isEmpty {
                guard let value = ReportGranularity(rawValue: raw) else {
                    throw HelpdeskError.invalidInput(field: "granularity", message: "Use day or week.")
                }
                granularity = value
            }
            var agentId: Int64?
            if !agent.isEmpty {
                guard let id = Int64(agent), id > 0 else {
                    throw HelpdeskError.invalidInput(field: "agent", message: "Choose an agent from the list.")
                }
                agentId = id
            }
            if !category.isEmpty, categories[category] == nil {
                throw HelpdeskError.invalidInput(field: "category", message: "Choose a category from the list.")
            }
            filter = try ReportFilter(firstDay: firstDay, lastDay: lastDay, categoryId: category.isEmpty ? nil : category, agentId: agentId)
            from = ReportFilter.dayKey(filter.from)
            to = ReportFilter.dayKey(filter.lastDay)
        }

        static func day(_ text: String, field: String) throws -> Date? {
            guard !text.isEmpty else { return nil }
            guard let day = ReportFilter.parseDay(text) else {
                throw HelpdeskError.invalidInput(field: field, message: "Use a date like 2026-01-31.")
            }
            return day
        }

        /// The query string that reproduces this filter (for the CSV links).
        var queryString: String {
            var pairs = [("from", from), ("to", to), ("granularity", granularity.rawValue)]
            if !category.isEmpty { pairs.append(("category", category)) }
            if !agent.isEmpty { pairs.append(("agent", agent)) }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        }
    }

    /// The parameters of a request that names no dates, moved to end on the day of the newest activity `viewer`'s
    /// reports count (`AppDatabase.newestReportedActivity`) when none happened in the default range (a store that went
    /// quiet, or a history imported or shipped from an earlier time), with the notice saying so and linking to the
    /// default range (named, so that it stays); `parameters` unchanged and no notice otherwise.
    func quietRangeMoved(_ parameters: Parameters, query: [String: String], viewer: User, categories: [String: String], path: String)
        async throws -> (parameters: Parameters, notice: RangeNotice?)
    {
        guard parameters.namedNoDates,
            let newest = try await database.newestReportedActivity(parameters.filter, for: viewer), newest < parameters.filter.from
        else { return (parameters, nil) }
        var moved = query
        moved["to"] = ReportFilter.dayKey(newest)
        let shown = try Parameters(moved, now: Date(), categories: categories)
        let days = Self.defaultDays
        let notice = RangeNotice(
            text: "Nothing happened in the last \(days) days, so these are the \(days) days up to the newest activity, on "
                + "\(CustomerListView.day(newest)).",
            link: "\(path)?\(parameters.queryString)",
            linkText: "Show the last \(days) days")
        return (shown, notice)
    }

    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        return values
    }

    // MARK: - Figures

    /// Every figure of the admin page.
    struct Figures {
        var volume: [VolumePoint]
        var backlog: [BacklogPoint]
        var speed: SpeedReport
        var sla: SLAReport
        var selfService: SelfServiceReport
        var agents: [AgentFigures]

        /// The tables, by CSV name.
        func tables(_ granularity: ReportGranularity) -> [String: ReportTable] {
            let list = [
                ReportTables.volume(volume, granularity: granularity), ReportTables.backlog(backlog), ReportTables.speed(speed),
                ReportTables.sla(sla), ReportTables.breaches(sla.breaches),
                ReportTables.solutions("most-reused", selfService.mostReused),
                ReportTables.solutions("rewrite-candidates", selfService.notWorking), ReportTables.agents(agents, admin: true),
            ]
            return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        }
    }

    func figures(_ parameters: Parameters, admin: User, breachLimit: Int?) async throws -> Figures {
        let filter = parameters.filter
        async let volume = database.volumeReport(filter, granularity: parameters.granularity, for: admin)
        async let backlog = database.backlogReport(filter, for: admin)
        async let speed = database.speedReport(filter, for: admin)
        async let sla = database.slaReport(filter, breachLimit: breachLimit, for: admin)
        async let selfService = database.selfServiceReport(filter, for: admin)
        async let agents = database.agentFigures(filter, for: admin)
        return try await Figures(
            volume: volume,
            backlog: backlog,
            speed: speed,
            sla: sla,
            selfService: selfService,
            agents: agents
        )
    }

    // MARK: - Pages

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let admin = try requireAdmin(context)
        let categories = try await services.categoryNames()
        let agents = try await database.agents(for: admin)
        let query = Self.query(request)
        func options(_ selected: (category: String?, agent: String?, granularity: String?), form: DateRangeForm) -> ReportsPage {
            ReportsPage(
                form: form,
                categoryOptions: ViewModels.options(
                    [("", "All categories")] + categories.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }, selected: selected.category),
                agentOptions: ViewModels.options(
                    [("", "All agents")] + agents.map { ("\($0.agent.requiredID)", $0.agent.name) }, selected: selected.agent),
                granularityOptions: ViewModels.options([("day", "Per day"), ("week", "Per week")], selected: selected.granularity ?? "day")
            )
        }
        let chrome = services.pageChrome(context, title: "Reports")
        var parameters: Parameters
        do {
            parameters = try Parameters(query, now: Date(), categories: categories)
        } catch let error as HelpdeskError {
            var page = options((query["category"], query["agent"], query["granularity"]), form: DateRangeForm(from: query["from"] ?? "", to: query["to"] ?? ""))
            page.show(error)
            return try services.views.render("reports", Page(chrome: chrome, model: page), status: error.status)
        }
        let (shown, notice) = try await quietRangeMoved(parameters, query: query, viewer: admin, categories: categories, path: "/admin/reports")
        parameters = shown
        let figures = try await figures(parameters, admin: admin, breachLimit: 50)
        var page = options(
            (parameters.category, parameters.agent, parameters.granularity.rawValue), form: DateRangeForm(from: parameters.from, to: parameters.to))
        page.range = ReportsView.range(parameters)
        page.notice = notice
        page.query = parameters.queryString
        page.figures = ReportsView.figures(figures, parameters: parameters)
        return try services.views.render("reports", Page(chrome: chrome, model: page))
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> CSV {
        let admin = try requireAdmin(context)
        guard let file = context.parameters.get("file"), file.hasSuffix(".csv") else { throw ServerError.notFound }
        let name = String(file.dropLast(4))
        let categories = try await services.categoryNames()
        let parameters = try Parameters(Self.query(request), now: Date(), categories: categories)
        let figures = try await figures(parameters, admin: admin, breachLimit: name == "breaches" ? nil : 50)
        guard let table = figures.tables(parameters.granularity)[name] else { throw ServerError.notFound }
        return table.csv(parameters.filter)
    }

    /// An agent's own figures: volume and speed of their tickets, SLA misses, resolutions and verdicts, load.
    @Sendable func agentPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireUser()
        guard user.role == .agent else { throw ServerError.notFound }
        let categories = try await services.categoryNames()
        var query = Self.query(request)
        query["agent"] = nil
        query["category"] = nil
        let chrome = services.pageChrome(context, title: "My figures")
        var parameters: Parameters
        do {
            parameters = try Parameters(query, now: Date(), categories: categories)
        } catch let error as HelpdeskError {
            var page = AgentFiguresPage(form: DateRangeForm(from: query["from"] ?? "", to: query["to"] ?? ""))
            page.show(error)
            return try services.views.render("agent-figures", Page(chrome: chrome, model: page), status: error.status)
        }
        let (shown, notice) = try await quietRangeMoved(parameters, query: query, viewer: user, categories: categories, path: "/agent/figures")
        parameters = shown
        let filter = parameters.filter
        async let volume = database.volumeReport(filter, for: user)
        async let speed = database.speedReport(filter, for: user)
        async let sla = database.slaReport(filter, breachLimit: 20, for: user)
        async let figures = database.agentFigures(filter, for: user)
        let own = try await figures.first
        let page = AgentFiguresPage(
            form: DateRangeForm(from: parameters.from, to: parameters.to),
            notice: notice,
            figures: ReportsView.agentFigures(try await volume, speed: try await speed, sla: try await sla, own: own)
        )
        return try services.views.render("agent-figures", Page(chrome: chrome, model: page))
    }
}
