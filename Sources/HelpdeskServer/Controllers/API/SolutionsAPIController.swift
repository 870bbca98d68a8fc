import Foundation
import HelpdeskCore
import Hummingbird

/// Solutions, suggestions, agents and the OpenAPI document.
struct SolutionsAPIController: Sendable {
    let services: AppServices
    /// The OpenAPI document, read once.
    let openAPI: ByteBuffer

    struct SuggestionBody: Decodable {
        var text: String
        /// A complaint's subject, when `text` is its description: the subject then weighs twice.
        var subject: String?
        var k: Int?
        var prefixLastTerm: Bool?
        /// The topic the customer chose: its solutions come first (`HelpdeskIndex.suggestSolutions(topicId:)`).
        var categoryId: String?
    }

    /// Routes open to anonymous callers.
    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("suggestions", use: suggest)
        group.post("suggestions/opened", use: suggestionOpened)
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: openAPI)
            )
        }
    }

    /// Routes for signed-in users.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("solutions", use: search)
        group.get("agents", use: agents)
    }

    @Sendable func suggest(_ request: Request, context: AppRequestContext) async throws -> SuggestionListResponse {
        let key = context.identity.map { "user:\($0.requiredID)" } ?? "ip:\(context.clientKey)"
        if let retry = services.suggestionLimiter.take(key) { throw ServerError.rateLimited(retryAfter: retry) }
        let body = try await request.decodeJSON(SuggestionBody.self, context: context)
        let k = body.k ?? 5
        guard (1...20).contains(k) else { throw HelpdeskError.invalidInput(field: "k", message: "Use a number from 1 to 20.") }
        guard body.text.count <= 20_000 else {
            throw HelpdeskError.invalidInput(field: "text", message: "Use at most 20000 characters.")
        }
        guard (body.subject ?? "").count <= 200 else {
            throw HelpdeskError.invalidInput(field: "subject", message: "Use at most 200 characters.")
        }
        let suggestions = try await services.suggestions(
            for: HelpdeskIndex.complaintQuery(subject: body.subject ?? "", description: body.text),
            k: k,
            topicId: body.categoryId.flatMap { $0.isEmpty ? nil : $0 },
            prefixLastTerm: body.prefixLastTerm ?? true,
            viewer: context.identity
        )
        // Counted in memory and written in batches (`AppDatabase.countSuggestionsShown`).
        services.database.countSuggestionsShown(suggestions.count)
        return SuggestionListResponse(suggestions: suggestions)
    }

    struct OpenedBody: Decodable {
        var solutionId: Int64
    }

    /// Records that someone opened a suggestion to read it (the click-through figure of the reports).
    @Sendable func suggestionOpened(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let key = context.identity.map { "user:\($0.requiredID)" } ?? "ip:\(context.clientKey)"
        if let retry = services.suggestionLimiter.take(key) { throw ServerError.rateLimited(retryAfter: retry) }
        let body = try await request.decodeJSON(OpenedBody.self, context: context)
        try await services.database.recordSuggestionEvent(
            .opened, solutionId: body.solutionId, publishedOnly: !(context.identity?.role.isStaff ?? false))
        return .noContent
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> SolutionListResponse {
        let user = try context.requireUser()
        let parameters = request.query
        let q = parameters["q"] ?? ""
        let category = parameters["category"].flatMap { $0.isEmpty ? nil : $0 }
        let k = try RequestNumber.integer(parameters["k"], field: "k", in: 1...100) ?? 20
        if q.trimmingCharacters(in: .whitespaces).isEmpty {
            let solutions = try await services.database.currentSolutions(
                categoryId: category,
                includeUnpublished: user.role.isStaff,
                limit: k
            )
            return SolutionListResponse(solutions: solutions.map { SolutionHitResponse(solution: .init($0), score: 0) })
        }
        let matches = services.index.suggestSolutions(
            for: q,
            categoryId: category,
            k: k,
            viewer: user
        )
        return SolutionListResponse(solutions: matches.map { SolutionHitResponse(solution: .init($0.solution), score: $0.score, match: $0.grade, strength: $0.strength)
        })
    }

    @Sendable func agents(_ request: Request, context: AppRequestContext) async throws -> AgentListResponse {
        let user = try context.requireUser()
        return AgentListResponse(agents: try await services.database.agents(for: user).map(AgentResponse.init))
    }
}
