import Foundation
import HelpdeskCore

/// The agent's ticket page (`agent-ticket.mustache`): the thread, the actions the workflow allows, the forms (with
/// what was typed and why it was refused), and beside them stored solutions, possible duplicates and similar solved
/// tickets.
struct AgentTicketPage {
    /// A refused action's notice is shown beside the actions, not at the top.
    var actionNotice: Bool
    var ticket: TicketRow
    var messages: [MessageRow]
    /// The files of the request itself.
    var attachments: [AttachmentRow]
    var hasAttachments: Bool
    /// The request came by e-mail.
    var filedByMail: Bool
    var acceptsFiles: Bool
    var maxFiles: Int
    /// "10 MiB".
    var maxFileSize: String
    /// The reply typed before it was refused.
    var reply: String?
    var replyInternal: Bool
    /// Why the reply was refused.
    var replyError: String?
    /// The solutions the ticket was resolved with.
    var solutions: [SolutionRow]
    /// The viewer is the assignee or an admin.
    var isHandler: Bool
    var canTake: Bool
    var canAssign: Bool
    var canResolve: Bool
    var canNote: Bool
    var canReply: Bool
    /// "Use this solution": the stored solution's text, ready to adapt.
    var reuse: ReuseForm?
    /// A refused "resolve with a new solution", with what was typed.
    var newSolution: NewSolutionForm?
    var statusActions: [StatusAction]
    /// The active agents, for the assign select.
    var agents: [AgentChoice]
    var categoryOptions: [OptionRow]
    /// An agent's new solution waits for review before the help centre shows it.
    var publishAwaitsReview: Bool
    var similar: [TicketRow]
    var duplicates: [DuplicateRow]
    var hasDuplicates: Bool
    var suggested: [SuggestedSolutionRow]

    /// The resolution form filled with a stored solution.
    struct ReuseForm {
        var id: Int64
        var title: String
        var text: String
        var error: String?
    }

    /// The new-solution form after a refusal.
    struct NewSolutionForm {
        var title: String
        var steps: String
        var error: String
    }

    /// A status button.
    struct StatusAction {
        /// The target status's name.
        var value: String
        var label: String
    }

    /// A stored solution suggested for the ticket.
    struct SuggestedSolutionRow {
        var id: Int64
        /// The title with the matching words marked, as HTML (`ViewModels.markedHTML`).
        var titleHTML: String
        var steps: [StepRow]
        /// `strong` or `partial`.
        var grade: String
        var gradeLabel: String
        /// 0–100.
        var strength: Int
        var reuseCount: Int
    }

    /// The label of a status button.
    static func label(_ target: TicketStatus, from status: TicketStatus) -> String {
        switch target {
        case .inProgress: "Mark in progress"
        case .waitingOnCustomer: "Wait on customer"
        case .closed: status == .resolved ? "Close" : "Close unresolved"
        default: "Reopen"
        }
    }
}

/// The customer's request page (`ticket.mustache`): the thread without internal notes, the latest solution with the
/// "did this solve it?" question, and the actions the workflow allows them.
struct CustomerTicketPage {
    var actionNotice: Bool
    var ticket: TicketRow
    var messages: [MessageRow]
    var attachments: [AttachmentRow]
    var hasAttachments: Bool
    /// The request came by e-mail.
    var filedByMail: Bool
    var acceptsFiles: Bool
    var maxFiles: Int
    var maxFileSize: String
    var reply: String?
    var replyError: String?
    /// The latest solution sent.
    var solution: SolutionRow?
    var askVerdict: Bool
    var verdictSolved: Bool
    var verdictNotSolved: Bool
    var canReply: Bool
    var canReopen: Bool
    var canClose: Bool
    /// Resolved too long ago to reopen.
    var reopenExpired: Bool
}

/// The agent's queue (`agent-queue.mustache`): the views, the filters, and the tickets found.
struct QueuePage {
    /// "Unassigned", "Mine", … with the current one marked.
    var views: [QueueViewTab]
    /// The search typed; empty when listing a view.
    var q: String
    var searching: Bool
    /// The current view's name.
    var view: String
    var categories: [OptionRow]
    var activities: [OptionRow]
    var orders: [OptionRow]
    var tickets: [QueueRow]
    var unreadCount: Int
    var hasUnread: Bool
    var count: Int
    /// "3 tickets match".
    var countText: String
    var hasTickets: Bool

    /// A view of the queue.
    struct QueueViewTab {
        var value: String
        var label: String
        var current: Bool
    }
}

/// The new-request form (`ticket-new.mustache`), again with what was typed and the error beside its field after a
/// refusal.
struct NewRequestPage {
    /// What the customer typed.
    struct Typed {
        var subject = ""
        var description = ""
        var categoryId = ""
        var priority = "normal"
    }

    var subject: String
    var description: String
    var categories: [OptionRow]
    var priorities: [OptionRow]
    var acceptsFiles: Bool
    var maxFiles: Int
    var maxFileSize: String
    /// Why the form was refused.
    var error: String?
    /// The same, by field name, shown beside the field.
    var errors: [String: String]?
}

/// The customer's requests (`tickets.mustache`).
struct RequestListPage {
    var tickets: [TicketRow]
    var total: Int
    var hasTickets: Bool
}

/// The solutions library (`agent-solutions.mustache`): every current solution, paged (or those waiting for review), or
/// the ones a search finds.
struct SolutionListPage {
    var q: String
    /// Unpublished solutions waiting for review.
    var awaitingCount: Int
    /// Some are (the template engine takes every number for true, 0 too).
    var hasAwaiting = false
    /// Listing those waiting for review.
    var review: Bool?
    /// The solutions listed or found.
    var solutions: [Row]
    /// "Showing 1–30 of 261 solutions", when listing.
    var showing: String?
    var pager: Pager?

    /// A solution listed, or found by a search (then with its highlights and grade).
    struct Row {
        var id: Int64
        /// The title, and for a search result the excerpt, with the matching words marked, as HTML
        /// (`ViewModels.markedHTML`).
        var titleHTML: String
        var snippetHTML: String?
        /// The category's name; nil without one.
        var category: String?
        var isPublished: Bool
        var reuseCount: Int
        var solvedCount: Int
        /// `strong` or `partial`, for a search result.
        var grade: String?
        var gradeLabel: String?
    }
}

/// A solution's page with its edit form, or the form for a new one (`agent-solution.mustache`).
struct SolutionFormPage {
    /// The form's values: the solution's, or what was typed before a refusal.
    struct Draft {
        var title: String
        var steps: String
        var isPublished: Bool
        var categoryId: String?
    }

    /// An agent's solution waits for review before the help centre shows it.
    var awaitsReview: Bool
    /// The solution shown; nil for a new one.
    var solution: SolutionRow?
    /// Tickets it resolved (the first ten the viewer may open).
    var tickets: [TicketRow]?
    var draft: Draft
    var categoryOptions: [OptionRow]
    var error: String?
    var errors: [String: String]?
}
