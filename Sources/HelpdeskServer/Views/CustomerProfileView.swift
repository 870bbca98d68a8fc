import Foundation
import HelpdeskCore

/// What a customer's profile page (`admin-customer.mustache`) shows: contact details, status badges, figures, a page
/// of their tickets linking to the agent console, and the admin actions.
struct CustomerProfileView {
    /// One of the customer's tickets.
    struct TicketRow {
        /// The ticket id.
        var id: Int64
        /// The agent console page of the ticket.
        var href: String
        /// One-line summary.
        var subject: String
        /// The status name (for the CSS class).
        var status: String
        /// The status as staff read it.
        var statusLabel: String
        /// The priority name.
        var priority: String
        /// Category name, nil when none.
        var category: String?
        /// Creation, formatted.
        var created: String
        /// Last update, formatted.
        var updated: String
    }

    /// The customer, as in the list.
    var customer: CustomerListView.Row
    /// Whether the viewer is an admin (sees the actions).
    var canManage: Bool
    /// Whether the resend-confirmation action applies (admin, unconfirmed, active).
    var canResend: Bool
    /// The customer's tickets the viewer may open, this page.
    var tickets: [TicketRow]
    /// Whether this page lists any ticket.
    var hasTickets: Bool
    /// "Showing 1–10 of 12 tickets".
    var showing: String
    /// Set for an agent when some tickets are not theirs to open: "3 more are held by other agents."
    var hiddenNote: String?
    /// The previous page of tickets, nil on the first.
    var previous: String?
    /// The next page of tickets, nil on the last.
    var next: String?

    /// Builds the page.
    /// - Parameters:
    ///   - profile: the customer and a page of their tickets.
    ///   - viewer: who looks (admins get the actions).
    ///   - categories: category names by id.
    init(_ profile: CustomerProfile, viewer: User, categories: [String: String]) {
        let summary = profile.customer
        customer = CustomerListView.row(summary)
        canManage = viewer.role == .admin
        canResend = canManage && !summary.isConfirmed && summary.isActive
        let page = profile.tickets
        tickets = page.tickets.map { ticket in
            TicketRow(
                id: ticket.requiredID,
                href: "/agent/tickets/\(ticket.requiredID)",
                subject: ticket.subject,
                status: ticket.status.rawValue,
                statusLabel: ViewModels.staffStatusLabel(ticket.status),
                priority: ticket.priority.rawValue,
                category: ticket.categoryId.flatMap { categories[$0] },
                created: ViewModels.date(ticket.createdAt),
                updated: ViewModels.date(ticket.updatedAt)
            )
        }
        hasTickets = !page.tickets.isEmpty
        let first = page.tickets.isEmpty ? 0 : (page.page - 1) * page.pageSize + 1
        let last = page.tickets.isEmpty ? 0 : first + page.tickets.count - 1
        showing =
            page.tickets.isEmpty
            ? "Showing 0 of \(page.total) tickets"
            : "Showing \(first)–\(last) of \(page.total) \(page.total == 1 ? "ticket" : "tickets")"
        let hidden = summary.totalTickets - page.total
        hiddenNote =
            hidden > 0 ? "\(hidden) more \(hidden == 1 ? "is" : "are") open with other agents and not listed here." : nil
        let base = "/admin/customers/\(summary.id)"
        let size = page.pageSize == CustomerProfileView.defaultPageSize ? "" : "&pageSize=\(page.pageSize)"
        let pageCount = max(1, (page.total + page.pageSize - 1) / page.pageSize)
        previous = page.page > 1 ? "\(base)?page=\(min(page.page - 1, pageCount))\(size)" : nil
        next = page.page < pageCount ? "\(base)?page=\(page.page + 1)\(size)" : nil
    }

    /// Tickets per profile page when the request names no size.
    static let defaultPageSize = 25
}
