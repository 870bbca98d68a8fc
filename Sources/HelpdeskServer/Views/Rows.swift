import Foundation
import HelpdeskCore

// The rows the pages list, typed: the templates read their property names (`ViewModels` builds them).

/// A ticket in a list or at the top of its page. Staff rows carry the customer's last action.
struct TicketRow {
    var id: Int64
    var subject: String
    var description: String
    /// The status name (for the CSS class).
    var status: String
    /// The status as the viewer reads it (staff and customers have their own words).
    var statusLabel: String
    var priority: String
    /// The category's name; empty without one.
    var category: String
    var createdAt: String
    var updatedAt: String
    var resolutionDueAt: String
    /// Open and past a deadline.
    var breached: Bool
    /// The assignee's name; empty when unassigned or not known to the viewer.
    var assignee: String
    var unassigned: Bool
    /// The customer's name; empty when not known to the viewer.
    var customer: String
    var customerId: Int64
    var isOpen: Bool
    var isResolved: Bool
    var isClosed: Bool
    /// `replied`, `reopened` or `notSolved` (staff rows); empty otherwise.
    var customerAction: String
    var customerActionLabel: String
    var customerActivityAt: String
}

/// A message of a ticket's thread.
struct MessageRow {
    var author: String
    var body: String
    var at: String
    var isInternal: Bool
    var isSystem: Bool
    var fromCustomer: Bool
    /// The message kind's name (for the CSS class).
    var kind: String
    var attachments: [AttachmentRow]
    var hasAttachments: Bool
    /// It came by e-mail (shown as "by e-mail", as helpdesks name a message's channel).
    var byMail: Bool
}

/// A file attached to a request or a message.
struct AttachmentRow {
    /// Where it is fetched (through the visibility rule).
    var url: String
    var fileName: String
    /// "1.2 MB".
    var size: String
    /// Shown as a thumbnail.
    var isImage: Bool
}

/// A stored solution with numbered steps.
struct SolutionRow {
    var id: Int64
    var title: String
    var steps: [StepRow]
    /// The steps one per line (for editing).
    var stepsText: String
    /// The category's name; empty without one.
    var category: String
    var categoryId: String
    var isPublished: Bool
    var isCurrent: Bool
    /// The newer version's id; 0 when this is the current one.
    var supersededById: Int64
    var reuseCount: Int
    var solvedCount: Int
    var notSolvedCount: Int
    var updatedAt: String
    /// Whether the viewer may approve it for the help centre (its edit page).
    var mayApprove: Bool?
}

/// A numbered step.
struct StepRow {
    var number: Int
    var text: String
}

/// An option of a select.
struct OptionRow {
    var value: String
    var label: String
    var selected: Bool
}

/// An agent to choose in an assignment select: their load and whether they are full.
struct AgentChoice {
    var id: Int64
    var name: String
    var open: Int
    var capacity: Int
    var full: Bool
    var selected: Bool
}

/// An agent as ranked for a ticket, with the words and the resolved tickets behind the rank.
struct RankedAgentRow {
    var rank: Int
    var id: Int64
    var name: String
    var open: Int
    var capacity: Int
    var full: Bool
    /// The fit level's name (for the CSS class).
    var level: String
    /// "strong fit", "some fit", ….
    var fitWords: String
    /// The fit in tens of percent, for the bar.
    var bucket: Int
    /// What earned the rank: "resolved 3 similar · skill: Payments".
    var reasons: String
    var because: [EvidenceRow]
    var hasBecause: Bool
}

/// A resolved ticket behind an agent's rank.
struct EvidenceRow {
    var id: Int64
    var subject: String
    /// How closely it matches, in words.
    var match: String
}

/// An unassigned ticket on the assignment page, with its agents ranked.
struct AssignmentRow: TicketRowExtension {
    var base: TicketRow
    /// Every active agent, ranked, for the select.
    var agents: [AgentChoice]
    /// The best three with a fit above nothing.
    var ranked: [RankedAgentRow]
    /// Nobody resolved anything similar.
    var noHistory: Bool
    /// … and nobody has a declared skill or a newcomer's share either.
    var noExpert: Bool
    /// Every active agent is full.
    var nobodyFree: Bool
}

/// A ticket in the agent's queue: unread while its assignee has not opened it since the customer's last activity.
struct QueueRow: TicketRowExtension {
    var base: TicketRow
    var unread: Bool
}

/// An open ticket that looks like the one on the page.
struct DuplicateRow: TicketRowExtension {
    var base: TicketRow
    /// Filed by the same customer.
    var sameCustomer: Bool
    /// Match strength, 0–100.
    var strength: Int
}
