import Foundation

/// Every refusal the helpdesk domain can give, without any transport (HTTP) types.
///
/// The server maps these values to responses; the CLI prints `description`.
public enum HelpdeskError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Input failed validation; `field` names the offending input (`"email"`, `"password"`, …).
    case invalidInput(field: String, message: String)
    /// The entity does not exist, or the caller may not know that it exists.
    case notFound(entity: String, id: String)
    /// The caller is known but not allowed to do this.
    case forbidden(String)
    /// The request clashes with the current state (duplicate, capacity reached, …).
    case conflict(String)
    /// A ticket status change that the workflow does not allow.
    case invalidTransition(from: TicketStatus, to: TicketStatus, reason: String)
    /// Wrong e-mail or wrong password; the same value for both so that no answer reveals a registered address.
    case invalidCredentials
    /// The password was right but the address is not confirmed yet; offer to resend the link.
    case unconfirmedAccount(email: String)
    /// A link token is unknown, used or expired.
    case invalidToken(reason: String)
    /// An upload is larger than allowed; `field` names the input, `message` the file.
    case tooLarge(field: String, message: String)

    /// Whether the input was refused (too long, empty, malformed): a form shows it beside the field and keeps what
    /// was typed.
    public var isInvalidInput: Bool {
        if case .invalidInput = self { return true }
        return false
    }

    /// A human-readable explanation, safe to show to the caller.
    public var description: String {
        switch self {
        case .invalidInput(let field, let message): "\(field): \(message)"
        case .notFound(let entity, let id): "\(entity) \(id) not found."
        case .forbidden(let reason): reason
        case .conflict(let reason): reason
        case .invalidTransition(let from, let to, let reason): "Cannot move a ticket from \(from) to \(to): \(reason)"
        case .invalidCredentials: "The e-mail or the password is wrong."
        case .unconfirmedAccount:
            "Your e-mail address is not confirmed yet. Open the link we sent you, or ask us to send it again."
        case .invalidToken(let reason): reason
        case .tooLarge(let field, let message): "\(field): \(message)"
        }
    }
}
