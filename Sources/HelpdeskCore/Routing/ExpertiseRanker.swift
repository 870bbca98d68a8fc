import Foundation
import SearchEngine

/// An agent ranked for a ticket, with the tickets that earned the score.
public struct AgentRanking: Sendable, Hashable {
    /// The agent.
    public var agent: User
    /// Open tickets they hold now.
    public var openTickets: Int
    /// The expertise score (higher is better; 0 when none of their past work is similar).
    public var score: Double
    /// Up to three resolved tickets that contributed most, with their contribution.
    public var evidence: [Evidence]
    /// Active and under capacity, so auto-assign may pick them.
    public var isAvailable: Bool { agent.isActive && openTickets < agent.capacity }

    /// One resolved ticket behind a ranking.
    public struct Evidence: Sendable, Hashable {
        /// The resolved ticket.
        public var ticketId: Int64
        /// How much it added to the agent's score.
        public var contribution: Double
    }
}

/// Ranks agents for a new ticket by how well their past resolutions fit it.
///
/// The model is the voting model of expert search (Macdonald & Ounis, CIKM 2006), which is Balog et al.'s
/// document-centric Model 2 when each ticket has one resolver: the ticket's text retrieves the most similar
/// resolved tickets; each votes for the agent who resolved it with its similarity relative to the best match,
/// raised to `sharpness`, and scaled by the outcome (the customer's verdict), recency (exponential decay) and how
/// fast it was resolved. A busy generalist does not bury a specialist because only the `evidenceSize` most similar
/// tickets vote at all and a weak match's vote shrinks with the power `sharpness` (a ticket half as similar as the
/// best counts 0.35); their unrelated volume earns nothing. Votes are then divided by (resolved tickets) raised to
/// `volumeExponent`: 1 is Model 2 with a uniform prior over agents, 0 (the default) is Model 2 with a prior in
/// proportion to each agent's resolved tickets, which is what both evaluations favour (`care eval corpus`,
/// `care eval stackexchange`; figures in Benchmarks/README.md): people who resolve much are likelier to be the
/// right one, and the load balancing of auto-assign keeps them from being swamped.
public struct ExpertiseRanker: Sendable {
    /// Similar resolved tickets considered.
    public var evidenceSize = 40
    /// Exponent of the volume normalisation.
    public var volumeExponent = 0.0
    /// Age at which a resolution's vote has halved.
    public var halfLife: TimeInterval = 180 * 86_400
    /// Sharpness of the similarity weighting: votes are `(score / best)^sharpness`.
    public var sharpness = 1.5

    /// Creates a ranker with the default weights.
    public init() {}

    /// Agents (active or not) ranked for `text`, best first; ties go to the lower open load.
    public func rank(
        text: String, index: HelpdeskIndex, database: AppDatabase, now: Date = Date()
    ) async throws -> [AgentRanking] {
        let hits = index.tickets.search(SearchRequest(text: text, k: evidenceSize, filter: "resolved"))
        let ids = hits.compactMap { Int64($0.id) }
        let evidence = try await database.resolutionEvidence(ticketIds: ids)
        // Resolved-ticket counts (a GROUP BY over every ticket) only matter when votes are divided by them.
        let volume = volumeExponent == 0 ? [:] : try await database.resolvedCounts()
        let agents = try await database.activeAgentLoads()
        let best = hits.first?.score ?? 1
        var votes: [Int64: [AgentRanking.Evidence]] = [:]
        for hit in hits {
            guard let id = Int64(hit.id), let e = evidence[id] else { continue }
            let similarity = pow(max(hit.score, 0) / max(best, 1e-9), sharpness)
            let outcome: Double = switch e.verdict {
            case .solved: 1.0
            case .notSolved: 0.3
            case nil: 0.8
            }
            let age = max(0, now.timeIntervalSince(e.resolvedAt ?? e.createdAt))
            let recency = pow(0.5, age / halfLife)
            let hours = max(0, (e.resolvedAt ?? e.createdAt).timeIntervalSince(e.createdAt)) / 3_600
            let speed = 0.75 + 0.25 * exp(-hours / 48)
            votes[e.agentId, default: []].append(.init(ticketId: id, contribution: similarity * outcome * recency * speed))
        }
        return agents.map { load in
            let mine = votes[load.agent.requiredID] ?? []
            let total = mine.reduce(0) { $0 + $1.contribution }
            let norm = pow(Double(max(volume[load.agent.requiredID] ?? 1, 1)), volumeExponent)
            return AgentRanking(
                agent: load.agent, openTickets: load.openTickets, score: total / norm,
                evidence: Array(mine.sorted { $0.contribution > $1.contribution }.prefix(3)))
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.openTickets < $1.openTickets }
    }
}

extension AppDatabase {
    /// Active agents ranked for a ticket the caller may see, best first (the assignment screen's list).
    public func rankAgents(
        for ticket: Ticket, index: HelpdeskIndex, ranker: ExpertiseRanker = ExpertiseRanker()
    ) async throws -> [AgentRanking] {
        try await ranker.rank(
            text: HelpdeskIndex.complaintQuery(subject: ticket.subject, description: ticket.description), index: index,
            database: self, now: now())
    }

    /// Assigns the ticket to the best-ranked available agent (active, under capacity), trying the next
    /// one when a concurrent assignment filled an agent first.
    /// - Returns: the assigned ticket, or `nil` when nobody is available (the ticket stays queued).
    public func autoAssign(
        ticketId: Int64, by admin: User, index: HelpdeskIndex, ranker: ExpertiseRanker = ExpertiseRanker()
    ) async throws -> Ticket? {
        let ticket = try await self.ticket(id: ticketId, for: admin)
        let ranking = try await rankAgents(for: ticket, index: index, ranker: ranker)
        for candidate in ranking where candidate.isAvailable {
            do {
                return try await assign(ticketId: ticketId, to: candidate.agent.requiredID, by: admin)
            } catch HelpdeskError.conflict {
                continue  // filled up meanwhile: the capacity check runs inside the write
            }
        }
        return nil
    }
}
