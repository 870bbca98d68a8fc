import Foundation
import HelpdeskCore

/// The account page (`account.mustache`): who one is, the password form, API tokens (a new one's value shown once),
/// and the sign-in providers linked or linkable.
struct AccountPage {
    /// The signed-in user.
    struct Profile {
        var name: String
        var email: String
        var role: String
        /// Account creation, formatted.
        var since: String
    }

    /// An API token (never its value, but right after creation).
    struct Token {
        var id: Int64
        var name: String
        var createdAt: String
        /// "never" when unused.
        var lastUsedAt: String
        var revokedAt: String?
    }

    /// A token just created: its value is shown this once.
    struct NewToken {
        var name: String
        var value: String
    }

    /// A sign-in provider linked to the account.
    struct Identity {
        var provider: String
        var email: String
        var linkedAt: String
        var lastSignInAt: String
    }

    /// A configured provider not linked yet.
    struct Linkable {
        var name: String
        var title: String
    }

    var profile: Profile
    var tokens: [Token]
    var hasTokens: Bool
    var identities: [Identity]
    var linkable: [Linkable]
    var providersConfigured: Bool
    var newToken: NewToken?
    /// The token name typed before a refusal.
    var tokenName: String?
    var error: String?
    var errors: [String: String]?
}
