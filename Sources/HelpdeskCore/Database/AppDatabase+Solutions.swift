import Foundation

extension AppDatabase {
    // MARK: - Resolving

    /// Resolves a ticket with a solution: a new one, a stored one (as it is, or with its text adapted to this customer),
    /// or a stored one edited into a new version. Links the ticket to the solution (bumping `reuseCount`), posts the
    /// solution (or the adapted text) in the thread, sets `resolvedAt`, and mails the customer the same text with
    /// single-use "did this solve it?" links (token in the payload).
    /// - Returns: the ticket and the solution used.
    /// - Throws: `.notFound`; `.forbidden` unless the actor is the assignee or an admin; `.invalidTransition`;
    ///   `.conflict` when reusing a superseded solution; `.invalidInput` (field `text`) for an empty or too long
    ///   adapted text.
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
            case .existing, .adapted: nil
            }
        let adaptedText: String? =
            if case .adapted(_, let text) = choice {
                try InputValidation.requiredText(text, field: "text", maxLength: 20_000)
            } else {
                nil
            }
        let at = now()
        return try await sqlWriteIndexed { sql in
            let (found, actor) = try self.visibleTicketForWrite(sql, id: ticketId, actor: actor)
            var ticket = found
            try TicketWorkflow.checkResolution(ticket, by: actor)
            var solution: Solution
            switch choice {
            case .new:
                solution = try self.insertSolution(sql, draft!, author: actor, previous: nil, at: at)
            case .existing(let id), .adapted(let id, _):
                solution = try self.currentSolution(sql, id: id)
            case .revised(let id, _):
                let old = try self.currentSolution(sql, id: id)
                solution = try self.insertSolution(sql, draft!, author: actor, previous: old, at: at)
            }
            let text = adaptedText ?? Self.resolutionText(solution)
            try self.link(sql, ticket: &ticket, to: &solution, actor: actor, text: text, at: at)
            ticket.resolvedAt = at
            if ticket.firstResponseAt == nil { ticket.firstResponseAt = at }
            try self.setStatus(sql, &ticket, .resolved, actor: actor, at: at, action: "resolved")
            try sql.update(ticket)
            try self.logChange(sql, .ticket, ticketId, at: at)
            try self.mailResolution(sql, ticket: ticket, solution: solution, text: text, at: at)
            return (ticket, solution)
        }
    }

    /// What the customer reads of a stored solution: its title, then its steps numbered, one per line.
    public static func resolutionText(_ solution: Solution) -> String {
        let steps = solution.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return "\(solution.title)\n\n\(steps)"
    }

    /// Links a ticket to a solution, posts `text` (the solution's, or adapted from it) in the thread and bumps the
    /// counters.
    private func link(
        _ sql: any SQLExecutor, ticket: inout Ticket, to solution: inout Solution, actor: User, text: String, at: Date
    ) throws {
        let ticketId = ticket.requiredID
        let solutionId = solution.requiredID
        let links = try sql.int64(
            "SELECT COUNT(*) FROM ticketSolution WHERE ticketId = ? AND solutionId = ?", ticketId, solutionId)
        if links ?? 0 == 0 {
            try sql.insertKeyed(
                TicketSolution(ticketId: ticketId, solutionId: solutionId, linkedAt: at, verdict: nil, verdictAt: nil))
            solution.reuseCount += 1
            solution.updatedAt = at
            try sql.update(solution)
            try logChange(sql, .solution, solutionId, at: at)  // the ticket's text joins the solution's complaints
        }
        let message = TicketMessage(
            id: nil,
            ticketId: ticketId,
            authorId: actor.id,
            kind: .agentReply,
            body: "Solution: \(text)",
            createdAt: at,
            mergedFromTicketId: nil
        )
        try sql.insert(message)
        try audit(
            sql,
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

    /// Mails the customer the solution of a resolved ticket (`text`: the solution's, or adapted from it) with fresh
    /// verdict links (earlier unused ones expire).
    private func mailResolution(_ sql: any SQLExecutor, ticket: Ticket, solution: Solution, text: String, at: Date) throws {
        guard let customer = try sql.find(User.self, id: ticket.customerId) else { return }
        let id = ticket.requiredID
        try expireUnusedVerdictTokens(sql, ticketId: id, at: at)
        let token = try issueToken(
            sql,
            userId: customer.requiredID,
            purpose: .verdict,
            lifetime: configuration.reopenWindow,
            ticketId: id,
            at: at
        )
        let solvedPath = "/tickets/\(id)/verdict?token=\(token)&solved=yes"
        let notSolvedPath = "/tickets/\(id)/verdict?token=\(token)&solved=no"
        try enqueueMail(
            sql,
            kind: .ticketResolved,
            to: customer.email,
            subject: "Resolved: \(ticket.subject) [#\(id)]",
            body: """
                Hello \(customer.name),

                Your request #\(id) "\(ticket.subject)" has been resolved.

                \(text)

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

    /// Marks the ticket's unused verdict links used, so that only the latest resolution mail's link is valid.
    private func expireUnusedVerdictTokens(_ sql: any SQLExecutor, ticketId: Int64, at: Date) throws {
        try sql.execute(
            "UPDATE oneTimeToken SET usedAt = ? WHERE ticketId = ? AND purpose = ? AND usedAt IS NULL",
            at, ticketId, TokenPurpose.verdict.rawValue
        )
    }

    // MARK: - Managing solutions

    /// Saves a stand-alone solution (knowledge base article). Staff only.
    public func createSolution(by author: User, _ draft: SolutionDraft) async throws -> Solution {
        let draft = try Self.validated(draft)
        let at = now()
        return try await sqlWriteIndexed { sql in
            let author = try self.activeUser(sql, author)
            try Permissions.requireStaff(author)
            return try self.insertSolution(sql, draft, author: author, previous: nil, at: at)
        }
    }

    /// Edits a solution into a new version (`previousVersionId` = the old one) and marks the old one superseded.
    /// Counters start fresh; the links stay with the version that resolved each ticket.
    /// - Throws: `.notFound`; `.forbidden` for customers; `.conflict` when the solution is already superseded.
    public func reviseSolution(id: Int64, by author: User, _ draft: SolutionDraft) async throws -> Solution {
        let draft = try Self.validated(draft)
        let at = now()
        return try await sqlWriteIndexed { sql in
            let author = try self.activeUser(sql, author)
            try Permissions.requireStaff(author)
            let old = try self.currentSolution(sql, id: id)
            return try self.insertSolution(sql, draft, author: author, previous: old, at: at)
        }
    }

    /// Publishes or unpublishes a solution in the public help centre.
    /// - Throws: `.forbidden` for an agent publishing their own solution while new solutions need review
    ///   (`approveSolution`'s rule).
    public func setSolutionPublished(id: Int64, _ published: Bool, by actor: User) async throws -> Solution {
        try await setSolutionPublished(id: id, published, by: actor, action: published ? "published" : "unpublished")
    }

    /// Publishes a solution waiting for review in the help centre. While new solutions need review, an agent may
    /// approve a colleague's solution, not their own; admins approve any. Audited as `approved`.
    /// - Throws: `.forbidden` for customers and for an agent's own solution; `.conflict` for a superseded version.
    public func approveSolution(id: Int64, by actor: User) async throws -> Solution {
        try await setSolutionPublished(id: id, true, by: actor, action: "approved")
    }

    /// Whether `viewer` may approve `solution`: staff, and not its author while new solutions need review (admins may).
    public func mayApprove(_ solution: Solution, viewer: User) -> Bool {
        viewer.role == .admin
            || (viewer.role == .agent && (!configuration.newSolutionsNeedReview || solution.authorId != viewer.id))
    }

    private func setSolutionPublished(id: Int64, _ published: Bool, by actor: User, action: String) async throws -> Solution {
        let at = now()
        return try await sqlWriteIndexed { sql in
            let actor = try self.activeUser(sql, actor)
            try Permissions.requireStaff(actor)
            guard var solution = try sql.find(Solution.self, id: id) else {
                throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
            }
            guard solution.isPublished != published else { return solution }
            if published {
                guard solution.supersededById == nil else {
                    throw HelpdeskError.conflict("A newer version of this solution exists; publish that one.")
                }
                guard self.mayApprove(solution, viewer: actor) else {
                    throw HelpdeskError.forbidden("Another agent or an admin approves a solution you wrote.")
                }
            }
            solution.isPublished = published
            solution.updatedAt = at
            try sql.update(solution)
            try self.audit(
                sql,
                entity: "solution",
                entityId: "\(id)",
                actorId: actor.id,
                action: action,
                field: "isPublished",
                before: "\(!published)",
                after: "\(published)",
                at: at
            )
            try self.logChange(sql, .solution, id, at: at)
            return solution
        }
    }

    /// The solution with `id`. Customers and anonymous visitors (`viewer == nil`) only see published, current ones.
    /// - Throws: `.notFound`.
    public func solution(id: Int64, for viewer: User?) async throws -> Solution {
        let solution = try await sqlRead { sql in try sql.find(Solution.self, id: id) }
        guard let solution, viewer?.role.isStaff == true || (solution.isPublished && !solution.isSuperseded) else {
            throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
        }
        return solution
    }

    /// Solutions among `ids`, in that order, filtered like `solution(id:for:)` (for mapping search hits).
    public func solutions(ids: [Int64], for viewer: User?) async throws -> [Solution] {
        guard !ids.isEmpty else { return [] }
        let staff = viewer?.role.isStaff == true
        let found = try await sqlRead { sql in
            var query = "SELECT * FROM solution WHERE id IN (\(sqlPlaceholders(ids.count)))"
            var arguments = ids.map(\.sqlValue)
            if !staff {
                query += " AND isPublished = ? AND supersededById IS NULL"
                arguments.append(true.sqlValue)
            }
            return try sql.fetchAll(Solution.self, query, arguments: arguments)
        }
        let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.requiredID, $0) })
        return ids.compactMap { byId[$0] }
    }

    /// How many current (not superseded) solutions there are; published ones only unless `includeUnpublished`; only
    /// the unpublished ones (those waiting for review, or kept from the help centre) with `unpublishedOnly`.
    public func currentSolutionCount(includeUnpublished: Bool = false, unpublishedOnly: Bool = false) async throws -> Int {
        try await sqlRead { sql in
            let count =
                unpublishedOnly
                ? try sql.int64("SELECT COUNT(*) FROM solution WHERE supersededById IS NULL AND isPublished = ?", false)
                : includeUnpublished
                ? try sql.int64("SELECT COUNT(*) FROM solution WHERE supersededById IS NULL")
                : try sql.int64("SELECT COUNT(*) FROM solution WHERE supersededById IS NULL AND isPublished = ?", true)
            return Int(count ?? 0)
        }
    }

    /// Current (not superseded) solutions, most reused first, skipping the first `offset`; published ones only unless
    /// `includeUnpublished`.
    /// - Parameter unpublishedOnly: only the unpublished ones (newest first then, as a review queue reads).
    public func currentSolutions(
        categoryId: String? = nil,
        includeUnpublished: Bool = false,
        unpublishedOnly: Bool = false,
        limit: Int = 100,
        offset: Int = 0
    )
        async throws -> [Solution]
    {
        try await sqlRead { sql in
            var query = "SELECT * FROM solution WHERE supersededById IS NULL"
            var arguments: [SQLValue] = []
            if unpublishedOnly {
                query += " AND isPublished = ?"
                arguments.append(false.sqlValue)
            } else if !includeUnpublished {
                query += " AND isPublished = ?"
                arguments.append(true.sqlValue)
            }
            if let categoryId {
                query += " AND categoryId = ?"
                arguments.append(categoryId.sqlValue)
            }
            query += unpublishedOnly ? " ORDER BY id DESC LIMIT ? OFFSET ?" : " ORDER BY reuseCount DESC, id LIMIT ? OFFSET ?"
            arguments += [max(limit, 0).sqlValue, max(offset, 0).sqlValue]
            return try sql.fetchAll(Solution.self, query, arguments: arguments)
        }
    }

    /// External (corpus) ids of solutions, by row id, for mapping search hits back to `SOL-…` ids in evaluation.
    public func solutionExternalIds() async throws -> [Int64: String] {
        try await sqlRead { sql in
            let rows = try sql.rows("SELECT id, externalId FROM solution WHERE externalId IS NOT NULL")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("id"), try $0.string("externalId")) })
        }
    }

    /// The tickets a solution resolved that `viewer` may see.
    public func ticketsResolved(bySolution id: Int64, for viewer: User) async throws -> [Ticket] {
        let visible = TicketVisibility.condition(for: viewer)
        return try await sqlRead { sql in
            try sql.fetchAll(
                Ticket.self,
                """
                SELECT * FROM ticket
                WHERE \(visible.sql) AND id IN (SELECT ticketId FROM ticketSolution WHERE solutionId = ?)
                ORDER BY updatedAt DESC
                """,
                arguments: visible.arguments + [id.sqlValue])
        }
    }

    /// Records that a suggested solution solved someone's problem before they filed a ticket.
    public func recordDeflection(solutionId: Int64, query: String, by user: User?) async throws {
        let at = now()
        let query = String(query.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
        try await sqlWrite { sql in
            guard try sql.int64("SELECT COUNT(*) FROM solution WHERE id = ?", solutionId) ?? 0 > 0 else {
                throw HelpdeskError.notFound(entity: "solution", id: "\(solutionId)")
            }
            try sql.insert(Deflection(id: nil, solutionId: solutionId, query: query, userId: user?.id, at: at))
        }
    }

    /// How many deflections each solution earned.
    public func deflectionCounts() async throws -> [Int64: Int] {
        try await sqlRead { sql in
            let rows = try sql.rows("SELECT solutionId, COUNT(*) AS n FROM deflection GROUP BY solutionId")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("solutionId"), try $0.int("n")) })
        }
    }

    // MARK: - Categories

    /// All categories, by name.
    public func categories() async throws -> [Category] {
        try await sqlRead { sql in try sql.fetchAll(Category.self, "SELECT id, name, description FROM category ORDER BY name") }
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

    /// `draft` with its title checked and its steps trimmed, blank ones dropped.
    /// - Throws: `.invalidInput` for a missing title, no step, or too many or too long steps.
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

    /// The solution with `id`, which must still be the current version.
    /// - Throws: `.notFound`; `.conflict` naming the version that replaced it.
    func currentSolution(_ sql: any SQLExecutor, id: Int64) throws -> Solution {
        guard let solution = try sql.find(Solution.self, id: id) else {
            throw HelpdeskError.notFound(entity: "solution", id: "\(id)")
        }
        if let newer = solution.supersededById {
            throw HelpdeskError.conflict("Solution #\(id) was replaced by a newer version, #\(newer).")
        }
        return solution
    }

    /// Stores `draft` as a new solution by `author` (audited, indexed); a `previous` version becomes superseded by it.
    /// - Throws: `.invalidInput` for an unknown category.
    func insertSolution(
        _ sql: any SQLExecutor, _ draft: SolutionDraft, author: User, previous: Solution?, at: Date
    ) throws -> Solution {
        if let categoryId = draft.categoryId,
            try sql.int64("SELECT COUNT(*) FROM category WHERE id = ?", categoryId) ?? 0 == 0
        {
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
            // While solutions need review, an agent's new solution waits for it, and so does a revision of one that is
            // not published yet; a revision of a published solution stays published if the agent keeps it so.
            isPublished: draft.isPublished
                && (author.role != .agent || !configuration.newSolutionsNeedReview || previous?.isPublished == true),
            previousVersionId: previous?.id,
            supersededById: nil,
            reuseCount: 0,
            solvedCount: 0,
            notSolvedCount: 0
        )
        solution.id = try sql.insert(solution)
        let id = solution.requiredID
        try audit(sql, entity: "solution", entityId: "\(id)", actorId: author.id, action: "created", at: at)
        try logChange(sql, .solution, id, at: at)
        if var previous {
            previous.supersededById = id
            previous.updatedAt = at
            try sql.update(previous)
            try audit(
                sql,
                entity: "solution",
                entityId: "\(previous.requiredID)",
                actorId: author.id,
                action: "superseded",
                field: "supersededById",
                after: "\(id)",
                at: at
            )
            try logChange(sql, .solution, previous.requiredID, at: at)
        }
        return solution
    }
}
