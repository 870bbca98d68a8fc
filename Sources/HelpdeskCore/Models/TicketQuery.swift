/// Which assignee a ticket list is restricted to.
public enum AssigneeFilter: Sendable, Hashable {
    /// Tickets nobody holds.
    case unassigned
    /// Tickets held by this user.
    case user(Int64)
}

/// The order of a ticket list.
public enum TicketOrder: String, Sendable, Hashable, CaseIterable {
    /// Most recently updated first.
    case updated
    /// Most recent customer activity (reply, reopening, "not solved") first; tickets without any last.
    case customerActivity
}

/// A ticket list request: filters plus paging, ordered by `order` (`updatedAt` descending by default). Visibility is
/// applied on top.
public struct TicketQuery: Sendable, Hashable {
    /// Only these statuses (nil = any).
    public var statuses: [TicketStatus]?
    /// Only this assignee (nil = any).
    public var assignee: AssigneeFilter?
    /// Only this customer (nil = any).
    public var customerId: Int64?
    /// Only this category (nil = any).
    public var categoryId: String?
    /// Only tickets that missed (or are missing) an SLA target.
    public var breachedOnly: Bool
    /// Only these ids (e.g. search hits); nil = any.
    public var ids: [Int64]?
    /// Only tickets whose customer did this last (nil = any).
    public var lastCustomerAction: CustomerAction?
    /// The order of the list.
    public var order: TicketOrder
    /// 1-based page number.
    public var page: Int
    /// Tickets per page, 1…`maximumPageSize`.
    public var pageSize: Int

    /// The most tickets one page holds.
    public static let maximumPageSize = 200
    /// The highest page number read; higher numbers read this page (empty unless the store is huge).
    public static let maximumPage = 1_000_000

    /// Creates a query; the default lists everything visible, 25 per page.
    public init(
        statuses: [TicketStatus]? = nil,
        assignee: AssigneeFilter? = nil,
        customerId: Int64? = nil,
        categoryId: String? = nil,
        breachedOnly: Bool = false,
        ids: [Int64]? = nil,
        lastCustomerAction: CustomerAction? = nil,
        order: TicketOrder = .updated,
        page: Int = 1,
        pageSize: Int = 25
    ) {
        self.statuses = statuses
        self.assignee = assignee
        self.customerId = customerId
        self.categoryId = categoryId
        self.breachedOnly = breachedOnly
        self.ids = ids
        self.lastCustomerAction = lastCustomerAction
        self.order = order
        self.page = page
        self.pageSize = pageSize
    }
}

/// One page of tickets.
public struct TicketPage: Sendable, Hashable {
    /// The tickets on this page, in the query's order.
    public var tickets: [Ticket]
    /// How many tickets match in all pages.
    public var total: Int
    /// This page's number (1-based).
    public var page: Int
    /// Tickets per page.
    public var pageSize: Int
}

/// A ticket with its thread as the viewer may see it.
public struct TicketDetail: Sendable, Hashable {
    /// The ticket.
    public var ticket: Ticket
    /// Its messages in order, without internal notes for customers.
    public var messages: [TicketMessage]
    /// The solutions that resolved it, most recent last.
    public var solutions: [Solution]
    /// The customer's verdict on the latest solution, if given.
    public var verdict: Verdict?
    /// Display names of the customer, the assignee and every message author, by user id.
    public var names: [Int64: String]
    /// The files of the request (`messageId` nil) and of the messages above, oldest first.
    public var attachments: [Attachment] = []
    /// The request was filed by e-mail (`AppDatabase.ticketByMail`).
    public var filedByMail = false
    /// The messages above that came by e-mail (`AppDatabase.replyByMail`).
    public var messagesByMail: Set<Int64> = []
}
