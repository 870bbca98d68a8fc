import Foundation

/// The ticket state machine: which status changes exist, and who may make them.
///
/// ```
/// new ──assign──▶ assigned ──▶ inProgress ◀──▶ waitingOnCustomer
///                     └────────────┴──resolve (with a solution)──▶ resolved ──▶ closed
/// resolved ──reopen (customer within the window, or staff)──▶ assigned / new
/// ```
public enum TicketWorkflow {
    /// The edges of the state machine, independent of who asks. `resolved` is only reached through `resolve`, `new`
    /// and `assigned` through assignment, reopening and deactivation.
    public static func exists(from: TicketStatus, to: TicketStatus) -> Bool {
        switch (from, to) {
        case (.assigned, .inProgress), (.assigned, .waitingOnCustomer), (.inProgress, .waitingOnCustomer),
            (.waitingOnCustomer, .inProgress):
            true
        case (.new, .resolved), (.assigned, .resolved), (.inProgress, .resolved), (.waitingOnCustomer, .resolved):
            true
        case (.resolved, .assigned), (.resolved, .new), (.resolved, .closed):
            true
        case (.new, .closed), (.assigned, .closed), (.inProgress, .closed), (.waitingOnCustomer, .closed):
            true
        default:
            false
        }
    }

    /// Checks that `actor` may move `ticket` to `target` through a plain status change (not assign/resolve/reply).
    /// - Throws: `.invalidTransition` naming why.
    static func checkStatusChange(
        _ ticket: Ticket,
        to target: TicketStatus,
        by actor: User,
        at now: Date,
        reopenWindow: TimeInterval
    )
        throws
    {
        let from = ticket.status
        func refuse(_ reason: String) -> HelpdeskError { .invalidTransition(from: from, to: target, reason: reason) }
        if from == target { throw refuse("the ticket is already \(target.rawValue)") }
        if from == .closed { throw refuse("a closed ticket cannot change; open a new ticket instead") }
        if ticket.mergedIntoId != nil { throw refuse("the ticket was merged into #\(ticket.mergedIntoId!)") }
        guard exists(from: from, to: target) else { throw refuse("the workflow has no such step") }
        let handler = Permissions.isHandler(actor, of: ticket)
        let owner = Permissions.isOwner(actor, of: ticket)
        switch target {
        case .resolved:
            throw refuse("resolve the ticket with a solution")
        case .inProgress, .waitingOnCustomer:
            guard handler else { throw refuse("only the assigned agent or an admin can do this") }
        case .closed:
            if from == .resolved {
                guard handler || owner else { throw refuse("only the customer, the assigned agent or an admin can close it") }
            } else {
                guard actor.role == .admin || owner else {
                    throw refuse("only the customer or an admin can close an unresolved ticket")
                }
            }
        case .assigned, .new:
            // Reopening a resolved ticket.
            if owner {
                guard let resolvedAt = ticket.resolvedAt, now.timeIntervalSince(resolvedAt) <= reopenWindow else {
                    throw refuse("the ticket was resolved more than \(Int(reopenWindow / 86_400)) days ago")
                }
            } else if !(handler || actor.role.isStaff) {
                throw refuse("only the customer, the assigned agent or an admin can reopen it")
            }
            if target == .assigned && ticket.assigneeId == nil { throw refuse("the ticket has no assignee") }
        }
    }

    /// The status a resolved ticket goes back to when reopened.
    static func reopenedStatus(for ticket: Ticket) -> TicketStatus { ticket.assigneeId == nil ? .new : .assigned }
}
