import Foundation
import HelpdeskCore

/// What the customer list page (`admin-customers.mustache`) shows: the search, sortable column headers, one row per
/// customer and the paging controls. Every value is plain data, escaped by `{{…}}`; links are built here from fixed
/// names and percent-encoded values.
struct CustomerListView {
    /// A sortable column header.
    struct Column {
        /// The header text.
        var label: String
        /// The link that sorts by this column (the other direction when it is the current sort).
        var href: String
        /// Whether the list is sorted by this column.
        var isCurrent: Bool
        /// `ascending`, `descending` or `none`, for `aria-sort`.
        var ariaSort: String
        /// "▲" or "▼" beside the current sort; nil otherwise.
        var arrow: String?
    }

    /// One customer.
    struct Row {
        /// The user id.
        var id: Int64
        /// The profile page.
        var href: String
        /// Display name.
        var name: String
        /// E-mail address.
        var email: String
        /// The address before the `@` (the table lets the line break only at the `@`).
        var emailLocal: String
        /// The address from the `@` on, without the `@`.
        var emailDomain: String
        /// Whether the address is confirmed.
        var isConfirmed: Bool
        /// Whether the account may sign in.
        var isActive: Bool
        /// "Password", "Password, Google", …
        var signIn: String
        /// Tickets that still need work.
        var openTickets: Int
        /// All tickets.
        var totalTickets: Int
        /// Last activity, formatted.
        var lastActivity: String
        /// Account creation, the day only.
        var created: String
    }

    /// The search as typed.
    var q: String
    /// The current sort key (for the search form's hidden field).
    var sort: String
    /// The current direction (for the search form's hidden field).
    var order: String
    /// The page size, when it is not the default (for the search form's hidden field).
    var pageSize: Int?
    /// The sortable column headers.
    var byName: Column
    /// Sorts by e-mail address.
    var byEmail: Column
    /// Sorts by open tickets.
    var byOpen: Column
    /// Sorts by last activity.
    var byActivity: Column
    /// Sorts by account creation.
    var byCreated: Column
    /// The customers on this page.
    var rows: [Row]
    /// Whether this page shows anyone.
    var hasRows: Bool
    /// "Showing 1–25 of 312".
    var showing: String
    /// How many customers match.
    var total: Int
    /// Whether a search narrowed the list.
    var isSearch: Bool
    /// The paging controls.
    var pager: Pager

    /// Builds the page from a page of customers and the parameters that asked for it.
    init(_ page: CustomerPage, parameters: CustomerListParameters) {
        q = parameters.q
        sort = parameters.sort.rawValue
        order = parameters.order.rawValue
        pageSize = parameters.pageSize == CustomerListParameters.defaultPageSize ? nil : parameters.pageSize
        func column(_ sort: CustomerSort, _ label: String) -> Column {
            let isCurrent = sort == parameters.sort
            let direction = isCurrent ? parameters.order.reversed : sort.defaultDirection
            return Column(
                label: label,
                href: Self.link(parameters, sort: sort, order: direction, page: 1),
                isCurrent: isCurrent,
                ariaSort: isCurrent ? (parameters.order == .ascending ? "ascending" : "descending") : "none",
                arrow: isCurrent ? (parameters.order == .ascending ? "▲" : "▼") : nil
            )
        }
        byName = column(.name, "Name")
        byEmail = column(.email, "E-mail")
        byOpen = column(.openTickets, "Tickets")
        byActivity = column(.lastActivity, "Last activity")
        byCreated = column(.created, "Created")
        rows = page.customers.map(Self.row)
        hasRows = !page.customers.isEmpty
        total = page.total
        isSearch = !parameters.q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        showing = Pager.showing(
            firstShown: page.customers.isEmpty ? 1 : page.firstShown, lastShown: page.customers.isEmpty ? 0 : page.lastShown,
            total: page.total, singular: "customer", plural: "customers")
        pager = Pager(current: page.page, pageCount: page.pageCount) { Self.link(parameters, page: $0) }
    }

    /// A row of the table.
    static func row(_ customer: CustomerSummary) -> Row {
        Row(
            id: customer.id,
            href: "/admin/customers/\(customer.id)",
            name: customer.name,
            email: customer.email,
            emailLocal: String(customer.email.prefix { $0 != "@" }),
            emailDomain: String(customer.email.drop { $0 != "@" }.dropFirst()),
            isConfirmed: customer.isConfirmed,
            isActive: customer.isActive,
            signIn: signInLabel(customer),
            openTickets: customer.openTickets,
            totalTickets: customer.totalTickets,
            lastActivity: ViewModels.date(customer.lastActivityAt),
            created: day(customer.createdAt)
        )
    }

    /// "2 Dec 2026" (UTC): when an account was made, without the time of day.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy"
        return formatter.string(from: date)
    }

    /// "Password", "Google", "Password, Google"; "None" for an account that cannot sign in at all.
    static func signInLabel(_ customer: CustomerSummary) -> String {
        let labels = customer.signInMethods.map { $0 == "password" ? "Password" : $0.prefix(1).uppercased() + $0.dropFirst() }
        return labels.isEmpty ? "None" : labels.joined(separator: ", ")
    }

    /// The list's address with these parameters changed.
    static func link(
        _ parameters: CustomerListParameters,
        sort: CustomerSort? = nil,
        order: SortDirection? = nil,
        page: Int
    ) -> String {
        var pairs: [(String, String)] = []
        if !parameters.q.isEmpty { pairs.append(("q", parameters.q)) }
        pairs.append(("sort", (sort ?? parameters.sort).rawValue))
        pairs.append(("order", (order ?? parameters.order).rawValue))
        if page > 1 { pairs.append(("page", "\(page)")) }
        if parameters.pageSize != CustomerListParameters.defaultPageSize {
            pairs.append(("pageSize", "\(parameters.pageSize)"))
        }
        return "/admin/customers?" + pairs.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986's unreserved characters, ASCII only.
    static var unreserved: CharacterSet {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }

    /// Percent-encodes a query value (everything but unreserved characters).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
