import Foundation

/// What a resolved ticket says about the agent who resolved it, for expertise routing.
public struct ResolutionEvidence: Sendable, Hashable {
    /// The ticket.
    public var ticketId: Int64
    /// The agent who holds (resolved) it.
    public var agentId: Int64
    /// When it was created and resolved.
    public var createdAt: Date
    public var resolvedAt: Date?
    /// The customer's verdict on the solution, when given.
    public var verdict: Verdict?
    /// The ticket's topic (category id), when it has one.
    public var categoryId: String? = nil
}

extension AppDatabase {
    /// Resolution evidence for resolved or closed tickets among `ticketIds` that have an assignee.
    /// This returns no ticket content, only who resolved what and how it went, so it is not subject to
    /// the ticket visibility rule; routing calls it on behalf of the system.
    public func resolutionEvidence(ticketIds: [Int64]) async throws -> [Int64: ResolutionEvidence] {
        guard !ticketIds.isEmpty else { return [:] }
        return try await sqlRead { db in
            let rows = try db.rows(
                """
                SELECT t.id, t.assigneeId, t.createdAt, t.resolvedAt, t.categoryId,
                       (SELECT ts.verdict FROM ticketSolution ts WHERE ts.ticketId = t.id AND ts.verdict IS NOT NULL
                        ORDER BY ts.linkedAt DESC LIMIT 1) AS verdict
                FROM ticket t
                WHERE t.id IN (\(sqlPlaceholders(ticketIds.count))) AND t.assigneeId IS NOT NULL
                  AND t.status IN (?, ?)
                """,
                ticketIds.map { .integer($0) } + [.text(TicketStatus.resolved.rawValue), .text(TicketStatus.closed.rawValue)]
            )
            var result: [Int64: ResolutionEvidence] = [:]
            for row in rows {
                let id = try row.int64("id")
                result[id] = ResolutionEvidence(
                    ticketId: id, agentId: try row.int64("assigneeId"), createdAt: try row.date("createdAt"),
                    resolvedAt: try row.optionalDate("resolvedAt"),
                    verdict: try row.optionalString("verdict").flatMap(Verdict.init(rawValue:)),
                    categoryId: try row.optionalString("categoryId"))
            }
            return result
        }
    }

    /// Resolved tickets per agent (the normaliser of expertise scores).
    public func resolvedCounts() async throws -> [Int64: Int] {
        try await sqlRead { db in
            let rows = try db.rows(
                "SELECT assigneeId, COUNT(*) AS n FROM ticket WHERE assigneeId IS NOT NULL AND status IN (?, ?) GROUP BY assigneeId",
                TicketStatus.resolved.rawValue, TicketStatus.closed.rawValue)
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("assigneeId"), try $0.int("n")) })
        }
    }

    /// Resolved tickets of each of `agentIds`, counted up to `limit` (whether an agent is still new, without counting
    /// a busy agent's whole history): one indexed look-up per agent, all in one statement (one round trip to a
    /// database server) for up to `agentsPerStatement` agents.
    /// - Complexity: O(agents × limit).
    public func resolvedCounts(agentIds: [Int64], upTo limit: Int) async throws -> [Int64: Int] {
        guard !agentIds.isEmpty, limit > 0 else { return [:] }
        let ids = Array(Set(agentIds)).sorted()
        return try await sqlRead { db in
            var counts: [Int64: Int] = [:]
            for start in stride(from: 0, to: ids.count, by: Self.agentsPerStatement) {
                let chunk = ids[start..<min(start + Self.agentsPerStatement, ids.count)]
                let parts = chunk.indices.map { i in
                    "SELECT CAST(? AS BIGINT) AS agentId, COUNT(*) AS n FROM "
                        + "(SELECT 1 FROM ticket WHERE assigneeId = ? AND status IN (?, ?) LIMIT ?) AS resolved\(i)"
                }
                let arguments: [SQLValue] = chunk.flatMap { id in
                    [.integer(id), .integer(id), .text(TicketStatus.resolved.rawValue), .text(TicketStatus.closed.rawValue),
                     .integer(Int64(limit))]
                }
                for row in try db.rows(parts.joined(separator: " UNION ALL "), arguments) {
                    counts[try row.int64("agentId")] = try row.int("n")
                }
            }
            return counts
        }
    }

    /// The most agents one statement of `resolvedCounts(agentIds:upTo:)` counts (five arguments each).
    static let agentsPerStatement = 200

    /// Active agents with their open load, for routing (no viewer: the system asks).
    public func activeAgentLoads() async throws -> [AgentLoad] {
        try await sqlRead { db in
            let agents = try db.fetchAll(
                User.self, #"SELECT * FROM "user" WHERE role = ? AND isActive = ? ORDER BY name, id"#, UserRole.agent.rawValue, true)
            let loads = try Self.openTicketCounts(db)
            return agents.map { AgentLoad(agent: $0, openTickets: loads[$0.requiredID] ?? 0) }
        }
    }
}

extension AppDatabase {
    /// The solutions each of `ticketIds` was resolved with (current versions first is not implied).
    public func solutionIds(forTickets ticketIds: [Int64]) async throws -> [Int64: [Int64]] {
        guard !ticketIds.isEmpty else { return [:] }
        return try await sqlRead { db in
            let rows = try db.rows(
                """
                SELECT ts.ticketId, COALESCE(
                    (SELECT s2.id FROM solution s2 WHERE s2.id = s.supersededById), s.id) AS solutionId
                FROM ticketSolution ts JOIN solution s ON s.id = ts.solutionId
                WHERE ts.ticketId IN (\(sqlPlaceholders(ticketIds.count)))
                """,
                ticketIds.map { .integer($0) })
            var result: [Int64: [Int64]] = [:]
            for row in rows { result[try row.int64("ticketId"), default: []].append(try row.int64("solutionId")) }
            return result
        }
    }
}
