import Foundation

// Rows of the SQL layer read into the domain's values, and the shared helpers of writes, for both stores.

extension User {
    /// The column list `init(row:)` reads.
    static let sqlColumns =
        "id, externalId, role, name, email, passwordHash, isConfirmed, isActive, skills, capacity, createdAt, mustChangePassword"

    init(row: SQLRow) throws {
        let skillsJSON = try row.string("skills")
        self.init(
            id: try row.int64("id"),
            externalId: try row.optionalString("externalId"),
            role: try row.decode(UserRole.self, "role"),
            name: try row.string("name"),
            email: try row.string("email"),
            passwordHash: try row.string("passwordHash"),
            isConfirmed: try row.bool("isConfirmed"),
            isActive: try row.bool("isActive"),
            skills: (try? JSONDecoder().decode([String].self, from: Data(skillsJSON.utf8))) ?? [],
            capacity: try row.int("capacity"),
            createdAt: try row.date("createdAt"),
            mustChangePassword: try row.bool("mustChangePassword")
        )
    }
}

extension Category {
    init(row: SQLRow) throws {
        self.init(id: try row.string("id"), name: try row.string("name"), description: try row.string("description"))
    }
}

extension SLAPolicy {
    init(row: SQLRow) throws {
        self.init(
            priority: try row.decode(TicketPriority.self, "priority"),
            firstResponseMinutes: try row.int("firstResponseMinutes"),
            resolutionMinutes: try row.int("resolutionMinutes"))
    }
}

extension AppDatabase {
    /// Fetches the acting user fresh and checks that the account is active.
    func activeUser(_ sql: any SQLExecutor, _ user: User) throws -> User {
        guard let id = user.id, let row = try sql.row(#"SELECT \#(User.sqlColumns) FROM "user" WHERE id = ?"#, id),
            case let fresh = try User(row: row), fresh.isActive
        else { throw HelpdeskError.forbidden("This account is not active.") }
        return fresh
    }

    /// Appends an audit row.
    func audit(
        _ sql: any SQLExecutor, entity: String, entityId: String, ticketId: Int64? = nil, actorId: Int64?, action: String,
        field: String? = nil, before: String? = nil, after: String? = nil, at: Date
    ) throws {
        try sql.execute(
            """
            INSERT INTO auditEntry (entity, entityId, ticketId, actorId, at, action, field, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entity.sqlValue, entityId.sqlValue, ticketId.sqlValue, actorId.sqlValue, at.sqlValue, action.sqlValue,
                field.sqlValue, before.sqlValue, after.sqlValue,
            ])
    }
}
