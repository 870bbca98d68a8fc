import Foundation

/// A customer as staff see them in a list: the account and figures computed from their tickets.
public struct CustomerSummary: Sendable, Hashable {
    /// The user id.
    public var id: Int64
    /// Display name.
    public var name: String
    /// E-mail address.
    public var email: String
    /// Whether the address was confirmed.
    public var isConfirmed: Bool
    /// False once an admin deactivated the account.
    public var isActive: Bool
    /// Whether the account has a password it can sign in with.
    public var hasPassword: Bool
    /// Sign-in providers linked to the account (`google`, …), sorted.
    public var providers: [String]
    /// Their tickets that still need work.
    public var openTickets: Int
    /// All their tickets.
    public var totalTickets: Int
    /// The latest of the account's creation, their tickets' creation and updates, and the messages they wrote.
    public var lastActivityAt: Date
    /// When the account was created.
    public var createdAt: Date

    /// Creates a summary.
    public init(
        id: Int64,
        name: String,
        email: String,
        isConfirmed: Bool,
        isActive: Bool,
        hasPassword: Bool,
        providers: [String],
        openTickets: Int,
        totalTickets: Int,
        lastActivityAt: Date,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.isConfirmed = isConfirmed
        self.isActive = isActive
        self.hasPassword = hasPassword
        self.providers = providers
        self.openTickets = openTickets
        self.totalTickets = totalTickets
        self.lastActivityAt = lastActivityAt
        self.createdAt = createdAt
    }

    /// How the customer signs in: `password` when they have one, then each linked provider.
    public var signInMethods: [String] { (hasPassword ? ["password"] : []) + providers }
}

/// One page of customers.
public struct CustomerPage: Sendable, Hashable {
    /// The customers on this page, in the query's order.
    public var customers: [CustomerSummary]
    /// How many customers match in all pages.
    public var total: Int
    /// This page's number (1-based, after clamping).
    public var page: Int
    /// Customers per page (after clamping).
    public var pageSize: Int

    /// Creates a page.
    public init(customers: [CustomerSummary], total: Int, page: Int, pageSize: Int) {
        self.customers = customers
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }

    /// The 1-based position of the first customer shown, 0 when the page is empty.
    public var firstShown: Int { customers.isEmpty ? 0 : (page - 1) * pageSize + 1 }
    /// The 1-based position of the last customer shown, 0 when the page is empty.
    public var lastShown: Int { customers.isEmpty ? 0 : firstShown + customers.count - 1 }
    /// The number of pages the matches fill (at least 1).
    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}

/// A customer's profile: their summary and a page of their tickets, most recently updated first.
public struct CustomerProfile: Sendable, Hashable {
    /// The customer.
    public var customer: CustomerSummary
    /// The tickets the viewer may open (for an agent: the queue, their own and the solved ones), newest first.
    public var tickets: TicketPage
}
