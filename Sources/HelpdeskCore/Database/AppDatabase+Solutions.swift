import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Resolving

    /// Resolves a ticket with a solution: a new one, a stored one, or a stored one edited into a new version. Links
    /// the ticket to the solution (bumping `reuseCount`), posts the solution in the thread, sets `resolvedAt`, and
    /// mails the customer the solution with single-use "did this solve it?" links (token in the payload).
    /// - Returns: the ticket and the solution used.
    /// - Throws: `.notFound`; `.forbidden` unless the actor is the assignee or an admin; `.invalidTransition`;
    ///   `.conflict` when reusing a superseded solution.
    @discardableResult
    public func resolve(
        ticketId: Int64,
        by actor: User,
        with choice: SolutionChoice
    ) async throws -> (
        ticket: Ticket, solution: Solution
    ) {
        let draft: SolutionDraft? =
            switch choice {
            case .new(let draft), .revised(_, let draft): try Self.validated(draft)
            case .existing: nil
            }
        let at = now()
        return try await write { db in
            let (found, actor) = try self.visibleTicketForWrite(db, id: ticketId, actor: actor)
            var ticket = found
            try Permissions.requireStaff(actor)
            guard Permissions.isHandler(actor, of: ticket) else {
                throw HelpdeskError.forbidden("Only the assigned agent or an admin can resolve this ticket.")
            }
            guard ticket.mergedIntoId == nil, TicketWorkflow.exists(from: ticket.status, to: .resolved) else {
                throw HelpdeskError.invalidTransition(
                    from: ticket.status,
                    to: .resolved,
                    reason: "only an open ticket can be resolved"
                )
            }
            var solution: Solution
            switch choice {
            case .new:
                solution = try self.insertSolution(db, draft!, author: actor, previous: nil, at: at)
            case .existing(let id):
                solution = try self.currentSolution(db, id: id)
            case .revised(let id, _):
                let old = try self.currentSolution(db, id: id)
                solution = try self.insertSolution(db, draft!, author: actor, previous: old, at: at)
            }
            try self.link(db, ticket: &ticket, to: &solution, actor: actor, at: at)
            ticket.resolvedAt = at
            if ticket.firstResponseAt == nil { ticket.firstResponseAt = at }
            try self.setStatus(db, &ticket, .resolved, actor: actor, at: at, action: "resolved")
            try ticket.update(db)
            try self.logChange(db, .ticket, ticketId, at: at)
            try self.mailResolution(db, ticket: ticket, solution: solution, at: at)
            return (ticket, solution)
        }
    }

    /// Links a ticket to a solution, posts the steps in the thread and bumps the counters.
    private func link(_ db: Database, ticket: inout Ticket, to solution: inout Solution, actor: User, at: Date) throws {
        let ticketId = ticket.requiredID
        let solutionId = solution.requiredID
        let exists = try TicketSolution.filter(key: ["ticketId": ticketId, "solutionId": solutionId]).fetchCount(db) > 0
        if !exists {
            try TicketSolution(ticketId: ticketId, solutionId: solutionId, linkedAt: at, verdict: nil, verdictAt: nil)
                .insert(db)
            solution.reuseCount += 1
            solution.updatedAt = at
            try solution.update(db)
            try logChange(db, .solution, solutionId, at: at)  // the ticket's text joins the solution's complaints
        }
        let steps = solution.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        var message = TicketMessage(
            id: nil,
            ticketId: ticketId,
            authorId: actor.id,
            kind: .agentReply,
            body: "Solution: \(solution.title)\n\n\(steps)",
            createdAt: at,
            mergedFromTicketId: nil
        )
        try message.insert(db)
        try audit(
            db,
            entity: "ticket",
            entityId: "\(ticketId)",
            ticketId: ticketId,
            actorId: actor.id,
            action: "solutionLinked",
            field: "solutionId",
            after: "\(solutionId)",
            at: at
        )
    }

    private func mailResolution(_ db: Database, ticket: Ticket, solution: Solution, at: Date) throws {
        guard let customer = try User.fetchOne(db, key: ticket.customerId) else { return }
        let id = ticket.requiredID
        try expireUnusedVerdictTokens(db, ticketId: id, at: at)
        let token = try issueToken(
            db,
            userId: customer.requiredID,
            purpose: .verdict,
            lifetime: configuration.reopenWindow,
            ticketId: id,
            at: at
        )
        let solvedPath = "/tickets/\(id)/verdict?token=\(token)&solved=yes"
        let notSolvedPath = "/tickets/\(id)/verdict?token=\(token)&solved=no"
        let steps = solution.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        try enqueueMail(
            db,
            kind: .ticketResolved,
            to: customer.email,
            subject: "Resolved: \(ticket.subject) [#\(id)]",
            body: """
                Hello \(customer.name),

                Your request #\(id) "\(ticket.subject)" has been resolved.

                \(solution.title)
                \(steps)

                Did this solve your problem?
                Yes: \(link(solvedPath))
                No:  \(link(notSolvedPath))

                If not, just reply within \(Int(configuration.reopenWindow / 86_400)) days and we will reopen it.
                """,
            payload: [
                "ticketId": "\(id)", "solutionId": "\(solution.requiredID)", "token": token, "solvedPath": solvedPath,
                "notSolvedPath": notSolvedPath, "path": "/tickets/\(id)",
            ],
            at: at
        )
    }

    private func expireUnusedVerdictTokens(_ db: Database, ticketId: Int64, at: Date) throws {
        try db.execute(
            sql: "UPDATE oneTimeToken SET usedAt = ? WHERE ticketId = ? AND purpose = ? AND usedAt IS NULL",
            arguments: [at, ticketId, TokenPurpose.verdict]
        )
    }

    // MARK: - Managing solutions

    /// Saves a stand-alone solution (knowledge base article). Staff only.
    public func createSolution(by author: User, _ draft: SolutionDraft) async throws -> Solution {
        let draft = try Self.validated(draft)
        let at = now()
        return try await write { db in
            let author = try self.activeUser(db, author)
            try Permissions.requireStaff(author)
            return try self.insertSolution(db, draft, author: author, previous: nil, at: at)
        }
    }

    /// Edits a solution into a new version (`previousVersionId` = the old one) and marks the old one superseded.
    /// Counters start fresh; the links stay with the version that resolved each ticket.
    /// - Throws: `.notFound`; `.forbidden` for customers; `.conflict` when the solution is already superseded.
    public func reviseSolution(id: Int64, by author: User, _ draft: SolutionDraft) async throws -> Solution {
        let draft = try Self.validated(draft)
        let at = now()
        return try await write { db in
            let author = try self.activeUser(db, author)
            try Permissions.requireStaff(author)
            let old = try self.currentSolution(db, id: id)
            return try self.insertSolution(db, draft, author: author, previous: old, at: at)
        }
    }

    /// Publishes or unpublishes a solution in the public help centre.
    public func setSolutionPublished(id: Int64, _ published: Bool, by actor: User) async throws -> Solution {
        let at = now()
        return try await write { db in
            let actor = try self.activeUser(db, actor)
            try Permissions.requireStaff(actor)
            guard var solution = try Solution.fetchOne(db, key: id) else {
                throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
            }
            guard solution.isPublished != published else { return solution }
            solution.isPublished = published
            solution.updatedAt = at
            try solution.update(db)
            try self.audit(
                db,
                entity: "solution",
                entityId: "\(id)",
                actorId: actor.id,
                action: published ? "published" : "unpublished",
                field: "isPublished",
                before: "\(!published)",
                after: "\(published)",
                at: at
            )
            try self.logChange(db, .solution, id, at: at)
            return solution
        }
    }

    /// The solution with `id`. Customers and anonymous visitors (`viewer == nil`) only see published, current ones.
    /// - Throws: `.notFound`.
    public func solution(id: Int64, for viewer: User?) async throws -> Solution {
        let solution = try await read { db in try Solution.fetchOne(db, key: id) }
        guard let solution, viewer?.role.isStaff == true || (solution.isPublished && !solution.isSuperseded) else {
            throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
        }
        return solution
    }

    /// Solutions among `ids`, in that order, filtered like `solution(id:for:)` (for mapping search hits).
    public func solutions(ids: [Int64], for viewer: User?) async throws -> [Solution] {
        guard !ids.isEmpty else { return [] }
        let staff = viewer?.role.isStaff == true
        let found = try await read { db in
            var request = Solution.filter(ids.contains(Solution.Columns.id))
            if !staff {
                request = request.filter(Solution.Columns.isPublished == true && Solution.Columns.supersededById == nil)
            }
            return try request.fetchAll(db)
        }
        let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.requiredID, $0) })
        return ids.compactMap { byId[$0] }
    }

    /// Current (not superseded) solutions, most reused first; published ones only unless `includeUnpublished`.
    public func currentSolutions(
        categoryId: String? = nil,
        includeUnpublished: Bool = false,
        limit: Int = 100
    )
        async throws -> [Solution]
    {
        try await read { db in
            var request = Solution.filter(Solution.Columns.supersededById == nil)
            if !includeUnpublished { request = request.filter(Solution.Columns.isPublished == true) }
            if let categoryId { request = request.filter(Solution.Columns.categoryId == categoryId) }
            return try request.order(Solution.Columns.reuseCount.desc, Solution.Columns.id).limit(limit).fetchAll(db)
        }
    }

    /// External (corpus) ids of solutions, by row id, for mapping search hits back to `SOL-…` ids in evaluation.
    public func solutionExternalIds() async throws -> [Int64: String] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, externalId FROM solution WHERE externalId IS NOT NULL")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0["externalId"] as String) })
        }
    }

    /// The tickets a solution resolved that `viewer` may see.
    public func ticketsResolved(bySolution id: Int64, for viewer: User) async throws -> [Ticket] {
        try await read { db in
            try Ticket.all().visible(to: viewer)
                .filter(sql: "id IN (SELECT ticketId FROM ticketSolution WHERE solutionId = ?)", arguments: [id])
                .order(Ticket.Columns.updatedAt.desc).fetchAll(db)
        }
    }

    /// Records that a suggested solution solved someone's problem before they filed a ticket.
    public func recordDeflection(solutionId: Int64, query: String, by user: User?) async throws {
        let at = now()
        let query = String(query.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
        try await writeWithoutIndex { db in
            guard try Solution.fetchOne(db, key: solutionId) != nil else {
                throw HelpdeskError.notFound(entity: "solution", id: "\(solutionId)")
            }
            var row = Deflection(id: nil, solutionId: solutionId, query: query, userId: user?.id, at: at)
            try row.insert(db)
        }
    }

    /// How many deflections each solution earned.
    public func deflectionCounts() async throws -> [Int64: Int] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT solutionId, COUNT(*) AS n FROM deflection GROUP BY solutionId")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["solutionId"] as Int64, $0["n"] as Int) })
        }
    }

    // MARK: - Categories

    /// All categories, by name.
    public func categories() async throws -> [Category] {
        try await sqlRead { sql in try sql.rows("SELECT id, name, description FROM category ORDER BY name").map(Category.init(row:)) }
    }

    /// Creates or updates a category. Admins only.
    public func saveCategory(_ category: Category, by admin: User) async throws {
        let id = try InputValidation.requiredText(category.id, field: "id", maxLength: 64)
        let name = try InputValidation.requiredText(category.name, field: "name", maxLength: 200)
        try await sqlWrite { sql in
            try Permissions.requireAdmin(try self.activeUser(sql, admin))
            try sql.execute(
                """
                INSERT INTO category (id, name, description) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description
                """,
                id, name, category.description)
        }
    }

    // MARK: - Helpers

    static func validated(_ draft: SolutionDraft) throws -> SolutionDraft {
        var draft = draft
        draft.title = try InputValidation.requiredText(draft.title, field: "title", maxLength: 200)
        draft.steps = draft.steps.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !draft.steps.isEmpty else { throw HelpdeskError.invalidInput(field: "steps", message: "Give at least one step.") }
        guard draft.steps.allSatisfy({ $0.count <= 5_000 }), draft.steps.count <= 100 else {
            throw HelpdeskError.invalidInput(field: "steps", message: "Use at most 100 steps of 5000 characters.")
        }
        return draft
    }

    func currentSolution(_ db: Database, id: Int64) throws -> Solution {
        guard let solution = try Solution.fetchOne(db, key: id) else {
            throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
        }
        if let newer = solution.supersededById {
            throw HelpdeskError.conflict("Solution #\(id) was replaced by a newer version, #\(newer).")
        }
        return solution
    }

    func insertSolution(_ db: Database, _ draft: SolutionDraft, author: User, previous: Solution?, at: Date) throws -> Solution {
        if let categoryId = draft.categoryId, try Category.fetchOne(db, key: categoryId) == nil {
            throw HelpdeskError.invalidInput(field: "categoryId", message: "Unknown category \"\(categoryId)\".")
        }
        var solution = Solution(
            id: nil,
            externalId: nil,
            title: draft.title,
            steps: draft.steps,
            categoryId: draft.categoryId,
            authorId: author.id,
            createdAt: at,
            updatedAt: at,
            isPublished: draft.isPublished,
            previousVersionId: previous?.id,
            supersededById: nil,
            reuseCount: 0,
            solvedCount: 0,
            notSolvedCount: 0
        )
        try solution.insert(db)
        let id = solution.requiredID
        try audit(db, entity: "solution", entityId: "\(id)", actorId: author.id, action: "created", at: at)
        try logChange(db, .solution, id, at: at)
        if var previous {
            previous.supersededById = id
            previous.updatedAt = at
            try previous.update(db)
            try audit(
                db,
                entity: "solution",
                entityId: "\(previous.requiredID)",
                actorId: author.id,
                action: "superseded",
                field: "supersededById",
                after: "\(id)",
                at: at
            )
            try logChange(db, .solution, previous.requiredID, at: at)
        }
        return solution
    }
}
