import Foundation
import GRDB

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
        return try await read { db in
            try self.requireStaffViewer(db, viewer)
            var conditions = [#"u.role = :customer"#]
            var arguments: [String: (any DatabaseValueConvertible)?] = ["customer": UserRole.customer.rawValue]
            if let pattern {
                conditions.append(#"(u.name LIKE :pattern ESCAPE '\' OR u.email LIKE :pattern ESCAPE '\')"#)
                arguments["pattern"] = pattern
            }
            let filter = conditions.joined(separator: " AND ")
            let total =
                try Int.fetchOne(
                    db,
                    sql: #"SELECT COUNT(*) FROM "user" u WHERE \#(filter)"#,
                    arguments: StatementArguments(arguments)
                ) ?? 0
            arguments["limit"] = pageSize
            arguments["offset"] = (page - 1) * pageSize
            let rows = try Self.customerRows(db, where: filter, orderBy: order, limit: true, arguments: arguments)
            let customers = try Self.customerSummaries(db, rows)
            return CustomerPage(customers: customers, total: total, page: page, pageSize: pageSize)
        }
    }

    /// One customer's summary, as in the list.
    /// - Throws: `.forbidden` unless `viewer` is active staff; `.notFound` when `id` is not a customer.
    public func customer(id: Int64, for viewer: User) async throws -> CustomerSummary {
        try await read { db in
            try self.requireStaffViewer(db, viewer)
            return try Self.customerSummary(db, id: id)
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
        return try await writeWithoutIndex { db in
            let admin = try self.activeUser(db, admin)
            try Permissions.requireAdmin(admin)
            var customer = try Self.customerRecord(db, id: customerId)
            guard customer.isActive != active else { return false }
            customer.isActive = active
            try customer.update(db)
            try self.audit(
                db, entity: "user", entityId: "\(customerId)", actorId: admin.id,
                action: active ? "customerReactivated" : "customerDeactivated", field: "isActive",
                before: "\(!active)", after: "\(active)", at: at)
            if !active {
                try db.execute(
                    sql: "UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL",
                    arguments: [at, customerId]
                )
                try StoredSession.filter(StoredSession.Columns.userId == customerId).deleteAll(db)
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
        try await writeWithoutIndex { db in
            let admin = try self.activeUser(db, admin)
            try Permissions.requireAdmin(admin)
            let customer = try Self.customerRecord(db, id: customerId)
            guard !customer.isConfirmed else {
                throw HelpdeskError.conflict("\(customer.email) is already confirmed.")
            }
            guard customer.isActive else {
                throw HelpdeskError.conflict("Reactivate the account before sending a confirmation link.")
            }
            try self.mailFreshConfirmation(db, to: customer, at: at)
            try self.audit(
                db,
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
    func requireStaffViewer(_ db: Database, _ viewer: User) throws {
        try Permissions.requireStaff(try activeUser(db, viewer))
    }

    /// The stored customer with `id`.
    /// - Throws: `.notFound` when there is no such user or the user is not a customer.
    static func customerRecord(_ db: Database, id: Int64) throws -> User {
        guard let user = try User.fetchOne(db, key: id), user.role == .customer else {
            throw HelpdeskError.notFound(entity: "customer", id: "\(id)")
        }
        return user
    }

    /// One customer's summary row.
    static func customerSummary(_ db: Database, id: Int64) throws -> CustomerSummary {
        let rows = try customerRows(
            db,
            where: "u.role = :customer AND u.id = :id",
            orderBy: "u.id",
            limit: false,
            arguments: ["customer": UserRole.customer.rawValue, "id": id]
        )
        guard let summary = try customerSummaries(db, rows).first else {
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
            case .name: "u.name COLLATE NOCASE \(way), u.name \(way)"
            case .email: "u.email \(way)"
            case .lastActivity: "lastActivityAt \(way)"
            case .openTickets: "openTickets \(way), totalTickets \(way)"
            case .created: "u.createdAt \(way)"
            }
        return "\(key), u.id \(way)"
    }

    /// Customer rows with their ticket counts and last activity, aggregated in SQL (grouped subqueries joined once,
    /// not one query per customer). Dates are stored as sortable text, so `MAX` picks the latest.
    static func customerRows(
        _ db: Database,
        where filter: String,
        orderBy order: String,
        limit: Bool,
        arguments: [String: (any DatabaseValueConvertible)?]
    ) throws -> [Row] {
        var arguments = arguments
        arguments["unusable"] = PasswordHasher.unusableHash + "%"
        for (index, status) in TicketStatus.open.enumerated() { arguments["open\(index)"] = status.rawValue }
        let openList = TicketStatus.open.indices.map { ":open\($0)" }.joined(separator: ", ")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT u.id, u.name, u.email, u.isConfirmed, u.isActive, u.createdAt,
                       u.passwordHash NOT LIKE :unusable AS hasPassword,
                       COALESCE(t.openTickets, 0) AS openTickets,
                       COALESCE(t.totalTickets, 0) AS totalTickets,
                       MAX(u.createdAt, COALESCE(t.lastTicketAt, u.createdAt), COALESCE(m.lastMessageAt, u.createdAt))
                           AS lastActivityAt
                FROM "user" u
                LEFT JOIN (
                    SELECT customerId, COUNT(*) AS totalTickets, SUM(status IN (\(openList))) AS openTickets,
                           MAX(updatedAt) AS lastTicketAt
                    FROM ticket GROUP BY customerId
                ) t ON t.customerId = u.id
                LEFT JOIN (
                    SELECT authorId, MAX(createdAt) AS lastMessageAt
                    FROM ticketMessage WHERE authorId IS NOT NULL GROUP BY authorId
                ) m ON m.authorId = u.id
                WHERE \(filter)
                ORDER BY \(order)
                \(limit ? "LIMIT :limit OFFSET :offset" : "")
                """,
            arguments: StatementArguments(arguments)
        )
    }

    /// Turns rows of `customerRows` into summaries, reading the linked providers of all of them in one query.
    static func customerSummaries(_ db: Database, _ rows: [Row]) throws -> [CustomerSummary] {
        let ids: [Int64] = rows.map { $0["id"] }
        var providers: [Int64: [String]] = [:]
        if !ids.isEmpty {
            let links = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT userId, provider FROM identity
                    WHERE userId IN (\(ids.map { _ in "?" }.joined(separator: ", "))) ORDER BY provider
                    """,
                arguments: StatementArguments(ids)
            )
            for link in links { providers[link["userId"], default: []].append(link["provider"]) }
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return CustomerSummary(
                id: id,
                name: row["name"],
                email: row["email"],
                isConfirmed: row["isConfirmed"],
                isActive: row["isActive"],
                hasPassword: row["hasPassword"],
                providers: providers[id] ?? [],
                openTickets: row["openTickets"],
                totalTickets: row["totalTickets"],
                lastActivityAt: row["lastActivityAt"],
                createdAt: row["createdAt"]
            )
        }
    }
}
