import Foundation

/// Why a mail was not taken into a ticket's thread: said to the sender in the bounce, and to the mail system through
/// the exit status of `care mail-in`.
public enum MailReplyRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No recipient is a reply address (`…+r<ticket>-<signature>@…`).
    case noReplyAddress
    /// The reply address was not given to the sender (another sender, or a changed address).
    case notFromRecipient
    /// The sender has no active account.
    case unknownSender
    /// Nothing was written above the quoted mail.
    case emptyText
    /// The mail's files are more, or larger, than a message may carry, or files are turned off.
    case files(String)
    /// The sender filed more requests by mail in the last hour than anyone needs (a forged sender, a loop).
    case tooManyRequests

    public var description: String {
        switch self {
        case .noReplyAddress: "This mail was not sent to a request's reply address."
        case .notFromRecipient:
            "This reply address only takes answers from the address our mail was sent to. Answer from that address, "
                + "or sign in and answer on the request's page."
        case .unknownSender:
            "No active account has this address. Create an account (and confirm its address) on our help centre to "
                + "send requests by e-mail, or sign in and write on the request's page."
        case .emptyText: "The answer was empty: write above the quoted mail."
        case .files(let reason): reason
        case .tooManyRequests:
            "This address sent more new requests in the last hour than we take by mail; sign in to send more."
        }
    }
}

/// What became of a mail taken in by `AppDatabase.replyByMail` or `AppDatabase.ticketByMail`.
public enum MailReplyOutcome: Sendable, Hashable {
    /// The answer was added to the ticket's thread as the message with this id.
    case added(ticketId: Int64, messageId: Int64)
    /// A new request was filed (`ticketByMail`).
    case filed(ticketId: Int64)
    /// A mail with the same Message-ID was already added; nothing changed.
    case duplicate(ticketId: Int64)
}

extension AppDatabase {
    /// Name of the reply key in `installationSecret`.
    static let mailReplyKeyName = "mail-replies"

    /// The installation's key for reply addresses: made on first use (256 random bits) and kept in the database, so
    /// every app node and `care mail-in` share it.
    public func mailReplyKey() async throws -> MailReplyKey {
        var generator = SystemRandomNumberGenerator()
        let fresh = Hashing.hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let at = now()
        let stored = try await sqlWrite { sql in
            // Two nodes starting at once: the first insert wins, both read it.
            _ = try sql.execute(
                "INSERT INTO installationSecret (name, value, createdAt) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                Self.mailReplyKeyName, fresh, at)
            return try sql.row("SELECT value FROM installationSecret WHERE name = ?", Self.mailReplyKeyName)?.string("value")
        }
        guard let stored, stored.count == 64, let bytes = Self.bytes(hex: stored) else {
            throw HelpdeskError.conflict("The stored reply key is damaged.")
        }
        return MailReplyKey(bytes)
    }

    /// Adds an answer sent by e-mail to the ticket its reply address names, as its customer's reply, with the
    /// notifications of a reply on the web.
    ///
    /// A recipient that is a reply address (`MailReplyKey.parse`) whose signature was given to `sender` names the
    /// ticket. Only customers answer by mail (staff mails carry no reply address; staff answer on the ticket's page).
    /// The reply and the record of `messageId` are one transaction, so a mail delivered again (the mail system
    /// retries when it did not hear the answer) adds nothing.
    /// - Parameters:
    ///   - recipients: the mail's recipient addresses (To, Cc, Delivered-To…), lowercased.
    ///   - sender: the From address.
    ///   - text: the new text of the answer (quoted mail already removed); may be empty when files come with it.
    ///   - messageId: what identifies the mail: its Message-ID, or a digest of it.
    ///   - key: the installation's reply key.
    ///   - attachments: the mail's files, already in the attachment store (`AttachmentStore.commit`), recorded on the
    ///     reply in its transaction.
    ///   - notifyAdminsWhenUnassigned: whether the admins hear of it while nobody holds the ticket (as on the web).
    /// - Throws: `MailReplyRefusal`; the reply's own refusals (`HelpdeskError`: a closed ticket, an answer after the
    ///   reopen window, a ticket the sender may not see, a text over 20,000 characters).
    public func replyByMail(
        recipients: [String], sender: String?, text: String, messageId: String, key: MailReplyKey,
        attachments: [StoredAttachment] = [], notifyAdminsWhenUnassigned: Bool = true
    ) async throws -> MailReplyOutcome {
        let ticketId = try Self.mailReplyTicket(recipients: recipients, sender: sender, key: key)
        guard let sender else { throw MailReplyRefusal.notFromRecipient }
        let email = try InputValidation.normalizedEmail(sender)
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty, !attachments.isEmpty { trimmed = Self.filesOnlyText }
        guard !trimmed.isEmpty else { throw MailReplyRefusal.emptyText }
        let body = try InputValidation.requiredText(trimmed, field: "body", maxLength: 20_000)
        let mailId = Self.inboundMailId(messageId)
        let at = now()
        return try await sqlWriteIndexed { db in
            guard let author = try Self.user(db, email: email), author.isActive else { throw MailReplyRefusal.unknownSender }
            // Staff answer on the ticket's page (mails to staff carry no reply address); told apart from nobody, so
            // that a bounce does not tell a stranger which addresses are staff's.
            guard author.role == .customer else { throw MailReplyRefusal.unknownSender }
            if try db.row("SELECT ticketId FROM inboundMail WHERE messageId = ?", mailId) != nil {
                return .duplicate(ticketId: ticketId)
            }
            let message = try self.writeReply(
                db, to: ticketId, by: author, body: body, internalNote: false,
                notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned, attachments: attachments, at: at)
            _ = try db.execute(
                "INSERT INTO inboundMail (messageId, ticketId, ticketMessageId, receivedAt) VALUES (?, ?, ?, ?)", mailId,
                ticketId, message.id, at)
            return .added(ticketId: ticketId, messageId: message.id ?? 0)
        }
    }

    /// New requests one customer may file by mail in an hour.
    public static let mailTicketsPerHour = 20

    /// The checks a mail passes before its body is read and its files stored: `sender` has an active, confirmed
    /// customer account; for an answer (`ticketId`), the ticket takes a reply from them now (not closed, within the
    /// reopen window); for a new request, they have not spent the hourly allowance of requests by mail.
    /// - Throws: `MailReplyRefusal.unknownSender` (also for staff: a bounce must not tell which addresses are
    ///   staff's), `.tooManyRequests`; the ticket's refusals (`HelpdeskError`).
    public func checkMailSender(_ sender: String?, ticketId: Int64?) async throws {
        guard let sender, let email = try? InputValidation.normalizedEmail(sender) else { throw MailReplyRefusal.unknownSender }
        let at = now()
        let reopenWindow = configuration.reopenWindow
        try await sqlRead { db in
            guard let user = try Self.user(db, email: email), user.isActive, user.isConfirmed, user.role == .customer else {
                throw MailReplyRefusal.unknownSender
            }
            if let ticketId {
                let ticket = try Self.visibleTicket(db, id: ticketId, for: user)
                try TicketWorkflow.checkMessage(ticket, internalNote: false, by: user, at: at, reopenWindow: reopenWindow)
            } else {
                guard try Self.mailTicketsInLastHour(db, customerId: user.requiredID, at: at) < Self.mailTicketsPerHour else {
                    throw MailReplyRefusal.tooManyRequests
                }
            }
        }
    }

    /// Requests the customer filed by mail in the hour before `at`.
    static func mailTicketsInLastHour(_ db: any SQLExecutor, customerId: Int64, at: Date) throws -> Int64 {
        try db.int64(
            "SELECT COUNT(*) FROM inboundMail JOIN ticket ON ticket.id = inboundMail.ticketId WHERE ticket.customerId = ? AND inboundMail.ticketMessageId IS NULL AND inboundMail.receivedAt > ?",
            customerId, at.addingTimeInterval(-3_600)) ?? 0
    }

    /// Files a new request from a mail to the support address (one that is no reply address), for the customer with
    /// the sender's address: the subject (or the text's first words) and the text, with its files, as the request form
    /// files one, with its "received" mail (which carries a reply address), recorded with `messageId` in one
    /// transaction so that a second delivery files nothing.
    /// - Parameters:
    ///   - sender: the From address; it must belong to an active, confirmed customer.
    ///   - subject: the mail's subject; over 200 characters it is cut, empty the text's first words stand for it.
    ///   - text: the new text of the mail (a signature and phone footer already removed).
    ///   - messageId: what identifies the mail: its Message-ID, or a digest of it.
    ///   - attachments: the mail's files, already in the attachment store.
    /// - Throws: `MailReplyRefusal` (`.unknownSender`, also for staff, `.emptyText`, `.tooManyRequests`), the
    ///   request form's refusals (`HelpdeskError`: a text over 20,000 characters).
    public func ticketByMail(
        sender: String?, subject: String, text: String, messageId: String, attachments: [StoredAttachment] = []
    ) async throws -> MailReplyOutcome {
        guard let sender, let email = try? InputValidation.normalizedEmail(sender) else { throw MailReplyRefusal.unknownSender }
        var description = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty, !attachments.isEmpty { description = Self.filesOnlyText }
        guard !description.isEmpty else { throw MailReplyRefusal.emptyText }
        description = try InputValidation.requiredText(description, field: "description", maxLength: 20_000)
        var title = subject.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if title.isEmpty { title = String(description.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces) }
        if title.count > 200 { title = String(title.prefix(199)) + "…" }
        let mailId = Self.inboundMailId(messageId)
        let at = now()
        let (subject, text) = (title, description)
        return try await sqlWriteIndexed { db in
            guard let customer = try Self.user(db, email: email), customer.isActive, customer.isConfirmed else {
                throw MailReplyRefusal.unknownSender
            }
            guard customer.role == .customer else { throw MailReplyRefusal.unknownSender }
            if let row = try db.row("SELECT ticketId FROM inboundMail WHERE messageId = ?", mailId) {
                return .duplicate(ticketId: try row.int64("ticketId"))
            }
            guard try Self.mailTicketsInLastHour(db, customerId: customer.requiredID, at: at) < Self.mailTicketsPerHour else {
                throw MailReplyRefusal.tooManyRequests
            }
            let ticket = try self.writeTicket(
                db, by: customer, subject: subject, description: text, categoryId: nil, priority: .normal,
                attachments: attachments, at: at)
            _ = try db.execute(
                "INSERT INTO inboundMail (messageId, ticketId, ticketMessageId, receivedAt) VALUES (?, ?, NULL, ?)", mailId,
                ticket.requiredID, at)
            return .filed(ticketId: ticket.requiredID)
        }
    }

    /// The text of an answer by mail that brought files and no words.
    public static let filesOnlyText = "(Files sent by e-mail.)"

    /// The ticket a mail with this identifier was already taken into, if it was (checked before its files are stored).
    public func inboundMailTicket(_ messageId: String) async throws -> Int64? {
        let mailId = Self.inboundMailId(messageId)
        return try await sqlRead { db in try db.row("SELECT ticketId FROM inboundMail WHERE messageId = ?", mailId)?.int64("ticketId") }
    }

    /// A mail's identifier as stored: cut to 300 characters (a Message-ID is the sender's to choose).
    static func inboundMailId(_ messageId: String) -> String { String(messageId.prefix(300)) }

    /// The ticket named by a reply address among `recipients` whose signature was given to `sender` (each candidate
    /// is tried): the checks `replyByMail` starts with, without the database, so that a mail is refused before its
    /// body is decoded and its files stored.
    /// - Throws: `MailReplyRefusal.noReplyAddress`, `.notFromRecipient`.
    public static func mailReplyTicket(recipients: [String], sender: String?, key: MailReplyKey) throws -> Int64 {
        // A few are enough: a mail answers one ticket; a thousand forged ones must not cost a thousand signatures.
        let candidates = recipients.lazy.compactMap(MailReplyKey.parse).prefix(8)
        guard !candidates.isEmpty else {
            // A damaged reply address was not given to this sender either.
            throw recipients.contains(where: MailReplyKey.isTagged) ? MailReplyRefusal.notFromRecipient : .noReplyAddress
        }
        guard let sender, let match = candidates.first(where: { key.accepts(ticketId: $0.ticketId, signature: $0.signature, sender: sender) })
        else { throw MailReplyRefusal.notFromRecipient }
        return match.ticketId
    }

    /// The bytes of an even-length hexadecimal string, or nil.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = Self.hexValue(digits[i]), let low = Self.hexValue(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
