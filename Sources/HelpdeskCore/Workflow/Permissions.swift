/// Role checks shared by every write.
enum Permissions {
    /// Throws unless `user` is an admin.
    static func requireAdmin(_ user: User) throws {
        guard user.role == .admin, user.isActive else { throw HelpdeskError.forbidden("Only an admin can do this.") }
    }

    /// Throws unless `user` is an agent or an admin.
    static func requireStaff(_ user: User) throws {
        guard user.role.isStaff, user.isActive else { throw HelpdeskError.forbidden("Only support staff can do this.") }
    }

    /// Whether `user` may act as the ticket's handler: its assignee, or an admin.
    static func isHandler(_ user: User, of ticket: Ticket) -> Bool {
        user.role == .admin || (user.role == .agent && ticket.assigneeId == user.id)
    }

    /// Whether `user` is the ticket's customer.
    static func isOwner(_ user: User, of ticket: Ticket) -> Bool {
        user.role == .customer && ticket.customerId == user.id
    }
}
