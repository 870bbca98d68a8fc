import HelpdeskCore

extension AppDatabase {
    /// Gives up on a mail for good (a 5xx for its recipient or content): records `reason` and raises the attempt count
    /// to `maxAttempts`, so that `pendingMails(maxAttempts:)` no longer returns it and the admin listing shows it as
    /// failed (`sentAt == nil && attempts >= maxAttempts`, `lastError` says why).
    ///
    /// The core has no "failed" status or single call for this yet, so this records one failed attempt per missing
    /// attempt through the public `markMailFailed(id:error:maxAttempts:)` (the last one also removes a one-time link):
    /// a handful of small transactions, only for mails that cannot be delivered anyway.
    /// - Parameters:
    ///   - mail: the row as it was read (its `attempts` before this delivery).
    ///   - reason: the server's answer, e.g. `RCPT TO:<x@example.com> answered 550 5.1.1 no such user`.
    ///   - maxAttempts: the worker's limit.
    func markMailUndeliverable(_ mail: OutboxMail, reason: String, maxAttempts: Int) async throws {
        guard let id = mail.id else { return }
        let missing = max(1, maxAttempts - mail.attempts)
        for _ in 0..<missing {
            try await markMailFailed(id: id, error: "undeliverable: \(reason)", maxAttempts: maxAttempts)
        }
    }
}
