import Foundation
import HelpdeskCore

/// An agent with their load, as the agents table and the assignment page show them.
struct AgentRow {
    var id: Int64
    var name: String
    var email: String
    /// The address before its "@", and after it: the table breaks a long address there (`<wbr>`), as the customers
    /// list does, rather than in the middle of a word.
    var emailLocal: String
    var emailDomain: String
    /// Declared skills, by category name.
    var skills: [String]
    var capacity: Int
    var open: Int
    /// Open tickets over capacity, 0–100.
    var percent: Int
    /// The same in tens, for the bar.
    var bucket: Int
    var isActive: Bool
    var full: Bool
    /// `ok`, `high` or `full`.
    var loadClass: String
}

/// A skill to tick in an agent form.
struct SkillOption {
    var value: String
    var label: String
    var checked: Bool
}

/// The agents page (`admin-agents.mustache`): the table, and the form to create one with what was typed after a
/// refusal.
struct AgentsPage {
    var agents: [AgentRow]
    var activeCount: Int
    var skillOptions: [SkillOption]
    /// The form's values.
    var name: String?
    var email: String?
    var capacity: String
    var error: String?
    var errors: [String: String]?
}

/// One agent's page (`admin-agent.mustache`): their load, the edit form and their open tickets.
struct AgentPage {
    /// The edit form's values.
    struct Form {
        var name: String
        var email: String
        var capacity: String
    }

    var agent: AgentRow
    var skillOptions: [SkillOption]
    var form: Form
    var tickets: [TicketRow]
    var error: String?
    var errors: [String: String]?
}

/// The assignment page (`admin-assignment.mustache`): the oldest unassigned tickets with their agents ranked, and the
/// agents' loads.
struct AssignmentPage {
    var tickets: [AssignmentRow]
    var count: Int
    /// "4 unassigned open tickets".
    var countText: String
    var shown: Int
    /// More are waiting than are shown.
    var more: Bool
    var agents: [AgentRow]
}

/// Outgoing mail (`admin-mail.mustache`): what could not be delivered, what is being retried, and the counts.
struct MailPage {
    /// A mail.
    struct Row {
        var id: Int64
        var recipient: String
        var subject: String
        var kind: String
        var attempts: Int
        var createdAt: String
        /// The mail server's last answer; empty if none.
        var error: String
    }

    var failed: [Row]
    /// "Showing 1–20 of 31 undelivered mails"; empty when none.
    var showing: String
    var pager: Pager
    var retrying: [Row]
    var unsent: Int
    var sent: Int
    var maxAttempts: Int
}

/// The customer list (`admin-customers.mustache`), its templates reading `view`.
struct CustomerListPage {
    var view: CustomerListView
}

/// A customer's profile (`admin-customer.mustache`), its templates reading `view`.
struct CustomerProfilePage {
    var view: CustomerProfileView
}
