import Foundation
import HelpdeskCore
import Hummingbird

/// The public help centre: search published solutions (with as-you-type suggestions), read one, and say that a
/// suggestion solved the problem (a deflection: no ticket is created).
struct HelpCentreController: Sendable {
    let services: AppServices

    /// Longest search the help centre takes (a complaint pasted whole still fits).
    static let maximumSearchLength = 2_000

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
        group.get("help", use: home)
        group.get("help/solutions/:id", use: solution)
        group.post("deflections", use: deflect)
        group.get("tickets/:id/verdict", use: verdictPage)
        group.post("verdict", use: verdict)
    }

    /// The "did this solve it?" link of the resolution mail: a page with the answer preselected, so that a mail
    /// scanner following the link changes nothing; the button posts the answer with the link's token.
    @Sendable func verdictPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let parameters = request.query
        let token = parameters["token"] ?? ""
        let solved = parameters["solved"] != "no"
        let model = VerdictPage(token: token, solved: solved, ticketId: context.parameters.get("id") ?? "", done: false)
        return try services.views.render(
            "verdict", Page(chrome: services.pageChrome(context, title: "Did this solve it?", form: true), model: model))
    }

    @Sendable func verdict(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let f = context.form
        guard let verdict = Verdict(rawValue: f.string("verdict")) else {
            throw HelpdeskError.invalidInput(field: "verdict", message: "Answer solved or notSolved.")
        }
        let token = f.string("token")
        let ticket: Ticket
        do {
            ticket = try await services.database.recordVerdict(
                token: token, verdict, notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned)
        } catch let error as HelpdeskError where TicketActionRefusal.answersInPlace(error) {
            // An older mail's link after the request moved on: say what happened instead of naming the workflow step.
            guard let state = try await services.database.verdictLinkState(token: token) else { throw error }
            let model = VerdictPage(
                solved: false, ticketId: "\(state.ticketId)", done: false,
                stale: Self.staleVerdictWords(error, asked: verdict, state: state))
            return try services.views.render(
                "verdict", Page(chrome: services.pageChrome(context, title: "Nothing changed"), model: model),
                status: error.status)
        }
        let model = VerdictPage(solved: verdict == .solved, ticketId: "\(ticket.requiredID)", done: true)
        return try services.views.render("verdict", Page(chrome: services.pageChrome(context, title: "Thank you"), model: model))
    }

    /// Why a verdict link changed nothing, in plain words, from how its ticket stands now.
    static func staleVerdictWords(_ error: HelpdeskError, asked: Verdict, state: VerdictLinkState) -> String {
        let request = "request #\(state.ticketId)"
        if case .conflict = error { return error.message }
        switch (state.status, state.verdict) {
        case (let status, .notSolved?) where status.isOpen:
            return "You already told us that the solution did not solve the problem, so we reopened \(request) and an "
                + "agent is looking at it again. This older link cannot close it any more. If the problem is solved now, "
                + "tell us in a message on the request page."
        case (let status, _) where status.isOpen:
            return "\(request.prefix(1).uppercased() + request.dropFirst()) was reopened after this mail was sent, so "
                + "this link no longer applies. An agent is working on it; you can follow it on the request page."
        case (.closed, _):
            return "\(request.prefix(1).uppercased() + request.dropFirst()) is already closed, so this link no longer "
                + "changes anything."
        default:
            return asked == .solved
                ? "This link no longer applies to \(request); nothing was changed. You can follow it on the request page."
                : "This link no longer applies to \(request); nothing was changed. Tell us in a message on the request page."
        }
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let q = (request.query["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let chrome = services.pageChrome(context, title: q.isEmpty ? "Help centre" : "\(q) – Help centre")
        let categories = try await services.categoryNames()
        var model = HelpPage(q: q)
        if q.isEmpty {
            let popular = try await services.database.currentSolutions(limit: 9)
            model.popular = popular.map { ViewModels.solution($0, categories: categories) }
        } else {
            // A search costs what a suggestion costs: the same per-client allowance, and a bounded text.
            let key = context.identity.map { "user:\($0.requiredID)" } ?? "ip:\(context.clientKey)"
            if let retry = services.suggestionLimiter.take(key) { throw ServerError.rateLimited(retryAfter: retry) }
            guard q.count <= Self.maximumSearchLength else {
                throw HelpdeskError.invalidInput(field: "q", message: "Search with at most \(Self.maximumSearchLength) characters.")
            }
            // Every answer above the relevance floor, up to 100, 10 a page (`?page=` checked; past the end, the last).
            let pageSize = 10
            let asked = try RequestNumber.integer(request.query["page"], field: "page", in: 1...1_000) ?? 1
            let found = try await services.suggestionPage(
                for: q, k: 100, shown: (asked - 1) * pageSize..<asked * pageSize, prefixLastTerm: false, viewer: nil)
            let pageCount = max(1, (found.total + pageSize - 1) / pageSize)
            let number = min(asked, pageCount)
            let hits = number == asked
                ? found.page
                : try await services.suggestionPage(
                    for: q, k: 100, shown: (number - 1) * pageSize..<number * pageSize, prefixLastTerm: false, viewer: nil
                ).page
            model.searched = true
            model.results = hits.map { hit in
                HelpPage.Result(
                    id: hit.solution.id, titleHTML: ViewModels.markedHTML(hit.highlights.title),
                    snippetHTML: ViewModels.markedHTML(hit.highlights.snippet),
                    category: hit.solution.categoryId.flatMap { categories[$0] } ?? "",
                    grade: hit.match == .strong ? hit.match.rawValue : "", gradeLabel: hit.match == .strong ? hit.match.label : "")
            }
            model.count = found.total
            model.countText = ViewModels.counted(found.total, "result")
            let firstShown = (number - 1) * pageSize + 1
            model.showing = found.total > pageSize
                ? Pager.showing(
                    firstShown: firstShown, lastShown: firstShown + hits.count - 1, total: found.total, singular: "result",
                    plural: "results")
                : ""
            let query = FormEncoding.escape(q)
            model.pager = Pager(current: number, pageCount: pageCount) {
                $0 > 1 ? "/help?q=\(query)&page=\($0)" : "/help?q=\(query)"
            }
        }
        return try services.views.render("help", Page(chrome: chrome, model: model))
    }

    @Sendable func solution(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        let solution = try await services.database.solution(id: id, for: nil)
        let model = SolutionPage(
            solution: ViewModels.solution(solution, categories: try await services.categoryNames()),
            canFile: context.identity.map { $0.role == .customer } ?? true)
        return try services.views.render("solution", Page(chrome: services.pageChrome(context, title: solution.title), model: model))
    }

    @Sendable func deflect(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let f = context.form
        guard let id = f["solutionId"].flatMap(Int64.init) else {
            throw ServerError.badRequest(field: "solutionId", message: "Choose the solution that helped.")
        }
        let solution = try await services.database.solution(id: id, for: nil)
        try await services.database.recordDeflection(solutionId: id, query: f.string("query"), by: context.identity)
        let model = SolutionPage(
            solution: ViewModels.solution(solution, categories: try await services.categoryNames()),
            canFile: context.identity.map { $0.role == .customer } ?? true)
        return try services.views.render("deflected", Page(chrome: services.pageChrome(context, title: "Glad that helped"), model: model))
    }
}
