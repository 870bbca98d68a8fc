import GRDB

/// THE visibility rule for tickets; every query that returns tickets goes through it.
///
/// - A customer sees only their own tickets.
/// - An agent sees the queue (unassigned tickets in status `new`), the tickets assigned to them, and
///   every resolved or closed ticket: the team's solved history is what agents reuse (similar solved
///   tickets beside the one they work on). Open tickets of colleagues stay hidden.
/// - An admin sees every ticket.
/// - A deactivated account sees nothing.
extension DerivableRequest<Ticket> {
    /// Restricts the request to the tickets `user` may see.
    public func visible(to user: User) -> Self {
        guard user.isActive, let userId = user.id else { return filter(sql: "0") }
        switch user.role {
        case .customer:
            return filter(Ticket.Columns.customerId == userId)
        case .agent:
            return filter(
                Ticket.Columns.assigneeId == userId
                    || (Ticket.Columns.assigneeId == nil && Ticket.Columns.status == TicketStatus.new)
                    || [TicketStatus.resolved, TicketStatus.closed].contains(Ticket.Columns.status)
            )
        case .admin:
            return self
        }
    }
}

/// Which thread messages a viewer may read.
extension DerivableRequest<TicketMessage> {
    /// Hides internal notes from customers.
    public func visible(to user: User) -> Self {
        user.role.isStaff ? self : filter(TicketMessage.Columns.kind != MessageKind.internalNote)
    }
}
