import Foundation

/// An agent ranked for a ticket, with what earned the rank: similar tickets they resolved, a declared skill in the
/// ticket's topic, a newcomer's fair share, or nothing.
public struct AgentRanking: Sendable, Hashable {
    /// The agent.
    public var agent: User
    /// Open tickets they hold now.
    public var openTickets: Int
    /// The ranking score: `history + skill + newcomer` (higher is better; 0 when nothing speaks for them).
    public var score: Double
    /// Up to three resolved tickets that contributed most, with their contribution.
    public var evidence: [Evidence]
    /// The votes of similar resolved tickets (each at least the ranker's similarity floor).
    public var history: Double = 0
    /// The declared-skill share: the agent's skills include the ticket's topic.
    public var skill: Double = 0
    /// The newcomer's share (an agent with few resolved tickets).
    public var newcomer: Double = 0
    /// Similar resolved tickets that voted (all of them, not only the three in `evidence`).
    public var similarTickets = 0
    /// The topic whose declared skill counted: the ticket's category, or the one its similar resolved tickets point
    /// at when it has none. `nil` when no skill counted.
    public var skillTopic: String?
    /// Active and under capacity, so auto-assign may pick them.
    public var isAvailable: Bool { agent.isActive && openTickets < agent.capacity }
    /// Open tickets over capacity (1 or more when full).
    public var loadRatio: Double { Double(openTickets) / Double(max(agent.capacity, 1)) }

    /// How strongly the agent's history fits the ticket, on an absolute scale from 0 to 1: `1 − e^(−history)`. One
    /// resolved ticket holding every word of this one (solved, recent) gives about 0.63, three such give 0.95, a
    /// single partial match about 0.1–0.3; it never depends on how well the other agents fit.
    public var fit: Double { 1 - exp(-history) }

    /// The fit in words.
    public var level: Level { history <= 0 ? .none : fit >= Level.strongFit ? .strong : .some }

    /// What applied, in order of weight: similar history, declared skill, newcomer. Empty: nothing speaks for the
    /// agent (no similar history, no skill, not new).
    public var reasons: [Reason] {
        var out: [Reason] = []
        if history > 0 { out.append(.similarHistory) }
        if skill > 0 { out.append(.declaredSkill) }
        if newcomer > 0 { out.append(.newAgent) }
        return out
    }

    /// One resolved ticket behind a ranking.
    public struct Evidence: Sendable, Hashable {
        /// The resolved ticket.
        public var ticketId: Int64
        /// How much it added to the agent's score.
        public var contribution: Double
        /// How strongly it matches the new ticket, from 0 to 1 (1: it holds every word of the new ticket).
        public var similarity: Double = 0
    }

    /// The history fit in words, as agents and admins see it.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// Closely similar resolved tickets (fit at least `strongFit`).
        case strong
        /// Some similar resolved tickets, none or few of them close.
        case some
        /// No resolved ticket above the similarity floor.
        case none

        /// The fit from which a history counts as strong: about one resolved ticket matching 80 % of the words.
        public static let strongFit = 0.5
    }

    /// Why an agent is where they are in a ranking.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// They resolved tickets similar to this one.
        case similarHistory
        /// Their declared skills include the ticket's topic.
        case declaredSkill
        /// They have resolved few tickets yet and get a newcomer's share.
        case newAgent
    }
}

extension Array where Element == AgentRanking {
    /// Whether any agent resolved a ticket similar enough to count; when not, the order comes from declared skills,
    /// newcomers' shares and load alone.
    public var anyoneHasHistory: Bool { contains { $0.history > 0 } }
}
