import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Verdicts

    /// Records the customer's answer to "did this solve it?" for the latest solution of a resolved ticket. `solved`
    /// closes the ticket; `notSolved` reopens it (within the reopen window). Changing one's mind moves the count.
    /// - Throws: `.notFound` unless `customer` owns the ticket; `.invalidTransition` when it is not resolved.
    @discardableResult
    public func recordVerdict(ticketId: Int64, by customer: User, _ verdict: Verdict) async throws -> Ticket {
        let at = now()
        return try await write { db in
            let (ticket, customer) = try self.visibleTicketForWrite(db, id: ticketId, actor: customer)
            guard Permissions.isOwner(customer, of: ticket) else {
                throw HelpdeskError.forbidden("Only the customer who asked can say whether it solved the problem.")
            }
            return try self.applyVerdict(db, ticket: ticket, customer: customer, verdict, at: at)
        }
    }

    /// Records a verdict from the single-use link of the resolution mail (no sign-in needed).
    /// - Throws: `.invalidToken` for an unknown, used or expired link.
    @discardableResult
    public func recordVerdict(token: String, _ verdict: Verdict) async throws -> Ticket {
        let at = now()
        return try await write { db in
            let row = try self.consumeToken(db, token, purpose: .verdict, at: at)
            guard let ticketId = row.ticketId, let ticket = try Ticket.fetchOne(db, key: ticketId),
                let customer = try User.fetchOne(db, key: row.userId), ticket.customerId == customer.id
            else { throw HelpdeskError.invalidToken(reason: "This link is not valid.") }
            return try self.applyVerdict(db, ticket: ticket, customer: customer, verdict, at: at)
        }
    }

    private func applyVerdict(
        _ db: Database,
        ticket found: Ticket,
        customer: User,
        _ verdict: Verdict,
        at: Date
    ) throws
        -> Ticket
    {
        var ticket = found
        let ticketId = ticket.requiredID
        guard ticket.status == .resolved || (ticket.status == .closed && ticket.mergedIntoId == nil) else {
            throw HelpdeskError.invalidTransition(
                from: ticket.status,
                to: verdict == .solved ? .closed : .assigned,
                reason: "the ticket is not resolved"
            )
        }
        guard
            var link = try TicketSolution.filter(TicketSolution.Columns.ticketId == ticketId)
                .order(TicketSolution.Columns.linkedAt.desc).fetchOne(db),
            var solution = try Solution.fetchOne(db, key: link.solutionId)
        else { throw HelpdeskError.conflict("This ticket has no solution to judge.") }
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
                db,
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
            try link.update(db)
            solution.updatedAt = at
            try solution.update(db)
            // The verdict decides whether this complaint belongs to the solution's document (and its current
            // version's, which carries the complaints of earlier versions), so that document is indexed again.
            var current = solution
            var seen: Set<Int64> = [current.requiredID]
            while let next = current.supersededById, seen.insert(next).inserted, let newer = try Solution.fetchOne(db, key: next) {
                current = newer
            }
            try logChange(db, .solution, current.requiredID, at: at)
        }
        if ticket.status == .resolved {
            switch verdict {
            case .solved:
                try setStatus(db, &ticket, .closed, actor: customer, at: at)
                ticket.closedAt = at
                try logChange(db, .ticket, ticketId, at: at)
            case .notSolved:
                try reopen(db, &ticket, by: customer, at: at)
            }
            try ticket.update(db)
        }
        return ticket
    }
}
