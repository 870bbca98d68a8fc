import Foundation

// Personal API tokens and web sessions, on the SQL layer both stores share.

extension APIToken {
    init(row: SQLRow) throws {
        self.init(
            id: try row.int64("id"), userId: try row.int64("userId"), name: try row.string("name"),
            tokenHash: try row.string("tokenHash"), createdAt: try row.date("createdAt"),
            lastUsedAt: try row.optionalDate("lastUsedAt"), revokedAt: try row.optionalDate("revokedAt"))
    }
}

extension AppDatabase {
    // MARK: - Personal API tokens

    /// Creates a personal API token for `user`.
    /// - Returns: the stored row and the plain token, which is never shown again.
    public func createAPIToken(for user: User, name: String) async throws -> (token: APIToken, plain: String) {
        let name = try InputValidation.requiredText(name, field: "name", maxLength: 100)
        let at = now()
        let plain = "ccr_" + SecureToken.generate()
        let row = try await sqlWrite { sql in
            let user = try self.activeUser(sql, user)
            var row = APIToken(
                id: nil, userId: user.requiredID, name: name, tokenHash: SecureToken.hash(plain), createdAt: at, lastUsedAt: nil,
                revokedAt: nil)
            row.id = try sql.insert(
                "INSERT INTO apiToken (userId, name, tokenHash, createdAt) VALUES (?, ?, ?, ?)", row.userId, row.name, row.tokenHash,
                row.createdAt)
            return row
        }
        return (row, plain)
    }

    /// The user's API tokens, newest first, including revoked ones.
    public func apiTokens(of user: User) async throws -> [APIToken] {
        try await sqlRead { sql in
            try sql.rows("SELECT * FROM apiToken WHERE userId = ? ORDER BY createdAt DESC, id DESC", user.id).map(APIToken.init(row:))
        }
    }

    /// Revokes one of the user's tokens (admins may revoke anyone's).
    /// - Throws: `.notFound` when the token is not theirs.
    public func revokeAPIToken(id: Int64, by user: User) async throws {
        let at = now()
        try await sqlWrite { sql in
            guard let found = try sql.row("SELECT * FROM apiToken WHERE id = ?", id), case let row = try APIToken(row: found),
                row.userId == user.id || user.role == .admin
            else { throw HelpdeskError.notFound(entity: "API token", id: "\(id)") }
            try sql.execute("UPDATE apiToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", at, id)
        }
    }

    /// The active user a plain API token belongs to, or nil for an unknown or revoked token. Records `lastUsedAt`
    /// at most once a minute, so authenticating stays a read.
    public func user(forAPIToken plain: String) async throws -> User? {
        let hash = SecureToken.hash(plain)
        let at = now()
        let found = try await sqlRead { sql -> (User, Date?)? in
            guard
                let row = try sql.row(
                    """
                    SELECT "user".*, apiToken.lastUsedAt AS tokenLastUsedAt FROM "user"
                    JOIN apiToken ON apiToken.userId = "user".id
                    WHERE apiToken.tokenHash = ? AND apiToken.revokedAt IS NULL AND "user".isActive = ?
                    """,
                    hash, true)
            else { return nil }
            return (try User(from: SQLRowDecoder(row: row)), try row.optionalDate("tokenLastUsedAt"))
        }
        guard let (user, lastUsedAt) = found else { return nil }
        if lastUsedAt.map({ at.timeIntervalSince($0) >= 60 }) ?? true {
            try await sqlWrite { sql in try sql.execute("UPDATE apiToken SET lastUsedAt = ? WHERE tokenHash = ?", at, hash) }
        }
        return user
    }

    // MARK: - Web sessions

    /// The data of an unexpired session, or nil. `id` is the cookie value; only its hash is stored.
    public func sessionData(id: String) async throws -> Data? {
        let key = SecureToken.hash(id)
        let at = now()
        return try await sqlRead { sql in
            guard let row = try sql.row("SELECT data FROM session WHERE id = ? AND expiresAt > ?", key, at),
                case .blob(let bytes) = try row.value("data")
            else { return nil }
            return Data(bytes)
        }
    }

    /// The user id of an unexpired session, or nil.
    public func sessionUserId(id: String) async throws -> Int64? {
        let key = SecureToken.hash(id)
        let at = now()
        return try await sqlRead { sql in
            try sql.row("SELECT userId FROM session WHERE id = ? AND expiresAt > ?", key, at)?.optionalInt64("userId")
        }
    }

    /// Stores a new session.
    /// - Returns: false (and changes nothing) when a session with this id exists already.
    @discardableResult
    public func createSession(id: String, data: Data, userId: Int64?, expiresAt: Date) async throws -> Bool {
        let key = SecureToken.hash(id)
        return try await sqlWrite { sql in
            try sql.execute(
                "INSERT INTO session (id, userId, data, expiresAt) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                [key.sqlValue, userId.sqlValue, .blob([UInt8](data)), expiresAt.sqlValue]) > 0
        }
    }

    /// Replaces the data and expiry of an existing, unexpired session. Never creates one: a session deleted (signed
    /// out, or ended by a password change) while a request was using it stays deleted when that request saves it.
    /// - Returns: whether a session was updated.
    @discardableResult
    public func updateSession(id: String, data: Data, userId: Int64?, expiresAt: Date) async throws -> Bool {
        let key = SecureToken.hash(id)
        let at = now()
        return try await sqlWrite { sql in
            try sql.execute(
                "UPDATE session SET data = ?, userId = ?, expiresAt = ? WHERE id = ? AND expiresAt > ?",
                [.blob([UInt8](data)), userId.sqlValue, expiresAt.sqlValue, key.sqlValue, at.sqlValue]) > 0
        }
    }

    /// Deletes a session (sign-out).
    public func deleteSession(id: String) async throws {
        let key = SecureToken.hash(id)
        try await sqlWrite { sql in _ = try sql.execute("DELETE FROM session WHERE id = ?", key) }
    }

    /// Revokes every API token of the account and deletes all of its sessions but `keptSession` (a session store
    /// id, as given to `createSession`); for a password change or reset, inside its transaction.
    func revokeCredentials(_ sql: any SQLExecutor, userId: Int64, keepingSession keptSession: String?, at: Date) throws {
        try sql.execute("UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL", at, userId)
        if let keptSession {
            try sql.execute("DELETE FROM session WHERE userId = ? AND id <> ?", userId, SecureToken.hash(keptSession))
        } else {
            try sql.execute("DELETE FROM session WHERE userId = ?", userId)
        }
    }

    /// Deletes expired sessions.
    /// - Returns: how many were deleted.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int {
        let at = now()
        return try await sqlWrite { sql in try sql.execute("DELETE FROM session WHERE expiresAt <= ?", at) }
    }
}
