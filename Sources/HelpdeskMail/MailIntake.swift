import HelpdeskCore

/// Takes an answer sent by e-mail into its ticket: parses the raw mail, drops what it quotes, and adds the rest as its
/// sender's reply (`AppDatabase.replyByMail`). Used by `care mail-in`, which the mail system runs for each mail to a
/// reply address.
public enum MailIntake {
    /// What became of a mail.
    public enum Outcome: Sendable, Hashable {
        /// Added to the ticket's thread.
        case added(ticketId: Int64, messageId: Int64)
        /// Already added once (the same Message-ID); nothing changed.
        case duplicate(ticketId: Int64)
        /// An automatic mail (a vacation notice, a bounce, a list's mail): dropped without an answer, so that two
        /// robots never write to each other.
        case ignoredAutomatic
    }

    /// Takes in one raw mail (RFC 5322, any line endings).
    /// - Throws: `InboundMessageError` for a mail that cannot be read; `MailReplyRefusal` and the reply's own
    ///   refusals (`HelpdeskError`) for one that cannot be added; database errors.
    public static func receive(_ raw: [UInt8], into database: AppDatabase) async throws -> Outcome {
        let message = try InboundMessage.parse(raw)
        if message.isAutomatic { return .ignoredAutomatic }
        let key = try await database.mailReplyKey()
        switch try await database.replyByMail(
            recipients: message.recipients, sender: message.from, text: ReplyText.newText(message.text),
            messageId: message.messageID, key: key)
        {
        case .added(let ticketId, let messageId): return .added(ticketId: ticketId, messageId: messageId)
        case .duplicate(let ticketId): return .duplicate(ticketId: ticketId)
        }
    }
}
