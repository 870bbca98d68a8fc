import Foundation
import HelpdeskCore

/// The help centre (`help.mustache`): popular answers, or the answers found for a search, paged.
struct HelpPage {
    /// What was searched; empty on the start page.
    var q: String
    /// The start page's most used answers.
    var popular: [SolutionRow]?
    /// Set when `q` was searched.
    var searched: Bool?
    var results: [Result]?
    var count: Int?
    /// "12 results".
    var countText: String?
    /// "Showing 11–12 of 12 results" when there is more than one page.
    var showing: String?
    var pager: Pager?

    /// An answer found.
    struct Result {
        var id: Int64
        /// The title and the excerpt with the matching words marked, as HTML (`ViewModels.markedHTML`).
        var titleHTML: String
        var snippetHTML: String
        var category: String
        /// `strong`, or empty for a partial match: the help centre labels only the strong ones, since a list of search
        /// results is partial by nature (labelling nearly every one "Partial match" told visitors nothing).
        var grade: String
        var gradeLabel: String
    }
}

/// A stored solution as the help centre shows it (`solution.mustache`), or after "this solved my problem"
/// (`deflected.mustache`).
struct SolutionPage {
    var solution: SolutionRow
    /// Whether "still need help? send a request" applies (customers and visitors).
    var canFile: Bool
}

/// The answer to a verdict link from a mail (`verdict.mustache`): the question, the thanks, or why the link no longer
/// applies.
struct VerdictPage {
    /// The single-use token of the link, on the question page.
    var token: String?
    var solved: Bool
    var ticketId: String
    /// The verdict was recorded.
    var done: Bool
    /// Why nothing changed, in plain words.
    var stale: String?
}
