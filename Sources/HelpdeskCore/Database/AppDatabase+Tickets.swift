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
        return try await write { db in
            let customer = try self.activeUser(db, customer)
            guard customer.role == .customer else { throw HelpdeskError.forbidden("Only customers file tickets.") }
            guard customer.isConfirmed else { throw HelpdeskError.forbidden("Confirm your e-mail address first.") }
            if let categoryId, try Category.fetchOne(db, key: categoryId) == nil {
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
            try ticket.insert(db)
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
    }

    // MARK: - Reading (every query goes through `visible(to:)`)

    /// The ticket with `id`, if `viewer` may see it.
    /// - Throws: `.notFound` when it does not exist *or* the viewer may not see it.
    public func ticket(id: Int64, for viewer: User) async throws -> Ticket {
        try await read { db in try Self.visibleTicket(db, id: id, for: viewer) }
    }

    /// The ticket with its thread (no internal notes for customers), solutions, verdict and the attachments of the
    /// request and of the messages shown.
    /// - Throws: `.notFound` when the viewer may not see it.
    public func ticketDetail(id: Int64, for viewer: User) async throws -> TicketDetail {
        try await read { db in
            let ticket = try Self.visibleTicket(db, id: id, for: viewer)
            let messages = try TicketMessage.filter(TicketMessage.Columns.ticketId == id).visible(to: viewer)
                .order(TicketMessage.Columns.createdAt, TicketMessage.Columns.id).fetchAll(db)
            let links = try TicketSolution.filter(TicketSolution.Columns.ticketId == id)
                .order(TicketSolution.Columns.linkedAt).fetchAll(db)
            let solutions = try links.compactMap { try Solution.fetchOne(db, key: $0.solutionId) }
            let attachments = try Self.attachments(db, ticketId: id, messages: messages)
            let userIds = Set([ticket.customerId] + [ticket.assigneeId].compactMap { $0 } + messages.compactMap(\.authorId))
            let names = try User.filter(userIds.contains(User.Columns.id)).fetchAll(db)
                .reduce(into: [Int64: String]()) { $0[$1.requiredID] = $1.name }
            return TicketDetail(
                ticket: ticket,
                messages: messages,
                solutions: solutions,
                verdict: links.last?.verdict,
                names: names,
                attachments: attachments
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
        return try await read { db in
            var request = Ticket.all().visible(to: viewer)
            if let statuses = query.statuses { request = request.filter(statuses.contains(Ticket.Columns.status)) }
            switch query.assignee {
            case .unassigned: request = request.filter(Ticket.Columns.assigneeId == nil)
            case .user(let id): request = request.filter(Ticket.Columns.assigneeId == id)
            case nil: break
            }
            if let customerId = query.customerId { request = request.filter(Ticket.Columns.customerId == customerId) }
            if let categoryId = query.categoryId { request = request.filter(Ticket.Columns.categoryId == categoryId) }
            if let ids = query.ids { request = request.filter(ids.contains(Ticket.Columns.id)) }
            if query.breachedOnly { request = request.breached(at: at) }
            if let action = query.lastCustomerAction {
                request = request.filter(Ticket.Columns.lastCustomerAction == action)
            }
            let total = try request.fetchCount(db)
            switch query.order {
            case .updated:
                request = request.order(Ticket.Columns.updatedAt.desc, Ticket.Columns.id.desc)
            case .customerActivity:
                // SQLite sorts NULL lowest, so tickets without customer activity come last.
                request = request.order(
                    Ticket.Columns.lastCustomerActivityAt.desc, Ticket.Columns.updatedAt.desc, Ticket.Columns.id.desc)
            }
            let tickets = try request.limit(pageSize, offset: (page - 1) * pageSize).fetchAll(db)
            return TicketPage(tickets: tickets, total: total, page: page, pageSize: pageSize)
        }
    }

    /// The visible tickets among `ids`, in the order of `ids` (for mapping search hits).
    public func tickets(ids: [Int64], for viewer: User) async throws -> [Ticket] {
        guard !ids.isEmpty else { return [] }
        let found = try await read { db in
            try Ticket.all().visible(to: viewer).filter(ids.contains(Ticket.Columns.id)).fetchAll(db)
        }
        let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.requiredID, $0) })
        return ids.compactMap { byId[$0] }
    }

    /// The audit history of a ticket, oldest first. Staff only.
    /// - Throws: `.notFound` when the viewer may not see the ticket, `.forbidden` for customers.
    public func auditHistory(ticketId: Int64, for viewer: User) async throws -> [AuditEntry] {
        try await read { db in
            _ = try Self.visibleTicket(db, id: ticketId, for: viewer)
            try Permissions.requireStaff(viewer)
            return try AuditEntry.filter(AuditEntry.Columns.ticketId == ticketId).order(AuditEntry.Columns.id).fetchAll(db)
        }
    }

    /// Fetches a ticket through the visibility rule.
    static func visibleTicket(_ db: Database, id: Int64, for viewer: User) throws -> Ticket {
        guard let ticket = try Ticket.filter(key: id).visible(to: viewer).fetchOne(db) else {
            throw HelpdeskError.notFound(entity: "ticket", id: "\(id)")
        }
        return ticket
    }

    /// Fetches a ticket through the visibility rule of the acting user, fetched fresh.
    func visibleTicketForWrite(_ db: Database, id: Int64, actor: User) throws -> (Ticket, User) {
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
        return try await write { db in
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
                if let categoryId, try Category.fetchOne(db, key: categoryId) == nil {
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
            try ticket.update(db)
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

extension DerivableRequest<Ticket> {
    /// Tickets that missed an SLA target, or are open past a deadline at `now`. Computed in SQL from the indexed
    /// `firstResponseDueAt` / `resolutionDueAt` columns.
    public func breached(at now: Date) -> Self {
        let open = TicketStatus.open.contains(Ticket.Columns.status)
        let firstResponse =
            (Ticket.Columns.firstResponseAt == nil && open && Ticket.Columns.firstResponseDueAt < now)
            || Ticket.Columns.firstResponseAt > Ticket.Columns.firstResponseDueAt
        let resolution =
            (Ticket.Columns.resolvedAt == nil && open && Ticket.Columns.resolutionDueAt < now)
            || Ticket.Columns.resolvedAt > Ticket.Columns.resolutionDueAt
        return filter(firstResponse || resolution)
    }
}
