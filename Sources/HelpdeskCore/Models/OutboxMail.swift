import Foundation
import GRDB

/// The kinds of mail the helpdesk writes to its outbox.
public enum MailKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Link to confirm a new account's e-mail.
    case confirmEmail
    /// Somebody tried to register with an address that already has an account.
    case registrationAttempt
    /// Link to choose a new password.
    case passwordReset
    /// An admin created an agent account; link to choose a password.
    case agentInvitation
    /// A customer's ticket was received.
    case ticketReceived
    /// Tells the customer who is handling the ticket.
    case ticketAssignedCustomer
    /// Tells the agent a ticket was assigned to them.
    case ticketAssignedAgent
    /// An agent replied on the ticket.
    case agentReplied
    /// The ticket was resolved; carries the solution and the verdict links.
    case ticketResolved
    /// The ticket was merged into another one.
    case ticketMerged
    /// A ticket is about to breach its SLA.
    case slaWarning
    /// A sign-in provider was linked to an existing account by its verified e-mail address.
    case identityLinked
    /// Tells the assignee (or the admins, while nobody holds it) that the customer replied on a ticket.
    case customerReplied
    /// Tells the assignee (or the admins) that the customer reopened a resolved ticket.
    case ticketReopened
    /// Tells the assignee (or the admins) that the customer said the solution did not solve the problem.
    case verdictNotSolved

    /// Mails to a ticket's customer about it, which they may answer by e-mail (`MailReplyKey`). Staff mails never
    /// ask for an answer by mail: an admin answering an SLA warning must not write to the customer.
    public var takesAnswersByMail: Bool {
        switch self {
        case .ticketReceived, .ticketAssignedCustomer, .agentReplied, .ticketResolved, .ticketMerged: true
        default: false
        }
    }
}

/// A mail waiting to be sent by the mail worker, written in the same transaction as the change it reports.
/// Table `outboxMail`.
public struct OutboxMail: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    public var id: Int64?
    /// What the mail is about.
    public var kind: MailKind
    /// The address to send to.
    public var recipient: String
    /// Subject line.
    public var subject: String
    /// Plain-text body.
    public var body: String
    /// JSON object of strings: link tokens, paths, ticket ids. A one-time token stays here only until the mail is
    /// delivered or given up on.
    public var payload: String
    /// When the mail was written.
    public var createdAt: Date
    /// When the worker sent it.
    public var sentAt: Date?
    /// How many times the worker tried.
    public var attempts: Int
    /// The last delivery error.
    public var lastError: String?

    /// The body a delivered mail keeps once its one-time link was removed from the outbox.
    public static let deliveredLinkNote = "(delivered; the body held a one-time link and was removed)"
    /// The body a mail given up on keeps once its one-time link was removed from the outbox.
    public static let abandonedLinkNote = "(not delivered; the body held a one-time link and was removed)"
    /// The payload key that marks a mail whose one-time link was removed.
    public static let linkRemovedKey = "linkRemoved"

    /// Whether the one-time link (token, link paths and body) was removed from this row after delivery or after it
    /// was given up on.
    public var oneTimeLinkRemoved: Bool { payloadValues[Self.linkRemovedKey] == "true" }

    /// The payload decoded as a dictionary of strings (empty if it is not one).
    public var payloadValues: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(payload.utf8))) ?? [:]
    }

    /// The table name.
    public static let databaseTableName = "outboxMail"

    /// Columns for the query interface.
    public enum Columns {
        /// `id`
        public static let id = Column(CodingKeys.id)
        /// `kind`
        public static let kind = Column(CodingKeys.kind)
        /// `recipient`
        public static let recipient = Column(CodingKeys.recipient)
        /// `sentAt`
        public static let sentAt = Column(CodingKeys.sentAt)
        /// `attempts`
        public static let attempts = Column(CodingKeys.attempts)
    }

    /// Grabs the row id after insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
