/// The orders a customer list can be sorted in.
public enum CustomerSort: String, Sendable, Hashable, CaseIterable {
    /// By display name (case-insensitive for ASCII letters).
    case name
    /// By e-mail address.
    case email
    /// By the latest of the account's creation, their tickets' updates and the messages they wrote.
    case lastActivity
    /// By the number of their tickets that still need work.
    case openTickets
    /// By when the account was created.
    case created

    /// The direction a list takes when only the sort is chosen: A to Z for text, newest or largest first otherwise.
    public var defaultDirection: SortDirection {
        switch self {
        case .name, .email: .ascending
        case .lastActivity, .openTickets, .created: .descending
        }
    }
}

/// Ascending or descending.
public enum SortDirection: String, Sendable, Hashable, CaseIterable {
    /// Smallest (or A) first; spelled `asc` in requests.
    case ascending = "asc"
    /// Largest (or Z) first; spelled `desc` in requests.
    case descending = "desc"

    /// The other direction.
    public var reversed: SortDirection { self == .ascending ? .descending : .ascending }
}

/// A customer list request for staff: an optional search, a sort and a page.
public struct CustomerQuery: Sendable, Hashable {
    /// Case-insensitive substring of the name or e-mail address; nil or blank lists everyone.
    public var search: String?
    /// The sort key.
    public var sort: CustomerSort
    /// The sort direction.
    public var direction: SortDirection
    /// 1-based page number; clamped to 1…`maximumPage`.
    public var page: Int
    /// Customers per page; clamped to 1…`maximumPageSize`.
    public var pageSize: Int

    /// The most customers one page holds.
    public static let maximumPageSize = 100
    /// The highest page number read; higher numbers read this page, so the offset never overflows.
    public static let maximumPage = 1_000_000
    /// The longest search accepted, in Unicode scalars (what JSON Schema's `maxLength` counts).
    public static let maximumSearchLength = 100

    /// Creates a query; the default lists every customer by name, 25 per page.
    public init(
        search: String? = nil,
        sort: CustomerSort = .name,
        direction: SortDirection? = nil,
        page: Int = 1,
        pageSize: Int = 25
    ) {
        self.search = search
        self.sort = sort
        self.direction = direction ?? sort.defaultDirection
        self.page = page
        self.pageSize = pageSize
    }
}
