import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Personal API tokens

    /// Creates a personal API token for `user`.
    /// - Returns: the stored row and the plain token, which is never shown again.
    public func createAPIToken(for user: User, name: String) async throws -> (token: APIToken, plain: String) {
        let name = try InputValidation.requiredText(name, field: "name", maxLength: 100)
        let at = now()
        let plain = "ccr_" + SecureToken.generate()
        let row = try await write { db in
            let user = try self.activeUser(db, user)
            var row = APIToken(
                id: nil,
                userId: user.requiredID,
                name: name,
                tokenHash: SecureToken.hash(plain),
                createdAt: at,
                lastUsedAt: nil,
                revokedAt: nil
            )
            try row.insert(db)
            return row
        }
        return (row, plain)
    }

    /// The user's API tokens, newest first, including revoked ones.
    public func apiTokens(of user: User) async throws -> [APIToken] {
        try await read { db in
            try APIToken.filter(APIToken.Columns.userId == user.id).order(APIToken.Columns.createdAt.desc, APIToken.Columns.id.desc)
                .fetchAll(db)
        }
    }

    /// Revokes one of the user's tokens (admins may revoke anyone's).
    /// - Throws: `.notFound` when the token is not theirs.
    public func revokeAPIToken(id: Int64, by user: User) async throws {
        let at = now()
        try await write { db in
            guard var row = try APIToken.fetchOne(db, key: id), row.userId == user.id || user.role == .admin else {
                throw HelpdeskError.notFound(entity: "API token", id: "\(id)")
            }
            guard row.revokedAt == nil else { return }
            row.revokedAt = at
            try row.update(db)
        }
    }

    /// The active user a plain API token belongs to, or nil for an unknown or revoked token. Records `lastUsedAt`
    /// at most once a minute, so authenticating stays a read.
    public func user(forAPIToken plain: String) async throws -> User? {
        let hash = SecureToken.hash(plain)
        let at = now()
        let found = try await read { db -> (User, Date?)? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT "user".*, apiToken.lastUsedAt AS tokenLastUsedAt FROM "user"
                        JOIN apiToken ON apiToken.userId = "user".id
                        WHERE apiToken.tokenHash = ? AND apiToken.revokedAt IS NULL AND "user".isActive
                        """,
                    arguments: [hash]
                )
            else { return nil }
            return (try User(row: row), row["tokenLastUsedAt"])
        }
        guard let (user, lastUsedAt) = found else { return nil }
        if lastUsedAt.map({ at.timeIntervalSince($0) >= 60 }) ?? true {
            try await writeWithoutIndex { db in
                try db.execute(sql: "UPDATE apiToken SET lastUsedAt = ? WHERE tokenHash = ?", arguments: [at, hash])
            }
        }
        return user
    }

    // MARK: - Web sessions

    /// The data of an unexpired session, or nil. `id` is the cookie value; only its hash is stored.
    public func sessionData(id: String) async throws -> Data? {
        let key = SecureToken.hash(id)
        let at = now()
        return try await read { db in
            try StoredSession.filter(key: key).filter(StoredSession.Columns.expiresAt > at).fetchOne(db)?.data
        }
    }

    /// The user id of an unexpired session, or nil.
    public func sessionUserId(id: String) async throws -> Int64? {
        let key = SecureToken.hash(id)
        let at = now()
        return try await read { db in
            try StoredSession.filter(key: key).filter(StoredSession.Columns.expiresAt > at).fetchOne(db)?.userId
        }
    }

    /// Stores a new session.
    /// - Returns: false (and changes nothing) when a session with this id exists already.
    @discardableResult
    public func createSession(id: String, data: Data, userId: Int64?, expiresAt: Date) async throws -> Bool {
        let row = StoredSession(id: SecureToken.hash(id), userId: userId, data: data, expiresAt: expiresAt)
        return try await writeWithoutIndex { db in
            try row.insert(db, onConflict: .ignore)
            return db.changesCount > 0
        }
    }

    /// Replaces the data and expiry of an existing, unexpired session. Never creates one: a session deleted (signed
    /// out, or ended by a password change) while a request was using it stays deleted when that request saves it.
    /// - Returns: whether a session was updated.
    @discardableResult
    public func updateSession(id: String, data: Data, userId: Int64?, expiresAt: Date) async throws -> Bool {
        let key = SecureToken.hash(id)
        let at = now()
        return try await writeWithoutIndex { db in
            try db.execute(
                sql: "UPDATE session SET data = ?, userId = ?, expiresAt = ? WHERE id = ? AND expiresAt > ?",
                arguments: [data, userId, expiresAt, key, at]
            )
            return db.changesCount > 0
        }
    }

    /// Deletes a session (sign-out).
    public func deleteSession(id: String) async throws {
        let key = SecureToken.hash(id)
        _ = try await writeWithoutIndex { db in try StoredSession.deleteOne(db, key: key) }
    }

    /// Revokes every API token of the account and deletes all of its sessions but `keptSession` (a session store
    /// id, as given to `createSession`); for a password change or reset, inside its transaction.
    func revokeCredentials(_ db: Database, userId: Int64, keepingSession keptSession: String?, at: Date) throws {
        try db.execute(
            sql: "UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL",
            arguments: [at, userId]
        )
        var sessions = StoredSession.filter(StoredSession.Columns.userId == userId)
        if let keptSession { sessions = sessions.filter(StoredSession.Columns.id != SecureToken.hash(keptSession)) }
        try sessions.deleteAll(db)
    }

    /// Deletes expired sessions.
    /// - Returns: how many were deleted.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int {
        let at = now()
        return try await writeWithoutIndex { db in
            try StoredSession.filter(StoredSession.Columns.expiresAt <= at).deleteAll(db)
        }
    }
}
