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
        let chrome = services.pageChrome(context, title: "Solutions")
        let awaiting = try await database.currentSolutionCount(unpublishedOnly: true)
        var model = SolutionListPage(q: q, awaitingCount: awaiting, solutions: [])
        model.hasAwaiting = awaiting > 0
        if q.isEmpty {
            // Every current solution, most reused first, 30 a page (`?page=`, bounded before any arithmetic); with
            // `?review=1`, the unpublished ones (waiting for review, or kept from the help centre), newest first.
            let review = request.query["review"] == "1"
            model.review = review
            let pageSize = 30
            let total = review ? awaiting : try await database.currentSolutionCount(includeUnpublished: true)
            let pageCount = max(1, (total + pageSize - 1) / pageSize)
            let number = min(max(request.query["page"].flatMap { $0.count <= 18 ? Int($0) : nil } ?? 1, 1), pageCount)
            let list = try await database.currentSolutions(
                includeUnpublished: true, unpublishedOnly: review, limit: pageSize, offset: (number - 1) * pageSize)
            model.solutions = list.map { solution in
                SolutionListPage.Row(
                    id: solution.requiredID, titleHTML: ViewModels.markedHTML([HighlightSegment(text: solution.title, match: false)]),
                    category: solution.categoryId.flatMap { categories[$0] }, isPublished: solution.isPublished,
                    reuseCount: solution.reuseCount, solvedCount: solution.solvedCount)
            }
            let firstShown = (number - 1) * pageSize + 1
            model.showing = Pager.showing(
                firstShown: firstShown, lastShown: firstShown + list.count - 1, total: total, singular: "solution",
                plural: "solutions")
            let base = review ? "/agent/solutions?review=1" : "/agent/solutions"
            model.pager = Pager(current: number, pageCount: pageCount) {
                $0 > 1 ? base + (review ? "&" : "?") + "page=\($0)" : base
            }
        } else {
            let hits = try await services.suggestions(for: q, k: 30, prefixLastTerm: false, viewer: user)
            model.solutions = hits.map { hit in
                SolutionListPage.Row(
                    id: hit.solution.id, titleHTML: ViewModels.markedHTML(hit.highlights.title),
                    snippetHTML: ViewModels.markedHTML(hit.highlights.snippet),
                    category: hit.solution.categoryId.flatMap { categories[$0] }, isPublished: hit.solution.isPublished,
                    reuseCount: hit.solution.reuseCount, solvedCount: hit.solution.solvedCount, grade: hit.match.rawValue,
                    gradeLabel: hit.match.label)
            }
        }
        return try services.views.render("agent-solutions", Page(chrome: chrome, model: model))
    }

    func solutionForm(
        _ context: AppRequestContext,
        solution: Solution?,
        typed: SolutionFormPage.Draft? = nil,
        error: HelpdeskError? = nil
    ) async throws -> HTML {
        let user = try requireStaff(context)
        let categories = try await services.categoryNames()
        let chrome = services.pageChrome(context, title: solution?.title ?? "New solution")
        // While new solutions need review, an agent's unpublished solution cannot be published by its author's form.
        let reviewed = database.configuration.newSolutionsNeedReview && user.role == .agent
            && !(solution?.isPublished ?? false)
        let draft =
            typed
            ?? SolutionFormPage.Draft(
                title: solution?.title ?? "", steps: solution?.steps.joined(separator: "\n") ?? "",
                isPublished: solution?.isPublished ?? !reviewed, categoryId: solution?.categoryId)
        var model = SolutionFormPage(
            awaitsReview: reviewed, draft: draft,
            categoryOptions: try await services.categoryOptions(selected: draft.categoryId),
            error: error?.message, errors: error.flatMap { error in error.field.map { [$0: error.message] } })
        if let solution {
            var row = ViewModels.solution(solution, categories: categories)
            row.mayApprove = !solution.isPublished && !solution.isSuperseded && database.mayApprove(solution, viewer: user)
            model.solution = row
            model.tickets = try await database.ticketsResolved(bySolution: solution.requiredID, for: user).prefix(10).map {
                ViewModels.ticket($0, categories: categories, staff: true)
            }
        }
        return try services.views.render("agent-solution", Page(chrome: chrome, model: model), status: error?.status ?? .ok)
    }

    @Sendable func showSolution(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try requireStaff(context)
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        return try await solutionForm(context, solution: try await database.solution(id: id, for: user))
    }

    @Sendable func newSolution(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try await solutionForm(context, solution: nil)
    }

    func draft(_ f: FormData) -> (SolutionDraft, SolutionFormPage.Draft) {
        let draft = SolutionDraft(
            title: f.string("title"),
            steps: Self.steps(f.string("steps")),
            categoryId: f["categoryId"].flatMap { $0.isEmpty ? nil : $0 },
            isPublished: f["publish"] != nil
        )
        let typed = SolutionFormPage.Draft(
            title: f.string("title"), steps: f.string("steps"), isPublished: f["publish"] != nil,
            categoryId: f.string("categoryId"))
        return (draft, typed)
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
            return try await solutionForm(context, solution: nil, typed: values, error: error)
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
            return try await solutionForm(context, solution: old, typed: values, error: error)
                .response(from: request, context: context)
        }
    }
}
