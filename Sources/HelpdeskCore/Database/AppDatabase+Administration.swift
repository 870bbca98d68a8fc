import Foundation

/// An admin account made by `createAdmin`, with the password to hand over when one was generated.
public struct CreatedAdmin: Sendable, Hashable {
    /// The new admin.
    public var admin: User
    /// The generated password, shown once; nil when the caller chose the password.
    public var generatedPassword: String?
}

extension AppDatabase {
    // MARK: - Operator tools (the `care` command line)

    /// Creates an admin account for whoever runs the command-line tools on the server (who can open the database
    /// file, so can already do anything): confirmed, active, audited with no acting user.
    /// - Parameters:
    ///   - password: the password to use, checked against the password rules; nil generates one.
    /// - Returns: the admin and, when it was generated, the password (hashed in the database, never logged).
    /// - Throws: `.invalidInput` naming `name`, `email` or `password`; `.conflict` when the address has an account.
    public func createAdmin(name: String, email: String, password: String? = nil) async throws -> CreatedAdmin {
        let name = try InputValidation.normalizedName(name)
        let email = try InputValidation.normalizedEmail(email)
        if let password { try InputValidation.validatePassword(password, email: email) }
        let chosen = password ?? Self.generatePassword()
        let hash = await passwordHasher.hash(chosen)
        let at = now()
        do {
            let admin = try await sqlWrite { sql in
                guard try Self.user(sql, email: email) == nil else {
                    throw HelpdeskError.conflict("Another account already uses \(email).")
                }
                var admin = User(role: .admin, name: name, email: email, passwordHash: hash, isConfirmed: true, createdAt: at)
                admin.id = try sql.insert(admin)
                try self.audit(sql, entity: "user", entityId: "\(admin.requiredID)", actorId: nil, action: "adminCreated", at: at)
                return admin
            }
            return CreatedAdmin(admin: admin, generatedPassword: password == nil ? chosen : nil)
        } catch let error where SQLUniqueViolation.matches(error) {
            throw HelpdeskError.conflict("Another account already uses \(email).")
        }
    }

    /// The admin the command-line tools act as (their changes are audited under this account): the active admin
    /// with address `email`, or the earliest active admin when `email` is nil.
    /// - Throws: `.invalidInput(field: "email", …)` for a malformed address; `.notFound` when there is no such
    ///   active admin (none created yet, or the address belongs to someone else).
    public func operatingAdmin(email: String? = nil) async throws -> User {
        let email = try email.map { try InputValidation.normalizedEmail($0) }
        let admin = try await sqlRead { sql in
            var conditions = "role = ? AND isActive = ?"
            var arguments: [SQLValue] = [UserRole.admin.rawValue.sqlValue, true.sqlValue]
            if let email {
                conditions += " AND email = ?"
                arguments.append(email.sqlValue)
            }
            return try sql.fetchAll(
                User.self, #"SELECT * FROM "user" WHERE \#(conditions) ORDER BY id LIMIT 1"#, arguments: arguments
            ).first
        }
        guard let admin else { throw HelpdeskError.notFound(entity: "admin", id: email ?? "(any active admin)") }
        return admin
    }

    /// The agent with address `email` (active or not), as an admin sees it.
    /// - Throws: `.forbidden` unless `viewer` is an admin; `.invalidInput(field: "email", …)`; `.notFound` when no
    ///   agent has this address.
    public func agent(email: String, for viewer: User) async throws -> User {
        try Permissions.requireAdmin(viewer)
        let email = try InputValidation.normalizedEmail(email)
        let agent = try await sqlRead { sql in
            try sql.fetchOne(User.self, #"SELECT * FROM "user" WHERE email = ? AND role = ?"#, email, UserRole.agent.rawValue)
        }
        guard let agent else { throw HelpdeskError.notFound(entity: "agent", id: email) }
        return agent
    }
}
