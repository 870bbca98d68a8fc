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
struct Page<Model>: TemplateLayers {
    var chrome: Chrome
    var model: Model

    var templateLayers: [Any] { [model, chrome] }
}

/// A row that adds its own fields to a ticket row: templates read both at the top level (`{{id}}`, `{{unread}}`).
protocol TicketRowExtension: TemplateLayers {
    /// The ticket's own fields (not named `ticket`, which a page's own ticket is called).
    var base: TicketRow { get }
}

extension TicketRowExtension {
    var templateLayers: [Any] { [self, base] }
}

/// A value whose layers the templates read as one: a name is looked up in the first layer that has it.
protocol TemplateLayers {
    /// The layers, first read first.
    var templateLayers: [Any] { get }
}

/// The values a template reads, as the template engine's own dictionaries and arrays, made once per page.
///
/// The engine reads a struct's property by reflecting the whole struct at each `{{name}}` (and again in each outer
/// context where a row does not have the name), which made a page's rendering cost twice its search (`GET /help`:
/// 5.3 ms of CPU, two thirds of it in reflection). Reflecting each value once and reading dictionaries afterwards
/// keeps the typed models and the speed of dictionary pages.
///
/// As the engine reads a struct: stored properties by name, an optional that is nil reads as missing (so the lookup
/// goes on down the context stack), strings, numbers, booleans and other values are left as they are.
enum TemplateContext {
    /// `value` as dictionaries (structs, classes, `TemplateLayers`), arrays and leaves.
    static func tree(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Int32, is Double, is Float, is Date, is Substring:
            return value
        case let layered as any TemplateLayers:
            var merged: [String: Any] = [:]
            // Each layer's own fields (a layer may be the layered value itself, as a row extension is).
            for layer in layered.templateLayers.reversed() {
                merged.merge(fields(of: Mirror(reflecting: layer))) { _, nearer in nearer }
            }
            return merged
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { tree($0.value) }
        case .collection, .set:
            return mirror.children.compactMap { tree($0.value) }
        case .dictionary:
            var fields: [String: Any] = [:]
            for pair in mirror.children {
                let entry = Array(Mirror(reflecting: pair.value).children)
                guard entry.count == 2, let key = entry[0].value as? String else { continue }
                fields[key] = tree(entry[1].value)
            }
            return fields
        case .struct, .class:
            // Foundation's values (URL, Decimal, UUID) print themselves, as the engine prints them.
            if value is any CustomStringConvertible { return value }
            return fields(of: mirror)
        default:
            return value
        }
    }

    /// The stored properties `mirror` reflects, by name, each as a `tree`.
    private static func fields(of mirror: Mirror) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in mirror.children {
            guard let label = child.label else { continue }
            fields[label] = tree(child.value)
        }
        return fields
    }
}
