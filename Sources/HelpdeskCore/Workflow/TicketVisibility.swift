/// THE visibility rule for tickets, as SQL conditions on both stores; every query that returns tickets goes through it.
///
/// - A customer sees only their own tickets.
/// - An agent sees the queue (unassigned tickets in status `new`), the tickets assigned to them, and
///   every resolved or closed ticket: the team's solved history is what agents reuse (similar solved
///   tickets beside the one they work on). Open tickets of colleagues stay hidden.
/// - An admin sees every ticket.
/// - A deactivated account sees nothing.
package enum TicketVisibility {
    /// A condition on the ticket table (named `table` in the query) that keeps the tickets `user` may see, with its
    /// arguments.
    package static func condition(for user: User, table: String = "ticket") -> (sql: String, arguments: [SQLValue]) {
        guard user.isActive, let userId = user.id else { return ("1 = 0", []) }
        switch user.role {
        case .customer:
            return ("\(table).customerId = ?", [.integer(userId)])
        case .agent:
            return (
                "(\(table).assigneeId = ? OR (\(table).assigneeId IS NULL AND \(table).status = ?) OR \(table).status IN (?, ?))",
                [
                    .integer(userId), .text(TicketStatus.new.rawValue), .text(TicketStatus.resolved.rawValue),
                    .text(TicketStatus.closed.rawValue),
                ]
            )
        case .admin:
            return ("1 = 1", [])
        }
    }

    /// A condition on the message table that hides internal notes from customers.
    package static func messageCondition(for user: User, table: String = "ticketMessage") -> (sql: String, arguments: [SQLValue]) {
        user.role.isStaff ? ("1 = 1", []) : ("\(table).kind <> ?", [.text(MessageKind.internalNote.rawValue)])
    }
}
