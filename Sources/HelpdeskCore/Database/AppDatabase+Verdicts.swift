import Foundation

extension AppDatabase {
    // MARK: - Verdicts

    /// How long after a resolution the customer may change the verdict they gave on it: three days. Giving the same
    /// verdict again is always accepted (and changes nothing).
    public static let verdictChangeWindow: TimeInterval = 3 * 86_400

    /// Records the customer's answer to "did this solve it?" for the latest solution of a resolved ticket. `solved`
    /// closes the ticket; `notSolved` reopens it (within the reopen window).
    ///
    /// One verdict per resolution: the same answer again is a no-op (a form or mail link sent twice); a different
    /// answer moves the counts only within `verdictChangeWindow` of the resolution.
    /// A `notSolved` answer is recorded as the ticket's last customer activity and mailed to the assignee.
    /// - Parameter notifyAdminsWhenUnassigned: whether the admins get that mail while nobody holds the ticket.
    /// - Throws: `.notFound` unless `customer` owns the ticket; `.invalidTransition` when it is not resolved;
    ///   `.conflict` when the verdict would change after the window.
    @discardableResult
    public func recordVerdict(
        ticketId: Int64,
        by customer: User,
        _ verdict: Verdict,
        notifyAdminsWhenUnassigned: Bool = true
    ) async throws -> Ticket {
        let at = now()
        return try await sqlWriteIndexed { sql in
            let (ticket, customer) = try self.visibleTicketForWrite(sql, id: ticketId, actor: customer)
            guard Permissions.isOwner(customer, of: ticket) else {
                throw HelpdeskError.forbidden("Only the customer who asked can say whether it solved the problem.")
            }
            return try self.applyVerdict(
                sql, ticket: ticket, customer: customer, verdict, at: at,
                notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
        }
    }

    /// Records a verdict from the single-use link of the resolution mail (no sign-in needed).
    ///
    /// A used link that asks for the verdict already recorded on its ticket is accepted and changes nothing, so that
    /// a mail link opened twice does not end in an error.
    /// - Parameter notifyAdminsWhenUnassigned: whether the admins hear of a `notSolved` while nobody holds the ticket.
    /// - Throws: `.invalidToken` for an unknown or expired link, or a used one asking for another verdict.
    @discardableResult
    public func recordVerdict(token: String, _ verdict: Verdict, notifyAdminsWhenUnassigned: Bool = true) async throws
        -> Ticket
    {
        let at = now()
        return try await sqlWriteIndexed { sql in
            if let ticket = try self.repeatedVerdict(sql, token: token, verdict, at: at) { return ticket }
            let row = try self.consumeToken(sql, token, purpose: .verdict, at: at)
            guard let ticketId = row.ticketId, let ticket = try sql.find(Ticket.self, id: ticketId),
                let customer = try sql.find(User.self, id: row.userId), ticket.customerId == customer.id
            else { throw HelpdeskError.invalidToken(reason: "This link is not valid.") }
            return try self.applyVerdict(
                sql, ticket: ticket, customer: customer, verdict, at: at,
                notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
        }
    }

    /// The ticket of a used, unexpired verdict link whose ticket already has `verdict` on its latest solution; nil
    /// otherwise (the link then goes through `consumeToken`, which names what is wrong with it).
    private func repeatedVerdict(
        _ sql: any SQLExecutor, token: String, _ verdict: Verdict, at: Date
    ) throws -> Ticket? {
        guard
            let row = try sql.fetchOne(
                OneTimeToken.self, "SELECT * FROM oneTimeToken WHERE tokenHash = ? AND purpose = ?",
                SecureToken.hash(token), TokenPurpose.verdict.rawValue),
            row.usedAt != nil, row.expiresAt > at, let ticketId = row.ticketId,
            let ticket = try sql.find(Ticket.self, id: ticketId), ticket.customerId == row.userId,
            try latestSolutionLink(sql, ticketId: ticketId)?.verdict == verdict
        else { return nil }
        return ticket
    }

    /// How the ticket of a verdict link stands now, read without using the link, so that a link that changed nothing
    /// (the customer answered on the request page since, or the ticket moved on) can be explained in plain words.
    /// - Returns: nil for an unknown or expired link, or one whose ticket is gone.
    public func verdictLinkState(token: String) async throws -> VerdictLinkState? {
        let at = now()
        let hash = SecureToken.hash(token)
        return try await sqlRead { sql in
            guard
                let row = try sql.fetchOne(
                    OneTimeToken.self, "SELECT * FROM oneTimeToken WHERE tokenHash = ? AND purpose = ?", hash,
                    TokenPurpose.verdict.rawValue),
                row.expiresAt > at, let ticketId = row.ticketId, let ticket = try sql.find(Ticket.self, id: ticketId),
                ticket.customerId == row.userId
            else { return nil }
            return VerdictLinkState(
                ticketId: ticketId, status: ticket.status, verdict: try self.latestSolutionLink(sql, ticketId: ticketId)?.verdict)
        }
    }

    /// The ticket's most recent solution link (the resolution a verdict is about).
    private func latestSolutionLink(_ sql: any SQLExecutor, ticketId: Int64) throws -> TicketSolution? {
        try sql.fetchOne(
            TicketSolution.self, "SELECT * FROM ticketSolution WHERE ticketId = ? ORDER BY linkedAt DESC LIMIT 1",
            ticketId)
    }

    /// Records `verdict` on the ticket's latest solution link (counts, audit, index), then closes or reopens a resolved
    /// ticket and tells the agent of a `notSolved`; the same answer again changes nothing.
    private func applyVerdict(
        _ sql: any SQLExecutor,
        ticket found: Ticket,
        customer: User,
        _ verdict: Verdict,
        at: Date,
        notifyAdminsWhenUnassigned: Bool
    ) throws
        -> Ticket
    {
        var ticket = found
        let ticketId = ticket.requiredID
        let latest = try latestSolutionLink(sql, ticketId: ticketId)
        // The same answer again (a form posted twice, a stale mail link) changes nothing. A ticket resolved again with
        // the same solution keeps that link and its verdict, so a resolved ticket still goes on to close or reopen.
        if let latest, latest.verdict == verdict, ticket.status != .resolved { return ticket }
        guard ticket.status == .resolved || (ticket.status == .closed && ticket.mergedIntoId == nil) else {
            throw HelpdeskError.invalidTransition(
                from: ticket.status,
                to: verdict == .solved ? .closed : .assigned,
                reason: "the ticket is not resolved"
            )
        }
        guard var link = latest, var solution = try sql.find(Solution.self, id: link.solutionId) else {
            throw HelpdeskError.conflict("This ticket has no solution to judge.")
        }
        // The resolution is the latest one: a ticket resolved again with the same solution keeps its link.
        let resolvedAt = max(link.linkedAt, ticket.resolvedAt ?? link.linkedAt)
        if let given = link.verdict, given != verdict, at > resolvedAt.addingTimeInterval(Self.verdictChangeWindow) {
            let days = Int(Self.verdictChangeWindow / 86_400)
            throw HelpdeskError.conflict(
                "You already told us that this \(given == .solved ? "solved" : "did not solve") the problem. An answer can "
                    + "be changed only within \(days) days of the resolution, and that time has passed."
            )
        }
        if link.verdict != verdict {
            switch link.verdict {
            case .solved: solution.solvedCount -= 1
            case .notSolved: solution.notSolvedCount -= 1
            case nil: break
            }
            switch verdict {
            case .solved: solution.solvedCount += 1
            case .notSolved: solution.notSolvedCount += 1
            }
            try audit(
                sql,
                entity: "ticket",
                entityId: "\(ticketId)",
                ticketId: ticketId,
                actorId: customer.id,
                action: "verdict",
                field: "verdict",
                before: link.verdict?.rawValue,
                after: verdict.rawValue,
                at: at
            )
            link.verdict = verdict
            link.verdictAt = at
            try sql.execute(
                "UPDATE ticketSolution SET verdict = ?, verdictAt = ? WHERE ticketId = ? AND solutionId = ?",
                verdict.rawValue, at, link.ticketId, link.solutionId)
            solution.updatedAt = at
            try sql.update(solution)
            // The verdict decides whether this complaint belongs to the solution's document (and its current
            // version's, which carries the complaints of earlier versions), so that document is indexed again.
            var current = solution
            var seen: Set<Int64> = [current.requiredID]
            while let next = current.supersededById, seen.insert(next).inserted,
                let newer = try sql.find(Solution.self, id: next)
            {
                current = newer
            }
            try logChange(sql, .solution, current.requiredID, at: at)
        }
        let wasResolved = ticket.status == .resolved
        if wasResolved {
            switch verdict {
            case .solved:
                try setStatus(sql, &ticket, .closed, actor: customer, at: at)
                ticket.closedAt = at
                try logChange(sql, .ticket, ticketId, at: at)
            case .notSolved:
                try reopen(sql, &ticket, by: customer, at: at)
            }
        }
        // Reaching here, "not solved" either reopened the ticket or changed an earlier answer on a closed one: the
        // agent hears of it either way.
        if verdict == .notSolved {
            try noteCustomerActivity(
                sql, &ticket, .notSolved, by: customer, solutionTitle: solution.title, at: at,
                notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
        }
        if wasResolved || verdict == .notSolved { try sql.update(ticket) }
        return ticket
    }
}

/// How the ticket of a verdict link stands now (see `AppDatabase.verdictLinkState(token:)`).
public struct VerdictLinkState: Sendable, Equatable {
    /// The ticket the link is about.
    public var ticketId: Int64
    /// Its status now.
    public var status: TicketStatus
    /// The verdict on its latest solution, if the customer gave one.
    public var verdict: Verdict?
}
