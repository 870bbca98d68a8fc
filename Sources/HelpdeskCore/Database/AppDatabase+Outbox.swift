import Foundation

extension AppDatabase {
    /// Unsent mails, oldest first, skipping ones that failed `maxAttempts` times (for the mail worker).
    public func pendingMails(limit: Int = 50, maxAttempts: Int = 10) async throws -> [OutboxMail] {
        try await sqlRead { sql in
            try sql.fetchAll(
                OutboxMail.self, "SELECT * FROM outboxMail WHERE sentAt IS NULL AND attempts < ? ORDER BY id LIMIT ?",
                maxAttempts, limit)
        }
    }

    /// The pending mails (as `pendingMails`) that no mail worker holds a lease on at `at`: never claimed, released, or
    /// claimed by a worker whose lease has run out (it died mid-delivery).
    public func claimableMails(limit: Int = 50, maxAttempts: Int = 10, at: Date) async throws -> [OutboxMail] {
        try await sqlRead { sql in
            try sql.fetchAll(
                OutboxMail.self,
                """
                SELECT * FROM outboxMail
                WHERE sentAt IS NULL AND attempts < ? AND (claimedUntil IS NULL OR claimedUntil <= ?)
                ORDER BY id LIMIT ?
                """,
                maxAttempts, at, limit)
        }
    }

    /// Claims those of `ids` that are still unsent and free (see `claimableMails`) for `owner` until `until`, and
    /// returns them: each mail goes to one worker, however many app nodes deliver the same database. On PostgreSQL the
    /// rows are locked with `FOR UPDATE SKIP LOCKED`, so workers claiming at the same moment pass over each other's
    /// rows instead of waiting for them.
    /// - Parameters:
    ///   - owner: the worker, unique per process (its claims are released by `releaseMailClaims(owner:)`).
    ///   - at: the worker's clock; a lease that ended before it is free again.
    public func claimMails(ids: [Int64], owner: String, until: Date, at: Date) async throws -> [OutboxMail] {
        let ids = Array(ids.prefix(500))
        guard !ids.isEmpty else { return [] }
        return try await sqlWrite { sql in
            let lock = sql.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let free = try sql.rows(
                """
                SELECT id FROM outboxMail
                WHERE id IN (\(sqlPlaceholders(ids.count))) AND sentAt IS NULL
                  AND (claimedUntil IS NULL OR claimedUntil <= ?)
                ORDER BY id\(lock)
                """,
                ids.map(\.sqlValue) + [at.sqlValue]
            ).map { try $0.int64("id") }
            guard !free.isEmpty else { return [] }
            let placeholders = sqlPlaceholders(free.count)
            try sql.execute(
                "UPDATE outboxMail SET claimedBy = ?, claimedUntil = ? WHERE id IN (\(placeholders))",
                [owner.sqlValue, until.sqlValue] + free.map(\.sqlValue))
            return try sql.fetchAll(
                OutboxMail.self, "SELECT * FROM outboxMail WHERE id IN (\(placeholders)) ORDER BY id",
                arguments: free.map(\.sqlValue))
        }
    }

    /// Gives back every unsent mail `owner` still holds (a worker stopping gracefully), so another node may send them
    /// at once instead of after the lease.
    /// - Returns: how many were released.
    @discardableResult
    public func releaseMailClaims(owner: String) async throws -> Int {
        try await sqlWrite { sql in
            try sql.execute(
                "UPDATE outboxMail SET claimedBy = NULL, claimedUntil = NULL WHERE claimedBy = ? AND sentAt IS NULL",
                owner)
        }
    }

    /// How many mails `pendingMails` would return without a limit: unsent and tried fewer than `maxAttempts` times
    /// (the backlog gauge).
    /// - Complexity: one `SELECT COUNT(*)`; no row is loaded.
    public func pendingMailCount(maxAttempts: Int = 10) async throws -> Int {
        try await sqlRead { sql in
            let count = try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NULL AND attempts < ?", maxAttempts)
            return Int(count ?? 0)
        }
    }

    /// Every mail in the outbox (sent or not), oldest first, optionally only to one recipient.
    public func outbox(recipient: String? = nil) async throws -> [OutboxMail] {
        try await sqlRead { sql in
            if let recipient {
                return try sql.fetchAll(
                    OutboxMail.self, "SELECT * FROM outboxMail WHERE recipient = ? ORDER BY id", recipient.lowercased())
            }
            return try sql.fetchAll(OutboxMail.self, "SELECT * FROM outboxMail ORDER BY id")
        }
    }

    /// Marks a mail sent. A mail that carried a one-time link (confirmation, password reset, invitation, verdict)
    /// loses it in the same transaction: see `removeOneTimeLink(_:mailId:note:)`.
    public func markMailSent(id: Int64) async throws {
        let at = now()
        try await sqlWrite { sql in
            try sql.execute(
                """
                UPDATE outboxMail SET sentAt = ?, attempts = attempts + 1, lastError = NULL, claimedBy = NULL,
                  claimedUntil = NULL
                WHERE id = ?
                """,
                at, id)
            try self.removeOneTimeLink(sql, mailId: id, note: OutboxMail.deliveredLinkNote)
        }
    }

    /// Records a failed delivery attempt.
    /// - Parameter maxAttempts: the mail worker's limit; when this attempt reaches it, the mail is given up on and
    ///   loses its one-time link, if it had one. Nil leaves the row's text alone.
    public func markMailFailed(id: Int64, error: String, maxAttempts: Int? = nil) async throws {
        try await sqlWrite { sql in
            try sql.execute(
                """
                UPDATE outboxMail SET attempts = attempts + 1, lastError = ?, claimedBy = NULL, claimedUntil = NULL
                WHERE id = ?
                """,
                error, id)
            guard let maxAttempts else { return }
            let attempts = try sql.int64("SELECT attempts FROM outboxMail WHERE id = ?", id)
            if let attempts, attempts >= Int64(maxAttempts) {
                try self.removeOneTimeLink(sql, mailId: id, note: OutboxMail.abandonedLinkNote)
            }
        }
    }

    /// Drops the plain one-time token of a mail that no longer needs it (delivered, or given up on): the body becomes
    /// `note`, and the payload loses `token` and every value that holds it (the link paths); the subject, recipient,
    /// kind, ids, timestamps and attempts stay, so the mail is still listed and its `Message-ID` unchanged. Only the
    /// token's hash stays in the database. A mail without a token is left as it is.
    func removeOneTimeLink(_ sql: any SQLExecutor, mailId: Int64, note: String) throws {
        guard let mail = try sql.find(OutboxMail.self, id: mailId) else { return }
        let values = mail.payloadValues
        guard let token = values["token"], !token.isEmpty else { return }
        var kept = values.filter { !$0.value.contains(token) }
        kept[OutboxMail.linkRemovedKey] = "true"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let payload = String(decoding: try encoder.encode(kept), as: UTF8.self)
        try sql.execute("UPDATE outboxMail SET body = ?, payload = ? WHERE id = ?", note, payload, mailId)
    }
}

/// The outbox as admins see it: what could not be delivered, what is being retried, what waits.
public struct OutboxStatus: Sendable, Hashable {
    /// Mails given up on (`attempts ≥ maxAttempts`), newest first, with the server's last answer: one page of them.
    public var failed: [OutboxMail]
    /// Mails given up on, in all.
    public var failedTotal: Int
    /// Mails that failed for now and will be tried again, oldest first.
    public var retrying: [OutboxMail]
    /// Unsent mails in all (waiting, retrying or failed).
    public var unsent: Int
    /// Mails delivered in all.
    public var sent: Int
}

extension AppDatabase {
    /// The outbox for the admins' mail page.
    /// - Parameters:
    ///   - maxAttempts: the mail worker's limit, after which a mail counts as failed.
    ///   - limit: the most mails of each list.
    ///   - failedOffset: failed mails skipped before the page of them (newest first).
    /// - Throws: `.forbidden` unless `viewer` is an admin.
    public func outboxStatus(
        maxAttempts: Int, limit: Int = 100, failedOffset: Int = 0, for viewer: User
    ) async throws -> OutboxStatus {
        try Permissions.requireAdmin(viewer)
        return try await sqlRead { sql in
            OutboxStatus(
                failed: try sql.fetchAll(
                    OutboxMail.self,
                    "SELECT * FROM outboxMail WHERE sentAt IS NULL AND attempts >= ? ORDER BY id DESC LIMIT ? OFFSET ?",
                    maxAttempts, max(limit, 0), max(failedOffset, 0)),
                failedTotal: Int(
                    try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NULL AND attempts >= ?", maxAttempts) ?? 0),
                retrying: try sql.fetchAll(
                    OutboxMail.self,
                    """
                    SELECT * FROM outboxMail WHERE sentAt IS NULL AND attempts > 0 AND attempts < ?
                    ORDER BY id LIMIT ?
                    """,
                    maxAttempts, limit),
                unsent: Int(try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NULL") ?? 0),
                sent: Int(try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NOT NULL") ?? 0)
            )
        }
    }

    /// Puts an undelivered mail back in the queue with a fresh count of attempts (after the address or the SMTP
    /// settings were fixed). Audited.
    /// - Throws: `.forbidden` unless `admin` is an admin; `.notFound` for an unknown or already sent mail;
    ///   `.conflict` for a mail whose one-time link was removed when it was given up on.
    public func retryMail(id: Int64, by admin: User) async throws {
        try Permissions.requireAdmin(admin)
        let at = now()
        try await sqlWrite { sql in
            guard let mail = try sql.find(OutboxMail.self, id: id), mail.sentAt == nil else {
                throw HelpdeskError.notFound(entity: "unsent mail", id: "\(id)")
            }
            guard !mail.oneTimeLinkRemoved else {
                throw HelpdeskError.conflict(
                    "This mail held a one-time link, which was removed when delivery was given up, so it cannot be sent "
                        + "again. \(mail.recipient) can ask for a new link, for instance with “Forgot password”."
                )
            }
            try sql.execute("UPDATE outboxMail SET attempts = 0 WHERE id = ?", id)
            try self.audit(
                sql, entity: "outboxMail", entityId: "\(id)", actorId: admin.id, action: "mailRetried", field: "attempts",
                before: "\(mail.attempts)", after: "0", at: at)
        }
    }
}
