import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Creating

    /// Files a ticket for a customer: SLA deadlines come from `slaPolicy`; a "ticket received" mail, the audit row
    /// and the change-log row are written in the same transaction, with a row for each of `attachments` (files already
    /// in place in the `AttachmentStore`).
    /// - Throws: `.forbidden` unless `customer` is an active, confirmed customer; `.invalidInput`.
    public func createTicket(
        by customer: User,
        subject: String,
        description: String,
        categoryId: String? = nil,
        priority: TicketPriority = .normal,
        attachments files: [StoredAttachment] = []
    ) async throws -> Ticket {
        let subject = try InputValidation.requiredText(subject, field: "subject", maxLength: 200)
        let description = try InputValidation.requiredText(description, field: "description", maxLength: 20_000)
        let at = now()
        return try await sqlWriteIndexed { db in
            try self.writeTicket(
                db, by: customer, subject: subject, description: description, categoryId: categoryId, priority: priority,
                attachments: files, at: at)
        }
    }

    /// `createTicket`'s write, inside the caller's transaction (`subject` and `description` already validated).
    func writeTicket(
        _ db: any SQLExecutor, by customer: User, subject: String, description: String, categoryId: String?,
        priority: TicketPriority, attachments files: [StoredAttachment], at: Date
    ) throws -> Ticket {
        let customer = try self.activeUser(db, customer)
        guard customer.role == .customer else { throw HelpdeskError.forbidden("Only customers file tickets.") }
        guard customer.isConfirmed else { throw HelpdeskError.forbidden("Confirm your e-mail address first.") }
        if let categoryId, try Self.categoryExists(db, categoryId) == false {
            throw HelpdeskError.invalidInput(field: "categoryId", message: "Unknown category \"\(categoryId)\".")
        }
        let policy = try self.slaPolicy(db, priority)
        var ticket = Ticket(
            id: nil,
            externalId: nil,
            customerId: customer.requiredID,
            subject: subject,
            description: description,
            categoryId: categoryId,
            priority: priority,
            status: .new,
            assigneeId: nil,
            createdAt: at,
            updatedAt: at,
            firstResponseAt: nil,
            resolvedAt: nil,
            closedAt: nil,
            firstResponseDueAt: at.addingTimeInterval(TimeInterval(policy.firstResponseMinutes * 60)),
            resolutionDueAt: at.addingTimeInterval(TimeInterval(policy.resolutionMinutes * 60)),
            mergedIntoId: nil
        )
        ticket.id = try db.insert(ticket)
        let id = ticket.requiredID
        try self.audit(db, entity: "ticket", entityId: "\(id)", ticketId: id, actorId: customer.id, action: "created", at: at)
        try self.logChange(db, .ticket, id, at: at)
        let attachments = try self.recordAttachments(db, files, ticketId: id, messageId: nil, at: at)
        let path = "/tickets/\(id)"
        var payload = ["ticketId": "\(id)", "path": path]
        Self.addAttachmentPaths(attachments, to: &payload)
        try self.enqueueMail(
            db,
            kind: .ticketReceived,
            to: customer.email,
            subject: "We received your request: \(subject) [#\(id)]",
            body: """
                Hello \(customer.name),

                Thank you for contacting us. Your request #\(id) "\(subject)" has been received; an agent will answer
                soon. You can follow it here:
                \(self.link(path))
                """ + self.attachmentLines(attachments),
            payload: payload,
            at: at
        )
        return ticket
    }

    // MARK: - Reading (every query goes through `visible(to:)`)

    /// The ticket with `id`, if `viewer` may see it.
    /// - Throws: `.notFound` when it does not exist *or* the viewer may not see it.
    public func ticket(id: Int64, for viewer: User) async throws -> Ticket {
        try await sqlRead { db in try Self.visibleTicket(db, id: id, for: viewer) }
    }

    /// The ticket with its thread (no internal notes for customers), solutions, verdict and the attachments of the
    /// request and of the messages shown.
    /// - Throws: `.notFound` when the viewer may not see it.
    public func ticketDetail(id: Int64, for viewer: User) async throws -> TicketDetail {
        try await sqlRead { db in
            let ticket = try Self.visibleTicket(db, id: id, for: viewer)
            let hidden = TicketVisibility.messageCondition(for: viewer)
            let messages = try db.fetchAll(
                TicketMessage.self, "SELECT * FROM ticketMessage WHERE ticketId = ? AND \(hidden.sql) ORDER BY createdAt, id",
                arguments: [.integer(id)] + hidden.arguments)
            let links = try db.fetchAll(
                TicketSolution.self, "SELECT * FROM ticketSolution WHERE ticketId = ? ORDER BY linkedAt, solutionId", id)
            let solutions = try links.compactMap { try db.find(Solution.self, id: $0.solutionId) }
            let attachments = try Self.attachments(db, ticketId: id, messages: messages)
            let userIds = Set([ticket.customerId] + [ticket.assigneeId].compactMap { $0 } + messages.compactMap(\.authorId))
            let names = try Self.names(db, of: userIds)
            // What came by e-mail: the request itself, and answers (also those merged in from another ticket).
            let filedByMail = try db.row("SELECT 1 AS one FROM inboundMail WHERE ticketId = ? AND ticketMessageId IS NULL", id) != nil
            let customerMessages = messages.filter { $0.kind == .customerReply }.compactMap(\.id)
            let byMail = customerMessages.isEmpty
                ? []
                : Set(try db.rows(
                    "SELECT ticketMessageId FROM inboundMail WHERE ticketMessageId IN (\(sqlPlaceholders(customerMessages.count)))",
                    customerMessages.map { .integer($0) }
                ).map { try $0.int64("ticketMessageId") })
            return TicketDetail(
                ticket: ticket,
                messages: messages,
                solutions: solutions,
                verdict: links.last?.verdict,
                names: names,
                attachments: attachments,
                filedByMail: filedByMail,
                messagesByMail: byMail
            )
        }
    }

    /// The thread of a ticket as `viewer` may see it.
    /// - Throws: `.notFound` when the viewer may not see the ticket.
    public func messages(ticketId: Int64, for viewer: User) async throws -> [TicketMessage] {
        try await ticketDetail(id: ticketId, for: viewer).messages
    }

    /// A page of the tickets `viewer` may see, filtered by `query`, in its order (most recently updated first by
    /// default).
    public func tickets(_ query: TicketQuery = TicketQuery(), for viewer: User) async throws -> TicketPage {
        let at = now()
        // Clamped before any arithmetic: the offset below cannot overflow whatever a caller passes.
        let pageSize = min(max(query.pageSize, 1), TicketQuery.maximumPageSize)
        let page = min(max(query.page, 1), TicketQuery.maximumPage)
        return try await sqlRead { db in
            let filter = Self.ticketFilter(query, for: viewer, at: at)
            let total = Int(try db.int64("SELECT COUNT(*) FROM ticket WHERE \(filter.sql)", arguments: filter.arguments) ?? 0)
            let order: String
            switch query.order {
            case .updated:
                order = "updatedAt DESC, id DESC"
            case .customerActivity:
                // Tickets without customer activity come last on both stores.
                order = "(lastCustomerActivityAt IS NULL), lastCustomerActivityAt DESC, updatedAt DESC, id DESC"
            }
            let tickets = try db.fetchAll(
                Ticket.self, "SELECT * FROM ticket WHERE \(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: filter.arguments + [.integer(Int64(pageSize)), .integer(Int64((page - 1) * pageSize))])
            return TicketPage(tickets: tickets, total: total, page: page, pageSize: pageSize)
        }
    }

    /// The condition of `query` on the ticket table, within what `viewer` may see.
    static func ticketFilter(_ query: TicketQuery, for viewer: User, at: Date) -> (sql: String, arguments: [SQLValue]) {
        let visible = TicketVisibility.condition(for: viewer)
        var conditions = [visible.sql]
        var arguments = visible.arguments
        if let statuses = query.statuses {
            conditions.append(statuses.isEmpty ? "1 = 0" : "status IN (\(sqlPlaceholders(statuses.count)))")
            arguments += statuses.map { .text($0.rawValue) }
        }
        switch query.assignee {
        case .unassigned: conditions.append("assigneeId IS NULL")
        case .user(let id):
            conditions.append("assigneeId = ?")
            arguments.append(.integer(id))
        case nil: break
        }
        if let customerId = query.customerId {
            conditions.append("customerId = ?")
            arguments.append(.integer(customerId))
        }
        if let categoryId = query.categoryId {
            conditions.append("categoryId = ?")
            arguments.append(.text(categoryId))
        }
        if let ids = query.ids {
            conditions.append(ids.isEmpty ? "1 = 0" : "id IN (\(sqlPlaceholders(ids.count)))")
            arguments += ids.map { .integer($0) }
        }
        if query.breachedOnly {
            let breached = breachedCondition(at: at)
            conditions.append(breached.sql)
            arguments += breached.arguments
        }
        if let action = query.lastCustomerAction {
            conditions.append("lastCustomerAction = ?")
            arguments.append(.text(action.rawValue))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// The display names of `ids`, by id.
    static func names(_ sql: any SQLExecutor, of ids: Set<Int64>) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return try sql.rows(#"SELECT id, name FROM "user" WHERE id IN (\#(sqlPlaceholders(ids.count)))"#, ids.map { .integer($0) })
            .reduce(into: [Int64: String]()) { $0[try $1.int64("id")] = try $1.string("name") }
    }

    /// Whether the category exists.
    static func categoryExists(_ sql: any SQLExecutor, _ id: String) throws -> Bool {
        try sql.int64("SELECT COUNT(*) FROM category WHERE id = ?", id) ?? 0 > 0
    }

    /// The visible tickets among `ids`, in the order of `ids` (for mapping search hits).
    public func tickets(ids: [Int64], for viewer: User) async throws -> [Ticket] {
        guard !ids.isEmpty else { return [] }
        let found = try await sqlRead { db in
            let visible = TicketVisibility.condition(for: viewer)
            return try db.fetchAll(
                Ticket.self, "SELECT * FROM ticket WHERE \(visible.sql) AND id IN (\(sqlPlaceholders(ids.count)))",
                arguments: visible.arguments + ids.map { .integer($0) })
        }
        let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.requiredID, $0) })
        return ids.compactMap { byId[$0] }
    }

    /// The audit history of a ticket, oldest first. Staff only.
    /// - Throws: `.notFound` when the viewer may not see the ticket, `.forbidden` for customers.
    public func auditHistory(ticketId: Int64, for viewer: User) async throws -> [AuditEntry] {
        try await sqlRead { db in
            _ = try Self.visibleTicket(db, id: ticketId, for: viewer)
            try Permissions.requireStaff(viewer)
            return try db.fetchAll(AuditEntry.self, "SELECT * FROM auditEntry WHERE ticketId = ? ORDER BY id", ticketId)
        }
    }

    /// Fetches a ticket through the visibility rule.
    static func visibleTicket(_ sql: any SQLExecutor, id: Int64, for viewer: User) throws -> Ticket {
        let visible = TicketVisibility.condition(for: viewer)
        guard
            let ticket = try sql.fetchAll(
                Ticket.self, "SELECT * FROM ticket WHERE id = ? AND \(visible.sql)", arguments: [.integer(id)] + visible.arguments
            ).first
        else { throw HelpdeskError.notFound(entity: "ticket", id: "\(id)") }
        return ticket
    }

    /// Fetches a ticket through the visibility rule of the acting user, fetched fresh.
    func visibleTicketForWrite(_ db: any SQLExecutor, id: Int64, actor: User) throws -> (Ticket, User) {
        let actor = try activeUser(db, actor)
        return (try Self.visibleTicket(db, id: id, for: actor), actor)
    }

    // MARK: - Editing

    /// Edits a ticket's subject, description, category or priority (staff handling it, or admins). A priority change
    /// recomputes the SLA deadlines from `createdAt`. Every changed field is audited.
    public func updateTicket(
        id: Int64,
        by actor: User,
        subject: String? = nil,
        description: String? = nil,
        categoryId: String?? = nil,
        priority: TicketPriority? = nil
    ) async throws -> Ticket {
        let subject = try subject.map { try InputValidation.requiredText($0, field: "subject", maxLength: 200) }
        let description = try description.map {
            try InputValidation.requiredText($0, field: "description", maxLength: 20_000)
        }
        let at = now()
        return try await sqlWriteIndexed { db in
            let (found, actor) = try self.visibleTicketForWrite(db, id: id, actor: actor)
            var ticket = found
            try Permissions.requireStaff(actor)
            guard Permissions.isHandler(actor, of: ticket) || ticket.assigneeId == nil else {
                throw HelpdeskError.forbidden("Only the assigned agent or an admin can edit this ticket.")
            }
            guard ticket.status != .closed else { throw HelpdeskError.conflict("A closed ticket cannot be edited.") }
            var changes: [(String, String?, String?)] = []
            if let subject, subject != ticket.subject {
                changes.append(("subject", ticket.subject, subject))
                ticket.subject = subject
            }
            if let description, description != ticket.description {
                changes.append(("description", ticket.description, description))
                ticket.description = description
            }
            if let categoryId, categoryId != ticket.categoryId {
                if let categoryId, try Self.categoryExists(db, categoryId) == false {
                    throw HelpdeskError.invalidInput(field: "categoryId", message: "Unknown category \"\(categoryId)\".")
                }
                changes.append(("categoryId", ticket.categoryId, categoryId))
                ticket.categoryId = categoryId
            }
            if let priority, priority != ticket.priority {
                changes.append(("priority", ticket.priority.rawValue, priority.rawValue))
                ticket.priority = priority
                let policy = try self.slaPolicy(db, priority)
                ticket.firstResponseDueAt = ticket.createdAt.addingTimeInterval(TimeInterval(policy.firstResponseMinutes * 60))
                ticket.resolutionDueAt = ticket.createdAt.addingTimeInterval(TimeInterval(policy.resolutionMinutes * 60))
            }
            guard !changes.isEmpty else { return ticket }
            ticket.updatedAt = at
            try db.update(ticket)
            for (field, before, after) in changes {
                try self.audit(
                    db,
                    entity: "ticket",
                    entityId: "\(id)",
                    ticketId: id,
                    actorId: actor.id,
                    action: "edited",
                    field: field,
                    before: before,
                    after: after,
                    at: at
                )
            }
            try self.logChange(db, .ticket, id, at: at)
            return ticket
        }
    }
}

extension AppDatabase {
    /// Tickets that missed an SLA target, or are open past a deadline at `now`, as a condition on the ticket table:
    /// computed in SQL from the indexed `firstResponseDueAt` / `resolutionDueAt` columns.
    static func breachedCondition(at now: Date) -> (sql: String, arguments: [SQLValue]) {
        let open = TicketStatus.open.map { SQLValue.text($0.rawValue) }
        let openList = sqlPlaceholders(open.count)
        return (
            """
            ((firstResponseAt IS NULL AND status IN (\(openList)) AND firstResponseDueAt < ?)
             OR firstResponseAt > firstResponseDueAt
             OR (resolvedAt IS NULL AND status IN (\(openList)) AND resolutionDueAt < ?)
             OR resolvedAt > resolutionDueAt)
            """,
            open + [.date(now)] + open + [.date(now)]
        )
    }
}

extension AppDatabase {
    /// Fetches a ticket through the visibility rule (for GRDB code not yet on the SQL layer).
    static func visibleTicket(_ db: Database, id: Int64, for viewer: User) throws -> Ticket {
        try visibleTicket(SQLiteExecutor(db: db), id: id, for: viewer)
    }

    /// Fetches a ticket through the visibility rule of the acting user (for GRDB code not yet on the SQL layer).
    func visibleTicketForWrite(_ db: Database, id: Int64, actor: User) throws -> (Ticket, User) {
        try visibleTicketForWrite(SQLiteExecutor(db: db) as any SQLExecutor, id: id, actor: actor)
    }
}
