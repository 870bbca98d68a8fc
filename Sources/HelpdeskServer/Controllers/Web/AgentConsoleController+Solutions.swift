import Foundation
import HelpdeskCore
import Hummingbird

/// The agent console's solutions library: the list (paged, or searched through the engine), a solution's page, and
/// the forms that create and revise solutions.
extension AgentConsoleController {
    @Sendable func solutions(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try requireStaff(context)
        let q = (request.query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        let categories = try await services.categoryNames()
        var page = services.chrome(context, title: "Solutions")
        page["q"] = q
        let awaiting = try await database.currentSolutionCount(unpublishedOnly: true)
        page["awaitingCount"] = awaiting
        if q.isEmpty {
            // Every current solution, most reused first, 30 a page (`?page=`, bounded before any arithmetic); with
            // `?review=1`, the unpublished ones (waiting for review, or kept from the help centre), newest first.
            let review = request.query["review"] == "1"
            page["review"] = review
            let pageSize = 30
            let total = review ? awaiting : try await database.currentSolutionCount(includeUnpublished: true)
            let pageCount = max(1, (total + pageSize - 1) / pageSize)
            let number = min(max(request.query["page"].flatMap { $0.count <= 18 ? Int($0) : nil } ?? 1, 1), pageCount)
            let list = try await database.currentSolutions(
                includeUnpublished: true, unpublishedOnly: review, limit: pageSize, offset: (number - 1) * pageSize)
            page["solutions"] = list.map { solution in
                var row = ViewModels.solution(solution, categories: categories)
                row.titleSegments = [SegmentRow(text: solution.title, match: false)]
                return row
            }
            let firstShown = (number - 1) * pageSize + 1
            page["showing"] = Pager.showing(
                firstShown: firstShown, lastShown: firstShown + list.count - 1, total: total, singular: "solution",
                plural: "solutions")
            let base = review ? "/agent/solutions?review=1" : "/agent/solutions"
            page["pager"] = Pager(current: number, pageCount: pageCount) {
                $0 > 1 ? base + (review ? "&" : "?") + "page=\($0)" : base
            }
        } else {
            let hits = try await services.suggestions(for: q, k: 30, prefixLastTerm: false, viewer: user)
            page["solutions"] = hits.map { hit -> [String: Any] in
                [
                    "id": hit.solution.id, "titleSegments": ViewModels.segments(hit.highlights.title),
                    "snippet": ViewModels.segments(hit.highlights.snippet),
                    "category": hit.solution.categoryId.flatMap { categories[$0] } ?? "",
                    "reuseCount": hit.solution.reuseCount, "solvedCount": hit.solution.solvedCount,
                    "isPublished": hit.solution.isPublished, "grade": hit.match.rawValue, "gradeLabel": hit.match.label,
                ]
            }
        }
        return try services.views.render("agent-solutions", page)
    }

    func solutionForm(
        _ context: AppRequestContext,
        solution: Solution?,
        values: [String: Any] = [:],
        error: HelpdeskError? = nil
    ) async throws -> HTML {
        let user = try requireStaff(context)
        let categories = try await services.categoryNames()
        var page = services.chrome(context, title: solution?.title ?? "New solution")
        // While new solutions need review, an agent's unpublished solution cannot be published by its author's form.
        let reviewed = database.configuration.newSolutionsNeedReview && user.role == .agent
            && !(solution?.isPublished ?? false)
        page["awaitsReview"] = reviewed
        if let solution {
            var row = ViewModels.solution(solution, categories: categories)
            row.mayApprove = !solution.isPublished && !solution.isSuperseded && database.mayApprove(solution, viewer: user)
            page["solution"] = row
            page["tickets"] = try await database.ticketsResolved(bySolution: solution.requiredID, for: user).prefix(10).map {
                ViewModels.ticket($0, categories: categories, staff: true)
            }
        }
        let draftCategory = values["categoryId"] as? String ?? solution?.categoryId
        page["draft"] = [
            "title": values["title"] as? String ?? solution?.title ?? "",
            "steps": values["steps"] as? String ?? solution?.steps.joined(separator: "\n") ?? "",
            "isPublished": values["isPublished"] as? Bool ?? solution?.isPublished ?? !reviewed,
        ] as [String: Any]
        page["categoryOptions"] = try await services.categoryOptions(selected: draftCategory)
        if let error {
            page["error"] = error.message
            if let field = error.field { page["errors"] = [field: error.message] }
        }
        return try services.views.render("agent-solution", page, status: error?.status ?? .ok)
    }

    @Sendable func showSolution(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try requireStaff(context)
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        return try await solutionForm(context, solution: try await database.solution(id: id, for: user))
    }

    @Sendable func newSolution(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try await solutionForm(context, solution: nil)
    }

    func draft(_ f: FormData) -> (SolutionDraft, [String: Any]) {
        let draft = SolutionDraft(
            title: f.string("title"),
            steps: Self.steps(f.string("steps")),
            categoryId: f["categoryId"].flatMap { $0.isEmpty ? nil : $0 },
            isPublished: f["publish"] != nil
        )
        let values: [String: Any] = [
            "title": f.string("title"), "steps": f.string("steps"), "categoryId": f.string("categoryId"),
            "isPublished": f["publish"] != nil,
        ]
        return (draft, values)
    }

    @Sendable func createSolution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let (draft, values) = draft(context.form)
        do {
            let solution = try await database.createSolution(by: user, draft)
            context.setFlash(
                draft.isPublished && !solution.isPublished
                    ? "Solution saved. An admin or another agent approves it before the help centre shows it."
                    : "Solution saved.")
            return redirect("/agent/solutions/\(solution.requiredID)")
        } catch let error as HelpdeskError {
            return try await solutionForm(context, solution: nil, values: values, error: error)
                .response(from: request, context: context)
        }
    }

    /// Publishes a solution waiting for review (an admin, or an agent other than its author).
    @Sendable func approveSolution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        _ = try await database.approveSolution(id: id, by: user)
        context.setFlash("Approved: the help centre shows it now.")
        return redirect("/agent/solutions/\(id)")
    }

    @Sendable func reviseSolution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        let old = try await database.solution(id: id, for: user)
        let (draft, values) = draft(context.form)
        do {
            let solution = try await database.reviseSolution(id: id, by: user, draft)
            context.setFlash("Saved as a new version; the old one is kept in the history.")
            return redirect("/agent/solutions/\(solution.requiredID)")
        } catch let error as HelpdeskError {
            return try await solutionForm(context, solution: old, values: values, error: error)
                .response(from: request, context: context)
        }
    }
}
