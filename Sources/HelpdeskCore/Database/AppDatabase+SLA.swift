import Foundation

extension AppDatabase {
    /// The SLA targets, one per priority, most urgent first.
    public func slaPolicies() async throws -> [SLAPolicy] {
        try await sqlRead { sql in try Self.slaPolicies(sql) }
    }

    static func slaPolicies(_ sql: any SQLExecutor) throws -> [SLAPolicy] {
        try sql.fetchAll(
            SLAPolicy.self,
            """
            SELECT priority, firstResponseMinutes, resolutionMinutes FROM slaPolicy
            ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END
            """)
    }

    /// Changes the SLA targets of a priority (admins only). Applies to tickets created afterwards, and to tickets
    /// whose priority changes.
    public func updateSLAPolicy(_ policy: SLAPolicy, by admin: User) async throws {
        guard policy.firstResponseMinutes > 0 else {
            throw HelpdeskError.invalidInput(field: "firstResponseMinutes", message: "Use a positive number of minutes.")
        }
        guard policy.resolutionMinutes >= policy.firstResponseMinutes else {
            throw HelpdeskError.invalidInput(
                field: "resolutionMinutes",
                message: "Resolution cannot be due before the first response."
            )
        }
        let at = now()
        try await sqlWrite { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            let old =
                try Self.slaPolicies(sql).first { $0.priority == policy.priority }
                ?? SLAPolicy.defaults.first { $0.priority == policy.priority }!
            try sql.execute(
                """
                INSERT INTO slaPolicy (priority, firstResponseMinutes, resolutionMinutes) VALUES (?, ?, ?)
                ON CONFLICT (priority) DO UPDATE SET firstResponseMinutes = excluded.firstResponseMinutes,
                  resolutionMinutes = excluded.resolutionMinutes
                """,
                policy.priority.rawValue, policy.firstResponseMinutes, policy.resolutionMinutes)
            for (field, before, after) in [
                ("firstResponseMinutes", old.firstResponseMinutes, policy.firstResponseMinutes),
                ("resolutionMinutes", old.resolutionMinutes, policy.resolutionMinutes),
            ] where before != after {
                try self.audit(
                    sql, entity: "slaPolicy", entityId: policy.priority.rawValue, actorId: admin.id, action: "edited",
                    field: field, before: "\(before)", after: "\(after)", at: at)
            }
        }
    }

    /// The SLA targets of `priority`: the stored ones, or the defaults.
    func slaPolicy(_ sql: any SQLExecutor, _ priority: TicketPriority) throws -> SLAPolicy {
        try sql.fetchOne(
            SLAPolicy.self, "SELECT priority, firstResponseMinutes, resolutionMinutes FROM slaPolicy WHERE priority = ?",
            priority.rawValue)
            ?? SLAPolicy.defaults.first { $0.priority == priority }!
    }

    /// Open tickets visible to `viewer` whose first-response or resolution deadline falls within `window` from now
    /// (including already breached ones), soonest first.
    public func ticketsNearSLABreach(within window: TimeInterval, for viewer: User) async throws -> [Ticket] {
        let horizon = now().addingTimeInterval(window)
        let visible = TicketVisibility.condition(for: viewer)
        let nearBreach = Self.nearBreachCondition(before: horizon)
        return try await sqlRead { sql in
            try sql.fetchAll(
                Ticket.self,
                "SELECT * FROM ticket WHERE \(visible.sql) AND \(nearBreach.sql) ORDER BY resolutionDueAt, id",
                arguments: visible.arguments + nearBreach.arguments)
        }
    }

    /// Writes one SLA-warning mail per ticket and deadline that is about to pass (due after now and within `window`),
    /// to the assignee and every active admin, once: the ticket remembers the warning. A deadline that has already
    /// passed is a breach, listed in the queue and the reports, not mailed (so a restart after downtime does not
    /// flood inboxes).
    /// - Returns: the tickets warned about in this call.
    @discardableResult
    public func sendSLAWarnings(within window: TimeInterval) async throws -> [Ticket] {
        let at = now()
        let horizon = at.addingTimeInterval(window)
        return try await sqlWrite { sql in
            let open = Self.openStatusCondition
            let tickets = try sql.fetchAll(
                Ticket.self,
                """
                SELECT * FROM ticket WHERE \(open.sql)
                AND ((firstResponseAt IS NULL AND firstResponseWarnedAt IS NULL
                    AND firstResponseDueAt <= ? AND firstResponseDueAt > ?)
                  OR (resolutionWarnedAt IS NULL AND resolutionDueAt <= ? AND resolutionDueAt > ?))
                ORDER BY id
                """,
                arguments: open.arguments + [horizon.sqlValue, at.sqlValue, horizon.sqlValue, at.sqlValue])
            let admins = try sql.fetchAll(
                User.self, #"SELECT * FROM "user" WHERE role = ? AND isActive = ? ORDER BY id"#,
                UserRole.admin.rawValue, true)
            var warned: [Ticket] = []
            for var ticket in tickets {
                let id = ticket.requiredID
                var deadlines: [(String, Date)] = []
                if ticket.firstResponseAt == nil, ticket.firstResponseWarnedAt == nil, ticket.firstResponseDueAt <= horizon,
                    ticket.firstResponseDueAt > at
                {
                    deadlines.append(("first response", ticket.firstResponseDueAt))
                    ticket.firstResponseWarnedAt = at
                }
                if ticket.resolutionWarnedAt == nil, ticket.resolutionDueAt <= horizon, ticket.resolutionDueAt > at {
                    deadlines.append(("resolution", ticket.resolutionDueAt))
                    ticket.resolutionWarnedAt = at
                }
                var recipients = admins
                if let assigneeId = ticket.assigneeId, let assignee = try sql.find(User.self, id: assigneeId),
                    assignee.isActive,
                    !admins.contains(where: { $0.id == assignee.id })
                {
                    recipients.insert(assignee, at: 0)
                }
                for (what, due) in deadlines {
                    for recipient in recipients {
                        let path = "/tickets/\(id)"
                        try self.enqueueMail(
                            sql,
                            kind: .slaWarning,
                            to: recipient.email,
                            subject: "SLA: \(what) for #\(id) due \(Self.mailDate(due))",
                            body: """
                                Hello \(recipient.name),

                                The \(what) target of ticket #\(id) "\(ticket.subject)" (\(ticket.priority.rawValue) priority)
                                is due \(Self.mailDate(due)).
                                \(self.link(path))
                                """,
                            payload: ["ticketId": "\(id)", "deadline": what, "dueAt": Self.mailDate(due), "path": path],
                            at: at
                        )
                    }
                }
                try sql.update(ticket)
                warned.append(ticket)
            }
            return warned
        }
    }

    /// A date as SLA mails write it (ISO 8601).
    static func mailDate(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The condition on the ticket table that keeps open tickets, with its arguments.
    static var openStatusCondition: (sql: String, arguments: [SQLValue]) {
        (
            "ticket.status IN (\(sqlPlaceholders(TicketStatus.open.count)))",
            TicketStatus.open.map(\.rawValue.sqlValue)
        )
    }

    /// The condition on the ticket table that keeps open tickets with a deadline (unmet first response, or
    /// resolution) at or before `horizon`, with its arguments.
    static func nearBreachCondition(before horizon: Date) -> (sql: String, arguments: [SQLValue]) {
        let open = openStatusCondition
        return (
            "\(open.sql) AND ((ticket.firstResponseAt IS NULL AND ticket.firstResponseDueAt <= ?) "
                + "OR ticket.resolutionDueAt <= ?)",
            open.arguments + [horizon.sqlValue, horizon.sqlValue]
        )
    }
}
