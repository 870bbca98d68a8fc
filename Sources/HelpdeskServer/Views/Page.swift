import Foundation
import HelpdeskCore
import Mustache

/// What the header and footer of every page read: the title, the CSRF token for its forms, the one-time notice
/// (flash) and who is signed in.
struct Chrome {
    /// The page title (before " · Customer Care Registry").
    var title: String
    /// The CSRF token, for pages with forms and for everyone signed in (the sign-out button).
    var csrf: String?
    /// The notice left by the previous request ("Reply sent to the customer.").
    var flash: String?
    /// Whether that notice tells of a refused action (drawn as a warning, beside the actions where a page says so).
    var flashRefused: Bool?
    /// Who is signed in.
    var user: SignedInUser?
}

/// The signed-in user as the header shows them.
struct SignedInUser {
    var id: Int64
    var name: String
    var email: String
    var role: String
    var isCustomer: Bool
    var isStaff: Bool
    var isAdmin: Bool

    init(_ user: User) {
        id = user.requiredID
        name = user.name
        email = user.email
        role = user.role.rawValue
        isCustomer = user.role == .customer
        isStaff = user.role.isStaff
        isAdmin = user.role == .admin
    }
}

/// A page: its own typed model and the chrome around it. The templates read the names of both at the top level (the
/// model's first), as they did when a page was one dictionary.
struct Page<Model>: MustacheParent {
    var chrome: Chrome
    var model: Model

    func child(named name: String) -> Any? {
        MirrorLookup.value(of: model, named: name) ?? MirrorLookup.value(of: chrome, named: name)
    }
}

/// A row that adds its own fields to a ticket row: templates read both at the top level (`{{id}}`, `{{unread}}`).
protocol TicketRowExtension: MustacheParent {
    /// The ticket's own fields (not named `ticket`, which a page's own ticket is called).
    var base: TicketRow { get }
}

extension TicketRowExtension {
    func child(named name: String) -> Any? {
        MirrorLookup.value(of: self, named: name) ?? MirrorLookup.value(of: base, named: name)
    }
}

/// Reads a stored property by name, as the template engine reads a struct: an optional property that is nil reads as
/// missing, so the lookup goes on down the context stack.
enum MirrorLookup {
    static func value(of object: Any, named name: String) -> Any? {
        guard let child = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: child.value)
        guard mirror.displayStyle == .optional else { return child.value }
        return mirror.children.first?.value
    }
}
