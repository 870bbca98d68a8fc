import Foundation

extension AppDatabase {
    // MARK: - Reading

    /// A page of customers for staff, searched, sorted and counted in SQL: one query for the page (ticket counts and
    /// last activity are aggregated per customer in the same statement), one for the total, one for the linked
    /// sign-in providers of the customers on the page.
    /// - Parameters:
    ///   - query: search, sort and page; the page and page size are clamped before any arithmetic.
    ///   - viewer: an active agent or admin.
    /// - Returns: the page, with the total number of matching customers.
    /// - Throws: `.forbidden` unless `viewer` is an active staff account (customers, unsaved or deactivated users);
    ///   `.invalidInput(field: "q", …)` for a search longer than `CustomerQuery.maximumSearchLength`.
    /// - Complexity: one pass over the customers, their tickets and their messages per call.
    public func customers(_ query: CustomerQuery = CustomerQuery(), for viewer: User) async throws -> CustomerPage {
        let pattern = try Self.customerSearchPattern(query.search)
        // Clamped before any arithmetic: the offset below cannot overflow whatever a caller passes.
        let pageSize = min(max(query.pageSize, 1), CustomerQuery.maximumPageSize)
        let page = min(max(query.page, 1), CustomerQuery.maximumPage)
        let order = Self.customerOrdering(query.sort, query.direction)
        return try await sqlRead { sql in
            try self.requireStaffViewer(sql, viewer)
            var conditions = ["u.role = ?"]
            var arguments: [SQLValue] = [UserRole.customer.rawValue.sqlValue]
            if let pattern {
                // `LIKE` ignores case on SQLite only: both sides lower-cased, the search finds any casing on both.
                conditions.append(#"(LOWER(u.name) LIKE ? ESCAPE '\' OR LOWER(u.email) LIKE ? ESCAPE '\')"#)
                arguments += [pattern.lowercased().sqlValue, pattern.lowercased().sqlValue]
            }
            let filter = conditions.joined(separator: " AND ")
            let total = Int(
                try sql.rows(#"SELECT COUNT(*) AS n FROM "user" u WHERE \#(filter)"#, arguments).first?.int64("n") ?? 0)
            // Sorted by the account's own columns, the page is chosen first and only its customers' tickets counted.
            let rows = try Self.customerRows(
                sql, where: filter, orderBy: order, page: (limit: pageSize, offset: (page - 1) * pageSize),
                arguments: arguments, accountsFirst: [.name, .email, .created].contains(query.sort))
            let customers = try Self.customerSummaries(sql, rows)
            return CustomerPage(customers: customers, total: total, page: page, pageSize: pageSize)
        }
    }

    /// One customer's summary, as in the list.
    /// - Throws: `.forbidden` unless `viewer` is active staff; `.notFound` when `id` is not a customer.
    public func customer(id: Int64, for viewer: User) async throws -> CustomerSummary {
        try await sqlRead { sql in
            try self.requireStaffViewer(sql, viewer)
            return try Self.customerSummary(sql, id: id)
        }
    }

    /// A customer's profile: their summary and a page of the tickets `viewer` may open, most recently updated first.
    /// The summary's counts cover all their tickets; an agent's ticket list follows the ticket visibility rule (the
    /// queue, their own tickets and the solved history), so it may be shorter.
    /// - Parameters:
    ///   - page: 1-based, clamped like `TicketQuery.page`.
    ///   - pageSize: tickets per page, clamped to 1…`TicketQuery.maximumPageSize`.
    /// - Throws: `.forbidden` unless `viewer` is active staff; `.notFound` when `id` is not a customer.
    public func customerProfile(id: Int64, page: Int = 1, pageSize: Int = 25, for viewer: User) async throws
        -> CustomerProfile
    {
        let customer = try await self.customer(id: id, for: viewer)
        let tickets = try await self.tickets(TicketQuery(customerId: id, page: page, pageSize: pageSize), for: viewer)
        return CustomerProfile(customer: customer, tickets: tickets)
    }

    // MARK: - Admin actions

    /// Deactivates a customer: they can no longer sign in (password or provider), their sessions end and their API
    /// tokens are revoked. Their tickets stay as they are; nothing is deleted. Audited as `customerDeactivated`.
    /// - Returns: false when the customer was already deactivated (nothing changed).
    /// - Throws: `.forbidden` unless `admin` is an active admin; `.notFound` when `id` is not a customer.
    @discardableResult
    public func deactivateCustomer(id customerId: Int64, by admin: User) async throws -> Bool {
        try await setCustomerActive(false, id: customerId, by: admin)
    }

    /// Reactivates a deactivated customer. Audited as `customerReactivated`.
    /// - Returns: false when the customer was already active (nothing changed).
    /// - Throws: `.forbidden` unless `admin` is an active admin; `.notFound` when `id` is not a customer.
    @discardableResult
    public func reactivateCustomer(id customerId: Int64, by admin: User) async throws -> Bool {
        try await setCustomerActive(true, id: customerId, by: admin)
    }

    /// Sets a customer's `isActive`, audited; deactivating also revokes their API tokens and ends their sessions.
    private func setCustomerActive(_ active: Bool, id customerId: Int64, by admin: User) async throws -> Bool {
        let at = now()
        return try await sqlWrite { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            var customer = try Self.customerRecord(sql, id: customerId)
            guard customer.isActive != active else { return false }
            customer.isActive = active
            try sql.update(customer)
            try self.audit(
                sql, entity: "user", entityId: "\(customerId)", actorId: admin.id,
                action: active ? "customerReactivated" : "customerDeactivated", field: "isActive",
                before: "\(!active)", after: "\(active)", at: at)
            if !active {
                try sql.execute("UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL", at, customerId)
                try sql.execute("DELETE FROM session WHERE userId = ?", customerId)
            }
            return true
        }
    }

    /// Mails an unconfirmed customer a fresh confirmation link (earlier unused links stop working), as
    /// `resendConfirmation(email:)` does, on an admin's request. Audited as `confirmationResent`.
    /// - Throws: `.forbidden` unless `admin` is an active admin; `.notFound` when `id` is not a customer;
    ///   `.conflict` when the address is already confirmed or the account is deactivated.
    public func resendConfirmation(customerId: Int64, by admin: User) async throws {
        let at = now()
        try await sqlWrite { sql in
            let admin = try self.activeUser(sql, admin)
            try Permissions.requireAdmin(admin)
            let customer = try Self.customerRecord(sql, id: customerId)
            guard !customer.isConfirmed else {
                throw HelpdeskError.conflict("\(customer.email) is already confirmed.")
            }
            guard customer.isActive else {
                throw HelpdeskError.conflict("Reactivate the account before sending a confirmation link.")
            }
            try self.mailFreshConfirmation(sql, to: customer, at: at)
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(customerId)",
                actorId: admin.id,
                action: "confirmationResent",
                at: at
            )
        }
    }

    // MARK: - Helpers

    /// Checks, against the stored account, that `viewer` is active staff.
    func requireStaffViewer(_ sql: any SQLExecutor, _ viewer: User) throws {
        try Permissions.requireStaff(try activeUser(sql, viewer))
    }

    /// The stored customer with `id`.
    /// - Throws: `.notFound` when there is no such user or the user is not a customer.
    static func customerRecord(_ sql: any SQLExecutor, id: Int64) throws -> User {
        guard let user = try sql.find(User.self, id: id), user.role == .customer else {
            throw HelpdeskError.notFound(entity: "customer", id: "\(id)")
        }
        return user
    }

    /// One customer's summary row.
    static func customerSummary(_ sql: any SQLExecutor, id: Int64) throws -> CustomerSummary {
        let rows = try customerRows(
            sql,
            where: "u.role = ? AND u.id = ?",
            orderBy: "u.id",
            page: nil,
            arguments: [UserRole.customer.rawValue.sqlValue, id.sqlValue],
            accountsFirst: true
        )
        guard let summary = try customerSummaries(sql, rows).first else {
            throw HelpdeskError.notFound(entity: "customer", id: "\(id)")
        }
        return summary
    }

    /// The `LIKE` pattern of a search: trimmed, `%`, `_` and `\` escaped, wrapped in `%…%`; nil for a blank search.
    /// - Throws: `.invalidInput(field: "q", …)` past `CustomerQuery.maximumSearchLength` scalars.
    static func customerSearchPattern(_ search: String?) throws -> String? {
        guard let search else { return nil }
        guard search.unicodeScalars.count <= CustomerQuery.maximumSearchLength else {
            throw HelpdeskError.invalidInput(
                field: "q", message: "Search with at most \(CustomerQuery.maximumSearchLength) characters.")
        }
        let trimmed = search.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var escaped = ""
        for character in trimmed {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }

    /// The `ORDER BY` clause of a sort: built from fixed column names only, ties broken by id.
    static func customerOrdering(_ sort: CustomerSort, _ direction: SortDirection) -> String {
        let way = direction == .ascending ? "ASC" : "DESC"
        let key =
            switch sort {
            case .name: "LOWER(u.name) \(way), u.name \(way)"
            case .email: "u.email \(way)"
            case .lastActivity: "lastActivityAt \(way)"
            case .openTickets: "openTickets \(way), totalTickets \(way)"
            case .created: "u.createdAt \(way)"
            }
        return "\(key), u.id \(way)"
    }

    /// Customer rows with their ticket counts and last activity, aggregated in SQL (grouped subqueries joined once,
    /// not one query per customer). The latest of three dates is SQLite's scalar `MAX`, PostgreSQL's `GREATEST`.
    /// - Parameters:
    ///   - filter: a condition on `"user" u` with `?` placeholders, whose values are `arguments`.
    ///   - order: an `ORDER BY` list; with `accountsFirst`, of the account's own columns (`u.…`) only.
    ///   - page: the `LIMIT` and `OFFSET`, or nil for every row.
    ///   - accountsFirst: choose the accounts (filter, order and page) first, and count the tickets and messages of
    ///     those alone, through the indexes by customer and by author; otherwise every customer's are counted, which an
    ///     order by activity or open tickets needs (about 170 ms at 1,000,000 tickets on SQLite).
    static func customerRows(
        _ sql: any SQLExecutor,
        where filter: String,
        orderBy order: String,
        page: (limit: Int, offset: Int)?,
        arguments: [SQLValue],
        accountsFirst: Bool = false
    ) throws -> [SQLRow] {
        let openList = TicketStatus.open.map { _ in "?" }.joined(separator: ", ")
        let greatest = sql.dialect == .postgres ? "GREATEST" : "MAX"
        let limit = page == nil ? "" : "LIMIT ? OFFSET ?"
        let pageValues: [SQLValue] = page.map { [$0.limit.sqlValue, $0.offset.sqlValue] } ?? []
        // With `accountsFirst`, the page's accounts are `chosen` before anything is counted, and only theirs is.
        let chosenTickets = accountsFirst ? " WHERE customerId IN (SELECT id FROM chosen)" : ""
        // (`authorId IS NOT NULL` beside the `IN` made SQLite scan every author's messages in the index.)
        let messages = accountsFirst ? "authorId IN (SELECT id FROM chosen)" : "authorId IS NOT NULL"
        let select = """
            SELECT u.id, u.name, u.email, u.isConfirmed, u.isActive, u.createdAt,
                   u.passwordHash NOT LIKE ? AS hasPassword,
                   COALESCE(t.openTickets, 0) AS openTickets,
                   COALESCE(t.totalTickets, 0) AS totalTickets,
                   \(greatest)(u.createdAt, COALESCE(t.lastTicketAt, u.createdAt), COALESCE(m.lastMessageAt, u.createdAt))
                       AS lastActivityAt
            FROM \(accountsFirst ? "chosen" : #""user""#) u
            LEFT JOIN (
                SELECT customerId, COUNT(*) AS totalTickets,
                       SUM(CASE WHEN status IN (\(openList)) THEN 1 ELSE 0 END) AS openTickets,
                       MAX(updatedAt) AS lastTicketAt
                FROM ticket\(chosenTickets) GROUP BY customerId
            ) t ON t.customerId = u.id
            LEFT JOIN (
                SELECT authorId, MAX(createdAt) AS lastMessageAt
                FROM ticketMessage WHERE \(messages) GROUP BY authorId
            ) m ON m.authorId = u.id
            """
        let selectValues: [SQLValue] = [(PasswordHasher.unusableHash + "%").sqlValue] + TicketStatus.open.map(\.rawValue.sqlValue)
        guard accountsFirst else {
            return try sql.rows(
                "\(select)\nWHERE \(filter)\nORDER BY \(order)\n\(limit)", selectValues + arguments + pageValues)
        }
        return try sql.rows(
            """
            WITH chosen AS (SELECT * FROM "user" u WHERE \(filter) ORDER BY \(order) \(limit))
            \(select)
            ORDER BY \(order)
            """,
            arguments + pageValues + selectValues
        )
    }

    /// Turns rows of `customerRows` into summaries, reading the linked providers of all of them in one query.
    static func customerSummaries(_ sql: any SQLExecutor, _ rows: [SQLRow]) throws -> [CustomerSummary] {
        let ids = try rows.map { try $0.int64("id") }
        var providers: [Int64: [String]] = [:]
        if !ids.isEmpty {
            let links = try sql.rows(
                """
                SELECT DISTINCT userId, provider FROM identity
                WHERE userId IN (\(ids.map { _ in "?" }.joined(separator: ", "))) ORDER BY provider
                """,
                ids.map(\.sqlValue)
            )
            for link in links { providers[try link.int64("userId"), default: []].append(try link.string("provider")) }
        }
        return try rows.map { row in
            let id = try row.int64("id")
            return CustomerSummary(
                id: id,
                name: try row.string("name"),
                email: try row.string("email"),
                isConfirmed: try row.bool("isConfirmed"),
                isActive: try row.bool("isActive"),
                hasPassword: try row.bool("hasPassword"),
                providers: providers[id] ?? [],
                openTickets: try row.int("openTickets"),
                totalTickets: try row.int("totalTickets"),
                lastActivityAt: try row.date("lastActivityAt"),
                createdAt: try row.date("createdAt")
            )
        }
    }
}
