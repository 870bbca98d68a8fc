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
    /// - Parameter reflecting: read every struct by reflection, also those that list their fields themselves
    ///   (`TemplateFields`); the tests compare both readings.
    static func tree(_ value: Any, reflecting: Bool = false) -> Any? {
        switch value {
        case let text as String:
            return text.isEmpty ? EmptyText() : text
        case let text as Substring:
            return text.isEmpty ? EmptyText() : text
        case is Bool, is Int, is Int64, is Int32, is Double, is Float, is Date:
            return value
        case let listed as any TemplateFields where !reflecting:
            return listed.templateFields.compactMapValues { tree($0) }
        case let layered as any TemplateLayers:
            var merged: [String: Any] = [:]
            // Each layer's own fields (a layer may be the layered value itself, as a row extension is).
            for layer in layered.templateLayers.reversed() {
                let own: [String: Any]
                if !reflecting, let listed = layer as? any TemplateFields {
                    own = listed.templateFields.compactMapValues { tree($0) }
                } else {
                    own = fields(of: Mirror(reflecting: layer), reflecting: reflecting)
                }
                merged.merge(own) { _, nearer in nearer }
            }
            return merged
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { tree($0.value, reflecting: reflecting) }
        case .collection, .set:
            return mirror.children.compactMap { tree($0.value, reflecting: reflecting) }
        case .dictionary:
            var fields: [String: Any] = [:]
            for pair in mirror.children {
                let entry = Array(Mirror(reflecting: pair.value).children)
                guard entry.count == 2, let key = entry[0].value as? String else { continue }
                fields[key] = tree(entry[1].value, reflecting: reflecting)
            }
            return fields
        case .struct, .class:
            // Foundation's values (URL, Decimal, UUID) print themselves, as the engine prints them.
            if value is any CustomStringConvertible { return value }
            return fields(of: mirror, reflecting: reflecting)
        default:
            return value
        }
    }

    /// The stored properties `mirror` reflects, by name, each as a `tree`.
    private static func fields(of mirror: Mirror, reflecting: Bool) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in mirror.children {
            guard let label = child.label else { continue }
            fields[label] = tree(child.value, reflecting: reflecting)
        }
        return fields
    }
}

/// An empty string as the templates read it: it prints nothing, and a section over it is false (an inverted section
/// true), as in Mustache's original implementations. The engine takes every string for true, so a section such as
/// `{{#assignee}}assigned to {{assignee}}{{/assignee}}{{^assignee}}unassigned{{/assignee}}` printed "assigned to " for
/// an unassigned ticket. It stays a value (not a missing name), so the lookup does not go on to an outer context's
/// field of the same name.
struct EmptyText: MustacheCustomRenderable, MustacheTransformable {
    var renderText: String { "" }
    var isNull: Bool { true }

    /// The engine's string transforms as they apply to "": `empty` is true, the text ones give "" again.
    func transform(_ name: String) -> Any? { "".transform(name).map { $0 as? String == "" ? EmptyText() : $0 } }
}

/// A value that lists its fields for the templates itself, as reflection would find them: every stored property by
/// name, an optional only when it holds a value (a nil one is left out, so the lookup goes on down the context
/// stack). Given by the types every page or every row of a long list renders, where reflecting each value cost more
/// than the rest of the rendering (`GET /help`: 15 % of the server's samples). `TemplateFieldsTests` compares each
/// type's list with its reflection, so a field added to the type and not to its list fails there.
protocol TemplateFields {
    /// The stored properties by name (nil optionals left out); values are read further by `TemplateContext.tree`.
    var templateFields: [String: Any] { get }
}

extension Chrome: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["title": title]
        fields["csrf"] = csrf
        fields["flash"] = flash
        fields["flashRefused"] = flashRefused
        fields["user"] = user
        return fields
    }
}

extension SignedInUser: TemplateFields {
    var templateFields: [String: Any] {
        [
            "id": id, "name": name, "email": email, "role": role, "isCustomer": isCustomer, "isStaff": isStaff,
            "isAdmin": isAdmin,
        ]
    }
}

extension Pager: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["pages": pages, "hasPages": hasPages]
        fields["previous"] = previous
        fields["next"] = next
        fields["first"] = first
        fields["last"] = last
        return fields
    }
}

extension Pager.PageLink: TemplateFields {
    var templateFields: [String: Any] { ["number": number, "href": href, "isCurrent": isCurrent] }
}

extension HelpPage: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["q": q]
        fields["popular"] = popular
        fields["searched"] = searched
        fields["results"] = results
        fields["count"] = count
        fields["countText"] = countText
        fields["showing"] = showing
        fields["pager"] = pager
        return fields
    }
}

extension HelpPage.Result: TemplateFields {
    var templateFields: [String: Any] {
        [
            "id": id, "titleHTML": titleHTML, "snippetHTML": snippetHTML, "category": category, "grade": grade,
            "gradeLabel": gradeLabel,
        ]
    }
}

extension SolutionRow: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "title": title, "steps": steps, "stepsText": stepsText, "category": category,
            "categoryId": categoryId, "isPublished": isPublished, "isCurrent": isCurrent, "supersededById": supersededById,
            "reuseCount": reuseCount, "solvedCount": solvedCount, "notSolvedCount": notSolvedCount, "updatedAt": updatedAt,
        ]
        fields["mayApprove"] = mayApprove
        return fields
    }
}

extension StepRow: TemplateFields {
    var templateFields: [String: Any] { ["number": number, "text": text] }
}
