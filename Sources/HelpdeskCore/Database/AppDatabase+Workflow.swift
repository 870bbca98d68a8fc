import Foundation
import GRDB

extension AppDatabase {
    /// One agent's open tickets, counted from the index of open tickets (`TicketStatus.openSQLList`): the capacity
    /// check of an assignment.
    static let openTicketCountSQL =
        "SELECT COUNT(*) FROM ticket WHERE assigneeId = ? AND status IN (\(TicketStatus.openSQLList))"

    // MARK: - Replies and notes

    /// Adds a message to a ticket's thread.
    ///
    /// - A customer reply on `waitingOnCustomer` moves the ticket back to `inProgress`; on a `resolved` ticket within
    ///   the reopen window it reopens it (`assigned`, or `new` when nobody holds it).
    /// - A public staff reply (assignee or admin) sets `firstResponseAt`, moves `assigned` to `inProgress` and mails
    ///   the customer.
    /// - An internal note (any staff who can see the ticket) is never shown to customers.
    /// - `attachments` (files already in place in the `AttachmentStore`) are recorded on the message in the same
    ///   transaction, and the mails about it link to them.
    /// - A customer reply is recorded as the ticket's last customer activity (`replied`, or `reopened` when it reopens
    ///   the ticket) and mailed, quoted, to the assignee; staff replies and notes mail no staff.
    /// - Parameter notifyAdminsWhenUnassigned: whether the admins get that mail while nobody holds the ticket.
    /// - Throws: `.notFound` when the ticket is not visible; `.forbidden`; `.invalidTransition` for closed tickets or
    ///   a reply after the reopen window.
    @discardableResult
    public func reply(
        to ticketId: Int64,
        by author: User,
        body: String,
        internalNote: Bool = false,
        notifyAdminsWhenUnassigned: Bool = true,
        attachments files: [StoredAttachment] = []
    ) async throws
        -> TicketMessage
    {
        let body = try InputValidation.requiredText(body, field: "body", maxLength: 20_000)
        let at = now()
        return try await sqlWriteIndexed { db in
            try self.writeReply(
                db, to: ticketId, by: author, body: body, internalNote: internalNote,
                notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned, attachments: files, at: at)
        }
    }

    /// `reply`'s write, inside the caller's transaction (`body` already validated).
    func writeReply(
        _ db: any SQLExecutor, to ticketId: Int64, by author: User, body: String, internalNote: Bool,
        notifyAdminsWhenUnassigned: Bool, attachments files: [StoredAttachment], at: Date
    ) throws -> TicketMessage {
        let (found, author) = try self.visibleTicketForWrite(db, id: ticketId, actor: author)
        var ticket = found
        let kind: MessageKind
        var customerAction: CustomerAction?
        try TicketWorkflow.checkMessage(
            ticket, internalNote: internalNote, by: author, at: at, reopenWindow: self.configuration.reopenWindow)
        if author.role == .customer {
            kind = .customerReply
            customerAction = ticket.status == .resolved ? .reopened : .replied
            try self.applyCustomerReply(db, &ticket, by: author, at: at)
        } else if internalNote {
            kind = .internalNote
        } else {
            kind = .agentReply
            if ticket.firstResponseAt == nil {
                ticket.firstResponseAt = at
                try self.audit(
                    db,
                    entity: "ticket",
                    entityId: "\(ticketId)",
                    ticketId: ticketId,
                    actorId: author.id,
                    action: "firstResponse",
                    field: "firstResponseAt",
                    after: "\(at)",
                    at: at
                )
            }
            if ticket.status == .assigned {
                try self.setStatus(db, &ticket, .inProgress, actor: author, at: at)
            }
        }
        var message = TicketMessage(
            id: nil,
            ticketId: ticketId,
            authorId: author.id,
            kind: kind,
            body: body,
            createdAt: at,
            mergedFromTicketId: nil
        )
        message.id = try db.insert(message)
        let attachments = try self.recordAttachments(db, files, ticketId: ticketId, messageId: message.id, at: at)
        try self.audit(
            db,
            entity: "ticket",
            entityId: "\(ticketId)",
            ticketId: ticketId,
            actorId: author.id,
            action: kind.rawValue,
            field: "message",
            after: "\(message.id!)",
            at: at
        )
        ticket.updatedAt = at
        if let customerAction {
            try self.noteCustomerActivity(
                db, &ticket, customerAction, by: author, words: body, messageId: message.id, attachments: attachments,
                at: at, notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
        }
        try db.update(ticket)
        if kind == .agentReply, let customer = try db.find(User.self, id: ticket.customerId) {
            let path = "/tickets/\(ticketId)"
            var payload = ["ticketId": "\(ticketId)", "messageId": "\(message.id!)", "path": path]
            Self.addAttachmentPaths(attachments, to: &payload)
            try self.enqueueMail(
                db,
                kind: .agentReplied,
                to: customer.email,
                subject: "Re: \(ticket.subject) [#\(ticketId)]",
                body: """
                    Hello \(customer.name),

                    \(author.name) replied to your request #\(ticketId):

                    \(body)

                    Answer here: \(self.link(path))
                    """ + self.attachmentLines(attachments),
                payload: payload,
                at: at
            )
        }
        return message
    }

    private func applyCustomerReply(_ db: any SQLExecutor, _ ticket: inout Ticket, by customer: User, at: Date) throws {
        switch ticket.status {
        case .closed:
            throw HelpdeskError.invalidTransition(
                from: .closed,
                to: .closed,
                reason: "a closed ticket cannot change; open a new ticket instead"
            )
        case .resolved:
            try reopen(db, &ticket, by: customer, at: at)
        case .waitingOnCustomer:
            try setStatus(db, &ticket, .inProgress, actor: customer, at: at)
        default:
            break
        }
    }

    /// What `actor` may do with `ticket` now (`TicketWorkflow.actions`): the buttons the pages draw, from the same
    /// checks as the writes.
    public func actions(for actor: User, on ticket: Ticket) -> TicketActions {
        TicketWorkflow.actions(for: actor, on: ticket, at: now(), reopenWindow: configuration.reopenWindow)
    }

    /// Reopens a resolved ticket after checking the workflow rule (customer within the window, or staff).
    func reopen(_ db: any SQLExecutor, _ ticket: inout Ticket, by actor: User, at: Date) throws {
        if let assigneeId = ticket.assigneeId, try db.find(User.self, id: assigneeId)?.isActive != true {
            ticket.assigneeId = nil
        }
        let target = TicketWorkflow.reopenedStatus(for: ticket)
        try TicketWorkflow.checkStatusChange(ticket, to: target, by: actor, at: at, reopenWindow: configuration.reopenWindow)
        ticket.resolvedAt = nil
        try setStatus(db, &ticket, target, actor: actor, at: at, action: "reopened")
        var note = TicketMessage(
            id: nil,
            ticketId: ticket.requiredID,
            authorId: nil,
            kind: .system,
            body: "Ticket reopened by \(actor.name).",
            createdAt: at,
            mergedFromTicketId: nil
        )
        note.id = try db.insert(note)
        try logChange(db, .ticket, ticket.requiredID, at: at)
    }

    /// Sets the status and audits it; the caller saves the ticket.
    func setStatus(
        _ db: any SQLExecutor,
        _ ticket: inout Ticket,
        _ status: TicketStatus,
        actor: User?,
        at: Date,
        action: String = "statusChanged"
    ) throws {
        let before = ticket.status
        ticket.status = status
        ticket.updatedAt = at
        try audit(
            db,
            entity: "ticket",
            entityId: "\(ticket.requiredID)",
            ticketId: ticket.id,
            actorId: actor?.id,
            action: action,
            field: "status",
            before: before.rawValue,
            after: status.rawValue,
            at: at
        )
    }

    // MARK: - Status changes

    /// Moves a ticket to `status` when the workflow allows it for `actor`:
    /// `assigned → inProgress`, `inProgress ⇄ waitingOnCustomer` (assignee/admin); `resolved → closed` (customer,
    /// assignee, admin); closing an unresolved ticket (customer, admin); reopening a resolved one (customer within
    /// the window, staff). Resolving goes through `resolve`, assigning through `assign`. A customer's reopening is
    /// recorded as the ticket's last customer activity and mailed to the assignee.
    /// - Parameter notifyAdminsWhenUnassigned: whether the admins get that mail while nobody holds the ticket.
    /// - Throws: `.notFound` when not visible; `.invalidTransition` naming why.
    @discardableResult
    public func changeStatus(
        ticketId: Int64,
        to status: TicketStatus,
        by actor: User,
        notifyAdminsWhenUnassigned: Bool = true
    ) async throws -> Ticket {
        let at = now()
        return try await sqlWriteIndexed { db in
            let (found, actor) = try self.visibleTicketForWrite(db, id: ticketId, actor: actor)
            var ticket = found
            if ticket.status == .resolved && (status == .assigned || status == .new || status == .inProgress) {
                if status == .inProgress {
                    throw HelpdeskError.invalidTransition(
                        from: .resolved,
                        to: .inProgress,
                        reason: "reopen the ticket first (it goes back to assigned)"
                    )
                }
                try self.reopen(db, &ticket, by: actor, at: at)
                if actor.role == .customer {
                    try self.noteCustomerActivity(
                        db, &ticket, .reopened, by: actor, at: at, notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
                }
            } else {
                try TicketWorkflow.checkStatusChange(
                    ticket,
                    to: status,
                    by: actor,
                    at: at,
                    reopenWindow: self.configuration.reopenWindow
                )
                try self.setStatus(db, &ticket, status, actor: actor, at: at)
                if status == .closed {
                    ticket.closedAt = at
                    try self.logChange(db, .ticket, ticketId, at: at)
                }
            }
            try db.update(ticket)
            return ticket
        }
    }

    // MARK: - Assignment

    /// Assigns a ticket to an active agent with spare capacity. Admins assign anyone; an agent may only take an
    /// unassigned ticket for themselves. The capacity check runs inside the write transaction, so concurrent
    /// assignments can never exceed it. Mails the customer and the agent.
    /// - Throws: `.notFound`; `.forbidden`; `.conflict` when the agent is at capacity or the ticket is held;
    ///   `.invalidTransition` for resolved/closed tickets.
    @discardableResult
    public func assign(ticketId: Int64, to agentId: Int64, by actor: User) async throws -> Ticket {
        let at = now()
        return try await sqlWriteIndexed { db in
            let (found, actor) = try self.visibleTicketForWrite(db, id: ticketId, actor: actor)
            var ticket = found
            try TicketWorkflow.checkAssignment(ticket, to: agentId, by: actor)
            if ticket.assigneeId == agentId { return ticket }
            guard let agent = try db.find(User.self, id: agentId), agent.role == .agent else {
                throw HelpdeskError.invalidInput(field: "assigneeId", message: "No such agent.")
            }
            guard agent.isActive else {
                throw HelpdeskError.invalidInput(field: "assigneeId", message: "\(agent.name) is deactivated.")
            }
            let open = Int(
                try db.int64(Self.openTicketCountSQL, arguments: [.integer(agentId)]) ?? 0)
            guard open < agent.capacity else {
                throw HelpdeskError.conflict("\(agent.name) already holds \(open) open tickets (capacity \(agent.capacity)).")
            }
            let previous = ticket.assigneeId
            ticket.assigneeId = agentId
            try self.audit(
                db,
                entity: "ticket",
                entityId: "\(ticketId)",
                ticketId: ticketId,
                actorId: actor.id,
                action: "assigned",
                field: "assigneeId",
                before: previous.map { "\($0)" },
                after: "\(agentId)",
                at: at
            )
            if ticket.status == .new { try self.setStatus(db, &ticket, .assigned, actor: actor, at: at) }
            ticket.updatedAt = at
            try db.update(ticket)
            try self.logChange(db, .ticket, ticketId, at: at)
            try self.mailAssignment(db, ticket: ticket, agent: agent, at: at)
            return ticket
        }
    }

    /// An agent takes an unassigned ticket from the queue (same rules as `assign`).
    @discardableResult
    public func take(ticketId: Int64, by agent: User) async throws -> Ticket {
        try await assign(ticketId: ticketId, to: agent.requiredID, by: agent)
    }

    private func mailAssignment(_ db: any SQLExecutor, ticket: Ticket, agent: User, at: Date) throws {
        let id = ticket.requiredID
        let path = "/tickets/\(id)"
        if let customer = try db.find(User.self, id: ticket.customerId) {
            try enqueueMail(
                db,
                kind: .ticketAssignedCustomer,
                to: customer.email,
                subject: "\(agent.name) is handling your request [#\(id)]",
                body: """
                    Hello \(customer.name),

                    \(agent.name) is now handling your request #\(id) "\(ticket.subject)".
                    \(link(path))
                    """,
                payload: ["ticketId": "\(id)", "agentId": "\(agent.requiredID)", "path": path],
                at: at
            )
        }
        try enqueueMail(
            db,
            kind: .ticketAssignedAgent,
            to: agent.email,
            subject: "Assigned to you: \(ticket.subject) [#\(id)]",
            body: """
                Hello \(agent.name),

                Ticket #\(id) "\(ticket.subject)" (\(ticket.priority.rawValue) priority) is now assigned to you.
                \(link(path))
                """,
            payload: ["ticketId": "\(id)", "agentId": "\(agent.requiredID)", "path": path],
            at: at
        )
    }
}

extension AppDatabase {
    /// Reopens a resolved ticket (for GRDB code not yet on the SQL layer).
    func reopen(_ db: Database, _ ticket: inout Ticket, by actor: User, at: Date) throws {
        try reopen(SQLiteExecutor(db: db) as any SQLExecutor, &ticket, by: actor, at: at)
    }

    /// Sets the status and audits it (for GRDB code not yet on the SQL layer).
    func setStatus(
        _ db: Database, _ ticket: inout Ticket, _ status: TicketStatus, actor: User?, at: Date, action: String = "statusChanged"
    ) throws {
        try setStatus(SQLiteExecutor(db: db) as any SQLExecutor, &ticket, status, actor: actor, at: at, action: action)
    }
}
