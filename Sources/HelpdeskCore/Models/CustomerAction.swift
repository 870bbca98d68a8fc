import Foundation
import GRDB

/// What a customer last did on a ticket that an agent should look at. Stored in `ticket.lastCustomerAction`.
public enum CustomerAction: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// The customer replied on an open ticket.
    case replied
    /// The customer reopened a resolved ticket (with the reopen button or by replying to it).
    case reopened
    /// The customer answered "not solved" to the latest solution.
    case notSolved

    /// The outbox mail that tells the assignee (or the admins) about it.
    public var mailKind: MailKind {
        switch self {
        case .replied: .customerReplied
        case .reopened: .ticketReopened
        case .notSolved: .verdictNotSolved
        }
    }
}
