import HelpdeskCore

/// Answers by e-mail: the reply address of each mail about a ticket, and the line above which the answer goes.
///
/// With `care serve --reply-address support@example.com`, a mail about ticket 42 to `ann@example.org` carries
/// `Reply-To: support+r42-<signature>@example.com` (`MailReplyKey`), and its text starts with `ReplyText.marker`, so
/// that the answer can be told from the quoted mail. The mail system delivers that address to `care mail-in`.
public struct ReplyAddressing: Sendable {
    /// The configured address, e.g. `support@example.com`.
    public let base: MailAddress
    /// The installation's key (`AppDatabase.mailReplyKey()`).
    public let key: MailReplyKey

    /// Creates the addressing for `base`, signed with `key`.
    public init(base: MailAddress, key: MailReplyKey) {
        self.base = base
        self.key = key
    }

    /// The Reply-To of a mail about `ticketId` to `recipient`, with the base address's display name, else `name`
    /// (the sender's).
    public func replyTo(ticketId: Int64, recipient: String, name: String? = nil) -> MailAddress? {
        key.replyAddress(base: base.address, ticketId: ticketId, recipient: recipient)
            .flatMap { try? MailAddress($0, name: base.name ?? name) }
    }
}
