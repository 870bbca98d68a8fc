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
    public static func reopenedStatus(for ticket: Ticket) -> TicketStatus { ticket.assigneeId == nil ? .new : .assigned }

    /// Checks that `actor` may add a message to `ticket`: an internal note (staff only) or a message the customer
    /// reads, written by the ticket's customer (on a resolved ticket, within the reopening window, since it reopens
    /// it) or by its handler. Never on a closed ticket.
    /// - Throws: `.forbidden` or `.invalidTransition` naming why.
    static func checkMessage(
        _ ticket: Ticket, internalNote: Bool, by actor: User, at now: Date, reopenWindow: TimeInterval
    ) throws {
        let closed = HelpdeskError.invalidTransition(from: .closed, to: .closed, reason: "the ticket is closed")
        if actor.role == .customer {
            guard !internalNote else { throw HelpdeskError.forbidden("Customers cannot write internal notes.") }
            guard ticket.status != .closed else {
                throw HelpdeskError.invalidTransition(
                    from: .closed, to: .closed, reason: "a closed ticket cannot change; open a new ticket instead")
            }
            if ticket.status == .resolved {
                try checkStatusChange(ticket, to: reopenedStatus(for: ticket), by: actor, at: now, reopenWindow: reopenWindow)
            }
        } else if internalNote {
            try Permissions.requireStaff(actor)
            guard ticket.status != .closed else { throw closed }
        } else {
            guard Permissions.isHandler(actor, of: ticket) else {
                throw HelpdeskError.forbidden("Take the ticket before replying to the customer.")
            }
            guard ticket.status != .closed else { throw closed }
        }
    }

    /// Checks that `actor` may assign `ticket`: an admin to any agent (`agentId`, checked against the store by the
    /// caller), an agent only to themselves and only while nobody holds it; only open tickets not merged away.
    /// - Throws: `.forbidden`, `.conflict` or `.invalidTransition` naming why.
    static func checkAssignment(_ ticket: Ticket, to agentId: Int64?, by actor: User) throws {
        try Permissions.requireStaff(actor)
        if actor.role == .agent {
            guard agentId == actor.id else { throw HelpdeskError.forbidden("Agents can only take tickets for themselves.") }
            guard ticket.assigneeId == nil else { throw HelpdeskError.conflict("Another agent already holds this ticket.") }
        }
        guard ticket.status.isOpen, ticket.mergedIntoId == nil else {
            throw HelpdeskError.invalidTransition(from: ticket.status, to: .assigned, reason: "only open tickets can be assigned")
        }
    }

    /// Checks that `actor` may resolve `ticket`: its handler, while it is open and not merged away.
    /// - Throws: `.forbidden` or `.invalidTransition` naming why.
    static func checkResolution(_ ticket: Ticket, by actor: User) throws {
        try Permissions.requireStaff(actor)
        guard Permissions.isHandler(actor, of: ticket) else {
            throw HelpdeskError.forbidden("Only the assigned agent or an admin can resolve this ticket.")
        }
        guard ticket.mergedIntoId == nil, exists(from: ticket.status, to: .resolved) else {
            throw HelpdeskError.invalidTransition(
                from: ticket.status, to: .resolved, reason: "only an open ticket can be resolved")
        }
    }

    /// What `actor` may do with `ticket` at `now`: drawn from the same checks the writes enforce, so a page shows a
    /// button exactly when pressing it can succeed (unless the ticket changes in between).
    public static func actions(
        for actor: User, on ticket: Ticket, at now: Date, reopenWindow: TimeInterval
    ) -> TicketActions {
        func allowed(_ check: () throws -> Void) -> Bool { (try? check()) != nil }
        var actions = TicketActions()
        actions.reply = allowed { try checkMessage(ticket, internalNote: false, by: actor, at: now, reopenWindow: reopenWindow) }
        actions.internalNote = actor.role.isStaff
            && allowed { try checkMessage(ticket, internalNote: true, by: actor, at: now, reopenWindow: reopenWindow) }
        actions.take = actor.role == .agent && ticket.assigneeId == nil
            && allowed { try checkAssignment(ticket, to: actor.id, by: actor) }
        actions.assign = actor.role == .admin && allowed { try checkAssignment(ticket, to: nil, by: actor) }
        actions.resolve = allowed { try checkResolution(ticket, by: actor) }
        let candidates: [TicketStatus] =
            ticket.status == .resolved
            ? [.closed, reopenedStatus(for: ticket)] : [.inProgress, .waitingOnCustomer, .closed]
        actions.statusChanges = candidates.filter { target in
            allowed { try checkStatusChange(ticket, to: target, by: actor, at: now, reopenWindow: reopenWindow) }
        }
        return actions
    }
}

/// What one person may do with one ticket (`TicketWorkflow.actions`): the buttons a page draws.
public struct TicketActions: Sendable, Hashable {
    /// Add a message the customer reads (the customer's own, or the handler's).
    public var reply = false
    /// Add an internal note (staff).
    public var internalNote = false
    /// Take the unassigned ticket for oneself (agents).
    public var take = false
    /// Assign it to any agent (admins).
    public var assign = false
    /// Resolve it with a solution (its handler).
    public var resolve = false
    /// The plain status changes allowed, in the order buttons show them: in progress, waiting on the customer and
    /// closed for an open ticket; closed and reopened (`new` or `assigned`) for a resolved one.
    public var statusChanges: [TicketStatus] = []

    /// Whether one of the status changes reopens a resolved ticket.
    public var reopen: Bool { statusChanges.contains { $0 == .new || $0 == .assigned } }
    /// Whether it may be closed.
    public var close: Bool { statusChanges.contains(.closed) }

    public init() {}
}
