import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Telling staff what the customer did

    /// The most characters of the customer's words quoted in a mail to staff; the ticket page has the rest.
    static let quoteCharacterLimit = 600
    /// The most lines of the customer's words quoted in a mail to staff.
    static let quoteLineLimit = 12

    /// Records on `ticket` that its customer just `action`-ed (the caller saves the ticket in the same transaction)
    /// and writes a mail to the assignee; while nobody (active) holds the ticket, to every active admin when
    /// `notifyAdminsWhenUnassigned`, else to nobody.
    /// - Parameters:
    ///   - words: what the customer wrote (a reply), quoted in the mail; nil for a button (reopen, verdict).
    ///   - solutionTitle: the solution the customer judged, for `notSolved`.
    ///   - messageId: the customer's message, when there is one.
    ///   - attachments: the files sent with that message, linked from the mail.
    func noteCustomerActivity(
        _ sql: any SQLExecutor,
        _ ticket: inout Ticket,
        _ action: CustomerAction,
        by customer: User,
        words: String? = nil,
        solutionTitle: String? = nil,
        messageId: Int64? = nil,
        attachments: [Attachment] = [],
        at: Date,
        notifyAdminsWhenUnassigned: Bool
    ) throws {
        ticket.lastCustomerActivityAt = at
        ticket.lastCustomerAction = action
        let assignee = try ticket.assigneeId.flatMap { try sql.find(User.self, id: $0) }.flatMap { $0.isActive ? $0 : nil }
        let recipients: [User]
        if let assignee {
            recipients = [assignee]
        } else if notifyAdminsWhenUnassigned {
            recipients = try sql.fetchAll(
                User.self, #"SELECT * FROM "user" WHERE role = ? AND isActive = ? ORDER BY id"#, UserRole.admin.rawValue, true)
        } else {
            recipients = []
        }
        let id = ticket.requiredID
        let path = "/agent/tickets/\(id)"
        let named = "#\(id) \"\(ticket.subject)\""
        let subject: String
        var intro: String
        switch action {
        case .replied:
            subject = "Customer replied: \(ticket.subject) [#\(id)]"
            intro = "\(customer.name) replied on ticket \(named):"
        case .reopened:
            subject = "Reopened by the customer: \(ticket.subject) [#\(id)]"
            intro = "\(customer.name) reopened ticket \(named)" + (words == nil ? "." : " with this reply:")
        case .notSolved:
            subject = "Not solved, says the customer: \(ticket.subject) [#\(id)]"
            let solution = solutionTitle.map { "the solution \"\($0)\"" } ?? "the solution"
            intro = "\(customer.name) says \(solution) did not solve ticket \(named). "
                + (ticket.status.isOpen ? "The ticket is open again." : "The ticket stays closed.")
        }
        if assignee == nil { intro += "\nNobody is assigned to it yet." }
        var payload = ["ticketId": "\(id)", "path": path, "customerAction": action.rawValue]
        if let messageId { payload["messageId"] = "\(messageId)" }
        Self.addAttachmentPaths(attachments, to: &payload)
        for recipient in recipients {
            let quote = words.map { "\n\n" + Self.quoted($0) } ?? ""
            try enqueueMail(
                sql,
                kind: action.mailKind,
                to: recipient.email,
                subject: subject,
                body: """
                    Hello \(recipient.name),

                    \(intro)\(quote)

                    Open the ticket: \(link(path))
                    """ + attachmentLines(attachments),
                payload: payload,
                at: at
            )
        }
    }

    /// `text` as a mail quote: every line starts with `> `, at most `quoteLineLimit` lines and
    /// `quoteCharacterLimit` characters, cut at a space where possible and marked with `…` when shortened.
    static func quoted(_ text: String) -> String {
        let all = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // Runs of blank lines count as one.
        var lines = all.indices.filter { !(all[$0].isEmpty && $0 > 0 && all[$0 - 1].isEmpty) }.map { all[$0] }
        var shortened = false
        if lines.count > quoteLineLimit {
            lines = Array(lines.prefix(quoteLineLimit))
            shortened = true
        }
        var joined = lines.joined(separator: "\n")
        if joined.count > quoteCharacterLimit {
            var cut = String(joined.prefix(quoteCharacterLimit))
            if let space = cut.lastIndex(where: { $0 == " " || $0 == "\n" }),
                cut.distance(from: cut.startIndex, to: space) > quoteCharacterLimit / 2
            {
                cut = String(cut[..<space])
            }
            joined = cut
            shortened = true
        }
        if shortened { joined += " …" }
        return joined.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n")
    }

    // MARK: - Unread marks

    /// Records that `viewer` (staff) opened the ticket now: customer activity up to now counts as read for them.
    /// Customers are ignored.
    /// - Throws: `.notFound` when the viewer may not see the ticket.
    public func markTicketViewed(id: Int64, by viewer: User) async throws {
        guard viewer.role.isStaff, let userId = viewer.id else { return }
        let at = now()
        try await sqlWrite { sql in
            let visible = TicketVisibility.condition(for: viewer)
            let found = try sql.rows("SELECT id FROM ticket WHERE id = ? AND \(visible.sql)", [id.sqlValue] + visible.arguments)
            guard !found.isEmpty else { throw HelpdeskError.notFound(entity: "ticket", id: "\(id)") }
            let later = sql.dialect == .postgres ? "GREATEST" : "MAX"
            try sql.execute(
                """
                INSERT INTO ticketView (ticketId, userId, viewedAt) VALUES (?, ?, ?)
                ON CONFLICT (ticketId, userId) DO UPDATE SET viewedAt = \(later)(ticketView.viewedAt, excluded.viewedAt)
                """,
                id, userId, at
            )
        }
    }

    /// The name of the colleague who now holds an open ticket that `viewer`, a staff member, opened before and may no
    /// longer see: what a stale "Take" or status button tells them. Nil when the viewer never opened the ticket (a
    /// guessed id learns nothing), or nobody else holds it open.
    public func colleagueHolding(ticketId: Int64, openedBy viewer: User) async throws -> String? {
        guard viewer.role.isStaff, let userId = viewer.id else { return nil }
        let open = TicketStatus.open
        return try await sqlRead { sql in
            try sql.rows(
                """
                SELECT u.name AS name FROM ticket t
                JOIN ticketView v ON v.ticketId = t.id AND v.userId = ?
                JOIN "user" u ON u.id = t.assigneeId
                WHERE t.id = ? AND t.assigneeId <> ? AND t.status IN (\(sqlPlaceholders(open.count)))
                """,
                [userId.sqlValue, ticketId.sqlValue, userId.sqlValue] + open.map { .text($0.rawValue) }
            ).first.map { try $0.string("name") }
        }
    }

    /// The ids among `tickets` that are unread for `viewer`: held by them, with customer activity after they last
    /// opened the ticket (see `TicketView.isUnread`).
    /// - Complexity: one indexed read of the viewer's `ticketView` rows for these tickets.
    public func unreadTicketIds(among tickets: [Ticket], for viewer: User) async throws -> Set<Int64> {
        guard let userId = viewer.id else { return [] }
        let candidates = tickets.filter { $0.assigneeId == userId && $0.lastCustomerActivityAt != nil }
        guard !candidates.isEmpty else { return [] }
        let ids = candidates.map(\.requiredID)
        let views = try await sqlRead { sql in
            try sql.fetchAll(
                TicketView.self,
                "SELECT * FROM ticketView WHERE userId = ? AND ticketId IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
                arguments: [userId.sqlValue] + ids.map(\.sqlValue))
        }
        let viewedAt = Dictionary(views.map { ($0.ticketId, $0.viewedAt) }, uniquingKeysWith: max)
        return Set(
            candidates.filter { TicketView.isUnread($0, for: userId, lastViewedAt: viewedAt[$0.requiredID]) }
                .map(\.requiredID))
    }
}
