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

/// A page with a form that shows a refusal: the message at the top and, when one field is at fault, beside it.
protocol FormPage {
    var error: String? { get set }
    var errors: [String: String]? { get set }
}

extension FormPage {
    /// Shows `error` at the top of the form and beside its field.
    mutating func show(_ error: HelpdeskError) {
        self.error = error.message
        if let field = error.field { errors = [field: error.message] }
    }
}

/// A sign-in provider's button on the sign-in and registration pages.
struct SignInButton {
    var name: String
    var title: String
    /// `/auth/google`, carrying `next`.
    var href: String
    /// "Sign in with Google" ("Continue with Facebook").
    var signIn: String
    /// "Sign up with Google".
    var signUp: String
}

/// The provider buttons, present only when a provider is configured.
struct SignInButtons {
    var buttons: [SignInButton]

    init?(_ buttons: [SignInButton]) {
        guard !buttons.isEmpty else { return nil }
        self.buttons = buttons
    }
}

/// The sign-in page (`login.mustache`).
struct LoginPage: FormPage {
    var email: String?
    /// Where to go after signing in.
    var next: String
    /// The account waits for its address to be confirmed: offer a new link.
    var unconfirmed: Bool?
    var signIn: SignInButtons?
    var error: String?
    var errors: [String: String]?
}

/// The registration page (`register.mustache`), with what was typed after a refusal.
struct RegisterPage: FormPage {
    var name: String?
    var email: String?
    var signIn: SignInButtons?
    var error: String?
    var errors: [String: String]?
}

/// "Forgot your password?" (`forgot-password.mustache`).
struct ForgotPasswordPage: FormPage {
    var email: String?
    var error: String?
    var errors: [String: String]?
}

/// "Choose a new password" (`reset-password.mustache`), carrying the link's token.
struct ResetPasswordPage: FormPage {
    var token: String
    var error: String?
    var errors: [String: String]?
}

/// "Check your inbox" (`check-inbox.mustache`), after registering or asking for a reset.
struct CheckInboxPage {
    var email: String
    /// The mail holds a reset link rather than a confirmation link.
    var reset: Bool
}

/// A page that only tells something (`message.mustache`), such as a confirmation link that does not work.
struct MessagePage {
    var heading: String
    var message: String
    var hint: String?
}

/// The page of an error (`error.mustache`): its status, what went wrong, the field at fault, and where to try again.
struct ErrorPage {
    var status: Int
    var heading: String
    var message: String
    var field: String?
    /// "Back to sign in", for a sign-in that failed.
    var retry: String?
}
