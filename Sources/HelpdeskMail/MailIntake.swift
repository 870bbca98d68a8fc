import HelpdeskCore
import NIOPosix

/// Takes mail into the helpdesk: an answer to a ticket's mail (to its reply address) joins the thread as the
/// customer's reply (`AppDatabase.replyByMail`); a mail from a customer to the support address itself files a new
/// request (`AppDatabase.ticketByMail`). The raw mail is parsed, what it quotes dropped, its files stored. Used by
/// `care mail-in`, which the mail system runs for each mail, and by `POST /api/v1/inbound-mail`.
public enum MailIntake {
    /// What became of a mail.
    public enum Outcome: Sendable, Hashable {
        /// Added to the ticket's thread.
        case added(ticketId: Int64, messageId: Int64)
        /// Filed as a new request.
        case filed(ticketId: Int64)
        /// Already taken in once (the same Message-ID); nothing changed.
        case duplicate(ticketId: Int64)
        /// An automatic mail (a vacation notice, a bounce, a list's mail): dropped without an answer, so that two
        /// robots never write to each other.
        case ignoredAutomatic
    }

    /// Takes in one raw mail (RFC 5322, any line endings).
    ///
    /// The headers are read first: an automatic mail, an answer without a reply address given to its sender or to a
    /// ticket that takes no answer now, and a new request from an address without a customer account (or past its
    /// hourly allowance) are settled before the body is decoded, so a refused mail stores no file (only a ticket
    /// closed in the moment between leaves its files to the hourly sweep of unreferenced files); a mail already taken
    /// in is found before its files are stored again.
    /// - Parameters:
    ///   - attachments: where the mail's files go, within its limits (as uploads); nil refuses mails that carry files.
    ///   - notifyAdminsWhenUnassigned: whether the admins hear of an answer while nobody holds the ticket.
    /// - Throws: `InboundMessageError` for a mail that cannot be read; `MailReplyRefusal` and the reply's or the
    ///   request form's own refusals (`HelpdeskError`) for one that cannot be taken; database and file errors.
    public static func receive(
        _ raw: [UInt8], into database: AppDatabase, attachments: AttachmentStore?, notifyAdminsWhenUnassigned: Bool = true
    ) async throws -> Outcome {
        // Parsing is CPU work on up to 10 MiB: off the event loops, as file writes are.
        let envelope = try await NIOThreadPool.singleton.runIfActive { try InboundMessage.parse(raw, headersOnly: true) }
        if envelope.isAutomatic { return .ignoredAutomatic }
        let key = try await database.mailReplyKey()
        // An answer names its ticket through a reply address (a damaged one is a refused answer, not a new request); a
        // mail to the support address alone is a new request.
        let isAnswer = envelope.recipients.contains(where: MailReplyKey.isTagged)
        let ticketId =
            isAnswer ? try AppDatabase.mailReplyTicket(recipients: envelope.recipients, sender: envelope.from, key: key) : nil
        // Everything the database can refuse is asked before the body is read and files are stored.
        try await database.checkMailSender(envelope.from, ticketId: ticketId)
        // One sender's Message-ID (or, without one, the mail's digest): another sender's mail is never taken for it.
        let mailId = (envelope.from ?? "") + " " + (envelope.messageID ?? "sha256:" + Hashing.hex(Hashing.sha256(raw)))
        if let taken = try await database.inboundMailTicket(mailId) { return .duplicate(ticketId: taken) }
        let message = try await NIOThreadPool.singleton.runIfActive { try InboundMessage.parse(raw) }
        let text = ReplyText.newText(message.text)
        if text.isEmpty, message.attachments.isEmpty { throw MailReplyRefusal.emptyText }
        guard text.count <= 20_000 else {
            throw HelpdeskError.invalidInput(field: "body", message: "Use at most 20000 characters.")
        }
        let files = message.attachments
        let stored = try await NIOThreadPool.singleton.runIfActive { try store(files, in: attachments) }
        let outcome =
            if ticketId != nil {
                try await database.replyByMail(
                    recipients: message.recipients, sender: message.from, text: text, messageId: mailId, key: key,
                    attachments: stored, notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
            } else {
                try await database.ticketByMail(
                    sender: message.from, subject: message.subject, text: text, messageId: mailId, attachments: stored)
            }
        switch outcome {
        case .added(let ticketId, let messageId): return .added(ticketId: ticketId, messageId: messageId)
        case .filed(let ticketId): return .filed(ticketId: ticketId)
        case .duplicate(let ticketId): return .duplicate(ticketId: ticketId)
        }
    }

    /// Writes `files` into `store` within its limits (count, size of each, size together), synced and in place.
    /// - Throws: `MailReplyRefusal.files` naming the limit; file errors.
    static func store(_ files: [InboundAttachment], in store: AttachmentStore?) throws -> [StoredAttachment] {
        guard !files.isEmpty else { return [] }
        guard let store, store.limits.maxFiles > 0 else { throw MailReplyRefusal.files("Files cannot be sent here.") }
        let limits = store.limits
        guard files.count <= limits.maxFiles else {
            throw MailReplyRefusal.files("Attach at most \(limits.maxFiles) files to one message.")
        }
        if let large = files.first(where: { $0.bytes.count > limits.maxFileBytes }) {
            throw MailReplyRefusal.files("\(large.fileName) is larger than \(AttachmentLimits.describe(limits.maxFileBytes)).")
        }
        guard files.reduce(0, { $0 + $1.bytes.count }) <= limits.maxMessageBytes else {
            throw MailReplyRefusal.files(
                "The files of one message may not exceed \(AttachmentLimits.describe(limits.maxMessageBytes)) together.")
        }
        var staged: [StagedAttachment] = []
        do {
            for file in files {
                let writer = try store.receive(fileName: file.fileName)
                do {
                    try file.bytes.withUnsafeBytes { try writer.write($0) }
                    staged.append(try writer.finish())
                } catch {
                    writer.abandon()
                    throw error
                }
            }
            return try store.commit(staged)
        } catch {
            store.discard(staged)
            throw error
        }
    }
}
