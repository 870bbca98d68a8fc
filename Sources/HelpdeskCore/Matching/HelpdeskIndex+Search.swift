import Foundation
import SearchEngine

/// A stored solution found by a search, with its score.
public struct SolutionMatch: Sendable, Hashable {
    /// The solution.
    public var solution: Solution
    /// Its relevance (higher is better).
    public var score: Double
}

/// A ticket found by a search, with its score.
public struct TicketMatch: Sendable, Hashable {
    /// The ticket.
    public var ticket: Ticket
    /// Its relevance (higher is better).
    public var score: Double
}

extension HelpdeskIndex {
    /// The query for a complaint: its subject counts twice, because the subject names the problem while a
    /// description also carries greetings and circumstances (`care eval corpus`: solution P@1 0.683 → 0.710).
    public static func complaintQuery(subject: String, description: String) -> String {
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty else { return description }
        return subject + "\n" + subject + "\n" + description
    }

    /// Solutions matching `text` (a complaint, or words being typed), best first, as `viewer` may see them.
    /// - Parameters:
    ///   - categoryId: only solutions of this category.
    ///   - prefixLastTerm: also match the last word as a prefix (search-as-you-type).
    ///   - verdictPrior: weigh scores by the customers' verdicts (`verdictPrior(_:)`); off only for ablations.
    ///   - viewer: nil for anonymous visitors of the help centre.
    public func suggestSolutions(
        for text: String,
        categoryId: String? = nil,
        k: Int = 5,
        prefixLastTerm: Bool = false,
        verdictPrior: Bool = true,
        viewer: User?,
        in database: AppDatabase
    ) async throws -> [SolutionMatch] {
        // Stock phrases say nothing about the problem; words being typed are left alone (the last one may be partial).
        let pair = solutionsAndBoilerplate
        let query = prefixLastTerm ? text : pair.boilerplate.strip(text)
        // Oversample, so that the verdict prior can lift a proven solution from just below the cut.
        let hits = pair.solutions.search(
            SearchRequest(text: query, k: k * Self.priorOversampling, filter: categoryId, prefixLastTerm: prefixLastTerm)
        )
        let scores = Dictionary(hits.compactMap { hit in Int64(hit.id).map { ($0, hit.score) } }, uniquingKeysWith: max)
        let found = try await database.solutions(ids: hits.compactMap { Int64($0.id) }, for: viewer)
        return Array(
            found.map { SolutionMatch(solution: $0, score: (scores[$0.requiredID] ?? 0) * (verdictPrior ? Self.verdictPrior($0) : 1)) }
                .enumerated()
                .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
                .prefix(k)
                .map(\.element))
    }

    /// How many more hits than asked for are re-scored with the verdict prior.
    static let priorOversampling = 3

    /// The customers' verdicts as a prior on a solution's score: the smoothed share of "solved" among its verdicts
    /// (two of each imagined, so a new solution gets 1.0), mapped to 0.75…1.25. Text relevance still decides;
    /// the prior breaks near-ties in favour of what has worked, and a solution that keeps failing sinks.
    public static func verdictPrior(_ solution: Solution) -> Double {
        let solved = Double(max(solution.solvedCount, 0))
        let failed = Double(max(solution.notSolvedCount, 0))
        let share = (solved + 2) / (solved + failed + 4)
        return 0.75 + 0.5 * share
    }

    /// Tickets matching `text` that `viewer` may see (through the one visibility rule), best first.
    /// - Parameter bucket: `"open"` or `"resolved"` (resolved or closed); nil for all.
    public func searchTickets(
        _ text: String,
        bucket: String? = nil,
        k: Int = 20,
        for viewer: User,
        in database: AppDatabase
    ) async throws -> [TicketMatch] {
        // Oversample: hits the viewer may not see are dropped after the search.
        let oversample = viewer.role == .admin ? k : k * 10
        let hits = tickets.search(SearchRequest(text: text, k: oversample, filter: bucket))
        let scores = Dictionary(hits.compactMap { hit in Int64(hit.id).map { ($0, hit.score) } }, uniquingKeysWith: max)
        let visible = try await database.tickets(ids: hits.compactMap { Int64($0.id) }, for: viewer)
        return visible.prefix(k).map { TicketMatch(ticket: $0, score: scores[$0.requiredID] ?? 0) }
    }
}
