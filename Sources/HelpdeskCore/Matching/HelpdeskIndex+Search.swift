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
    /// Solutions matching `text` (a complaint, or words being typed), best first, as `viewer` may see them.
    /// - Parameters:
    ///   - categoryId: only solutions of this category.
    ///   - prefixLastTerm: also match the last word as a prefix (search-as-you-type).
    ///   - viewer: nil for anonymous visitors of the help centre.
    public func suggestSolutions(
        for text: String,
        categoryId: String? = nil,
        k: Int = 5,
        prefixLastTerm: Bool = false,
        viewer: User?,
        in database: AppDatabase
    ) async throws -> [SolutionMatch] {
        let hits = solutions.search(
            SearchRequest(text: text, k: k, filter: categoryId, prefixLastTerm: prefixLastTerm)
        )
        let scores = Dictionary(hits.compactMap { hit in Int64(hit.id).map { ($0, hit.score) } }, uniquingKeysWith: max)
        let found = try await database.solutions(ids: hits.compactMap { Int64($0.id) }, for: viewer)
        return found.map { SolutionMatch(solution: $0, score: scores[$0.requiredID] ?? 0) }
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
