import Foundation
import SearchEngine

/// Ranks agents for a new ticket by how well their past resolutions fit it, their declared skills and a newcomer's
/// fair share.
///
/// History is the voting model of expert search (Macdonald & Ounis, CIKM 2006), which is Balog et al.'s
/// document-centric Model 2 when each ticket has one resolver: the ticket's text retrieves the most similar
/// resolved tickets; each votes for the agent who resolved it with its similarity raised to `sharpness`, scaled by
/// the outcome (the customer's verdict), recency (exponential decay) and how fast it was resolved. The similarity is
/// absolute: the hit's BM25 score over the highest score the ticket's words could give (`SearchIndex.scoreCeiling`),
/// times `k1 + 1`, so about 1 means the resolved ticket holds every word of the new one and a ticket whose
/// words match nothing relevant (another language, a rare typo) gets no strong vote however it ranks among the hits.
/// Votes below `similarityFloor` count nothing. A busy generalist does not bury a specialist because only the
/// `evidenceSize` most similar tickets vote at all and a weak match's vote shrinks with the power `sharpness`.
/// Votes are then divided by (resolved tickets) raised to `volumeExponent` (0, the default, is Model 2 with a prior
/// in proportion to each agent's resolved tickets).
///
/// Two shares are added to the history: `skillShare` when the agent's declared skills include the ticket's topic
/// (its category, or the one its similar resolved tickets point at), and `newcomerShare` for an agent with fewer
/// than `newcomerTickets` resolved tickets (fading as they resolve more). Together they stay below a strong history,
/// so strong evidence still wins; when nobody has history they decide, then the lower load. The defaults were chosen
/// across `care eval corpus` and `care eval stackexchange` (figures in Benchmarks/README.md).
public struct ExpertiseRanker: Sendable {
    /// Similar resolved tickets considered.
    public var evidenceSize = 40
    /// Exponent of the volume normalisation.
    public var volumeExponent = 0.0
    /// Age at which a resolution's vote has halved.
    public var halfLife: TimeInterval = 180 * 86_400
    /// Sharpness of the similarity weighting: votes are `similarity^sharpness`.
    public var sharpness = 1.5
    /// Similarity below which a resolved ticket's vote counts nothing: the highest floor that cost no agent hit@1 on
    /// `Corpus/eval` nor on the Stack Exchange replays (0.15 and up cost some on `Corpus/eval` and cardano).
    public var similarityFloor = 0.1
    /// What a declared skill in the ticket's topic adds (one vote of similarity `s` adds up to `s^sharpness`): chosen
    /// by 5-fold cross-validation on `Corpus/eval` among shares whose sum with `newcomerShare` stays below a strong
    /// history (`AgentRanking.Level.strongFit`), so strong evidence still decides.
    public var skillShare = 0.4
    /// What a new agent (no resolved tickets) gets, about the vote of one weak match (similarity 0.14); it fades
    /// linearly to 0 at `newcomerTickets` resolved tickets. Up to 0.2 it cost no agent hit@1 on either evaluation;
    /// 0.1 and more cost hit@5 on both Stack Exchange replays.
    public var newcomerShare = 0.05
    /// Resolved tickets from which an agent is no longer new.
    public var newcomerTickets = 5
    /// The share of the similar tickets' votes one topic needs to stand for a ticket that has none.
    public var topicShare = 0.5

    /// Creates a ranker with the default weights.
    public init() {}

    /// The active agents with their open loads and the resolved counts the ranking divides or fades by: the same for
    /// every ticket, so a caller ranking several tickets at once (the assignment page) reads them once.
    public struct Agents: Sendable {
        public var loads: [AgentLoad]
        public var resolved: [Int64: Int]
    }

    /// Reads `Agents` for this ranker's settings.
    public func agents(in database: AppDatabase) async throws -> Agents {
        let loads = try await database.activeAgentLoads()
        // Resolved-ticket counts: all of them (a GROUP BY over every ticket) only when votes are divided by them.
        let resolved =
            volumeExponent != 0
            ? try await database.resolvedCounts()
            : newcomerShare > 0
                ? try await database.resolvedCounts(agentIds: loads.map(\.agent.requiredID), upTo: newcomerTickets) : [:]
        return Agents(loads: loads, resolved: resolved)
    }

    /// Agents (active or not) ranked for `text`, best first; ties go to the lower load (open tickets over capacity).
    /// - Parameters:
    ///   - text: the ticket's searched text (`HelpdeskIndex.complaintQuery`).
    ///   - categoryId: the ticket's topic, when it has one.
    /// - Parameter agents: the agents' loads and counts (`agents(in:)`), when the caller ranks several tickets at once
    ///   and read them once; read here when nil.
    public func rank(
        text: String, categoryId: String? = nil, index: HelpdeskIndex, database: AppDatabase, now: Date = Date(),
        agents known: Agents? = nil
    ) async throws -> [AgentRanking] {
        let request = SearchRequest(text: text, k: evidenceSize, filter: "resolved")
        let (hits, ceiling) = index.tickets.searchWithCeiling(request)
        let strong = hits.compactMap { hit -> (id: Int64, similarity: Double)? in
            let similarity = Self.similarity(hit.score, ceiling: ceiling)
            guard similarity >= similarityFloor, similarity > 0, let id = Int64(hit.id) else { return nil }
            return (id, similarity)
        }
        let evidence = try await database.resolutionEvidence(ticketIds: strong.map(\.id))
        let read = if let known { known } else { try await self.agents(in: database) }
        let agents = read.loads
        let volume = read.resolved
        var votes: [Int64: [AgentRanking.Evidence]] = [:]
        var topics: [String: Double] = [:]
        for (id, similarity) in strong {
            guard let e = evidence[id] else { continue }
            let outcome: Double = switch e.verdict {
            case .solved: 1.0
            case .notSolved: 0.3
            case nil: 0.8
            }
            let age = max(0, now.timeIntervalSince(e.resolvedAt ?? e.createdAt))
            let recency = pow(0.5, age / halfLife)
            let hours = max(0, (e.resolvedAt ?? e.createdAt).timeIntervalSince(e.createdAt)) / 3_600
            let speed = 0.75 + 0.25 * exp(-hours / 48)
            let vote = pow(similarity, sharpness) * outcome * recency * speed
            votes[e.agentId, default: []].append(.init(ticketId: id, contribution: vote, similarity: min(1, similarity)))
            if let topic = e.categoryId { topics[topic, default: 0] += vote }
        }
        let topic = categoryId ?? Self.prevailing(topics, share: topicShare)
        return agents.map { load in
            let id = load.agent.requiredID
            let mine = votes[id] ?? []
            let resolved = volume[id] ?? 0
            let norm = pow(Double(max(resolved, 1)), volumeExponent)
            let history = mine.reduce(0) { $0 + $1.contribution } / norm
            let skilled = topic.map(load.agent.skills.contains) ?? false
            let newcomer = newcomerShare * max(0, 1 - Double(resolved) / Double(max(newcomerTickets, 1)))
            var ranking = AgentRanking(
                agent: load.agent, openTickets: load.openTickets, score: 0,
                evidence: Array(mine.sorted { $0.contribution > $1.contribution }.prefix(3)))
            ranking.history = history
            ranking.skill = skilled ? skillShare : 0
            ranking.skillTopic = skilled ? topic : nil
            ranking.newcomer = newcomer
            ranking.similarTickets = mine.count
            ranking.score = history + ranking.skill + newcomer
            return ranking
        }
        .sorted {
            $0.score != $1.score
                ? $0.score > $1.score
                : $0.loadRatio != $1.loadRatio ? $0.loadRatio < $1.loadRatio : $0.openTickets < $1.openTickets
        }
    }

    /// How strongly a hit matches: its score over the request's score ceiling, times `k1 + 1` (a resolved ticket of
    /// average length holding each word once scores the ceiling over `k1 + 1`, so 1), at most `k1 + 1` for a short
    /// ticket repeating the words. Votes use it as it is; the explanation caps it at 1.
    static func similarity(_ score: Double, ceiling: Double) -> Double {
        guard ceiling > 0 else { return 0 }
        return max(0, score) / ceiling * (BM25.defaultK1 + 1)
    }

    /// The topic holding at least `share` of the votes, if one does.
    static func prevailing(_ topics: [String: Double], share: Double) -> String? {
        let total = topics.values.reduce(0, +)
        guard total > 0, let best = topics.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { return nil }
        return best.value >= share * total ? best.key : nil
    }
}

extension AppDatabase {
    /// Active agents ranked for a ticket the caller may see, best first (the assignment screen's list).
    /// - Parameter agents: the agents' loads and counts, read once by a caller ranking several tickets (nil: read
    ///   here).
    public func rankAgents(
        for ticket: Ticket, index: HelpdeskIndex, ranker: ExpertiseRanker = ExpertiseRanker(),
        agents: ExpertiseRanker.Agents? = nil
    ) async throws -> [AgentRanking] {
        try await ranker.rank(
            text: HelpdeskIndex.complaintQuery(subject: ticket.subject, description: ticket.description),
            categoryId: ticket.categoryId, index: index, database: self, now: now(), agents: agents)
    }

    /// Assigns the ticket to the best-ranked available agent (active, under capacity), trying the next
    /// one when a concurrent assignment filled an agent first. When nobody has similar history the ranking is by
    /// declared skill, newcomers' share, then load.
    /// - Returns: the assigned ticket, or `nil` when nobody is available (the ticket stays queued).
    public func autoAssign(
        ticketId: Int64, by admin: User, index: HelpdeskIndex, ranker: ExpertiseRanker = ExpertiseRanker()
    ) async throws -> Ticket? {
        try await autoAssignment(ticketId: ticketId, by: admin, index: index, ranker: ranker)?.ticket
    }

    /// `autoAssign`, with the chosen agent's ranking: why they were chosen.
    /// - Returns: the assigned ticket and the ranking of its agent, or `nil` when nobody is available.
    public func autoAssignment(
        ticketId: Int64, by admin: User, index: HelpdeskIndex, ranker: ExpertiseRanker = ExpertiseRanker()
    ) async throws -> AutoAssignment? {
        let ticket = try await self.ticket(id: ticketId, for: admin)
        let ranking = try await rankAgents(for: ticket, index: index, ranker: ranker)
        for candidate in ranking where candidate.isAvailable {
            do {
                let assigned = try await assign(ticketId: ticketId, to: candidate.agent.requiredID, by: admin)
                return AutoAssignment(ticket: assigned, ranking: candidate, anyoneHasHistory: ranking.anyoneHasHistory)
            } catch HelpdeskError.conflict {
                continue  // filled up meanwhile: the capacity check runs inside the write
            }
        }
        return nil
    }
}

/// A ticket auto-assigned, with why its agent was chosen.
public struct AutoAssignment: Sendable, Hashable {
    /// The assigned ticket.
    public var ticket: Ticket
    /// The chosen agent's ranking (fit, reasons, the resolved tickets behind it).
    public var ranking: AgentRanking
    /// Whether any agent had similar history; when not, declared skills and load chose.
    public var anyoneHasHistory: Bool
}
