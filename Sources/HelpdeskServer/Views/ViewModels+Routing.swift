import Foundation
import HelpdeskCore

extension ViewModels {
    /// How an agent's history fits a ticket, in words: "strong fit", "some fit", "no similar history".
    static func fitWords(_ level: AgentRanking.Level) -> String {
        switch level {
        case .strong: "strong fit"
        case .some: "some fit"
        case .none: "no similar history"
        }
    }

    /// Why the agent ranks where they do, in words ("resolved 3 similar tickets", "skill: Billing", "new agent"), or
    /// "lowest load" when nothing speaks for anyone.
    static func reasonWords(_ ranking: AgentRanking, categories: [String: String]) -> [String] {
        let words = ranking.reasons.map { reason -> String in
            switch reason {
            case .similarHistory: "resolved " + counted(ranking.similarTickets, "similar ticket")
            case .declaredSkill: "skill: " + (ranking.skillTopic.map { categories[$0] ?? $0 } ?? "this topic")
            case .newAgent: "new agent"
            }
        }
        return words.isEmpty ? ["lowest load"] : words
    }

    /// A resolved ticket's match with the new one in words: "close match" from 60 % of its words, else "partial match".
    static func matchWords(_ similarity: Double) -> String {
        similarity >= 0.6 ? "close match" : "partial match"
    }

    /// One agent of a ticket's ranking for the assignment screen: the fit as words and a bar on an absolute scale
    /// (never full for a weak match), the reasons, and the resolved tickets behind it.
    static func rankedAgent(
        _ candidate: AgentRanking, position: Int, evidence: [Int64: Ticket], categories: [String: String]
    ) -> RankedAgentRow {
        let because = candidate.evidence.compactMap { item -> EvidenceRow? in
            guard let solved = evidence[item.ticketId] else { return nil }
            return EvidenceRow(id: item.ticketId, subject: solved.subject, match: matchWords(item.similarity))
        }
        return RankedAgentRow(
            rank: position + 1, id: candidate.agent.requiredID, name: candidate.agent.name,
            open: candidate.openTickets, capacity: candidate.agent.capacity, full: !candidate.isAvailable,
            level: candidate.level.rawValue, fitWords: fitWords(candidate.level),
            bucket: Int((candidate.fit * 10).rounded()) * 10,
            reasons: reasonWords(candidate, categories: categories).joined(separator: " · "),
            because: because, hasBecause: !because.isEmpty)
    }
}
