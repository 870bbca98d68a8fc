import Foundation
import GRDB

extension AppDatabase {
    /// Unsent mails, oldest first, skipping ones that failed `maxAttempts` times (for the mail worker).
    public func pendingMails(limit: Int = 50, maxAttempts: Int = 10) async throws -> [OutboxMail] {
        try await read { db in
            try OutboxMail.filter(OutboxMail.Columns.sentAt == nil && OutboxMail.Columns.attempts < maxAttempts)
                .order(OutboxMail.Columns.id).limit(limit).fetchAll(db)
        }
    }

    /// Every mail in the outbox (sent or not), oldest first, optionally only to one recipient.
    public func outbox(recipient: String? = nil) async throws -> [OutboxMail] {
        try await read { db in
            var request = OutboxMail.order(OutboxMail.Columns.id)
            if let recipient { request = request.filter(OutboxMail.Columns.recipient == recipient.lowercased()) }
            return try request.fetchAll(db)
        }
    }

    /// Marks a mail sent.
    public func markMailSent(id: Int64) async throws {
        let at = now()
        try await writeWithoutIndex { db in
            try db.execute(
                sql: "UPDATE outboxMail SET sentAt = ?, attempts = attempts + 1, lastError = NULL WHERE id = ?",
                arguments: [at, id]
            )
        }
    }

    /// Records a failed delivery attempt.
    public func markMailFailed(id: Int64, error: String) async throws {
        try await writeWithoutIndex { db in
            try db.execute(
                sql: "UPDATE outboxMail SET attempts = attempts + 1, lastError = ? WHERE id = ?",
                arguments: [error, id]
            )
        }
    }
}
