import Foundation

extension BulkWriter {
    /// Writes the queued rows, parents first: users, solutions, tickets (whose row triggers keep the day roll-up, as
    /// for single-row inserts), the answered tickets' resolutions, messages, links with their solutions' counters,
    /// self-service events, audit entries and the change log. Each table's rows keep the order the records gave
    /// them, so ids and change-log sequence numbers follow the records as before. Called once, after the last record.
    mutating func writePending() throws {
        var ids = WrittenIDs()
        ids.ids[.user] = try db.writeReturningIDs(users, ids: ids)
        ids.ids[.solution] = try db.writeReturningIDs(solutions, ids: ids)
        ids.ids[.ticket] = try db.writeReturningIDs(tickets, ids: ids)
        for resolution in resolutions {
            try db.execute(
                """
                UPDATE ticket SET assigneeId = COALESCE(assigneeId, ?),
                    firstResponseAt = CASE WHEN firstResponseAt IS NULL OR firstResponseAt > ? THEN ? ELSE firstResponseAt END,
                    resolvedAt = CASE WHEN status IN ('resolved', 'closed') THEN ? ELSE resolvedAt END,
                    updatedAt = \(db.dialect.greatest("updatedAt", "?"))
                WHERE id = ?
                """,
                [
                    try ids.value(.id(.user, resolution.authorId)), .date(resolution.at), .date(resolution.at),
                    .date(resolution.at), .date(resolution.at), .integer(try ids.resolve(.ticket, resolution.ticketId)),
                ])
        }
        try db.write(messages, ids: ids)
        try writeLinks(ids: ids)
        try db.write(suggestionEvents, ids: ids)
        try db.write(deflections, ids: ids)
        try db.write(auditEntries, ids: ids)
        try db.write(changes, ids: ids)
        users.removeAll()
        solutions.removeAll()
        tickets.removeAll()
        messages.removeAll()
        links.removeAll()
        suggestionEvents.removeAll()
        deflections.removeAll()
        auditEntries.removeAll()
        changes.removeAll()
        resolutions.removeAll()
        linkVerdicts.removeAll()
    }

    /// Writes the links (a pair already linked is kept as it is) and adds each new link to its solution's reuse and
    /// verdict counters, one statement per solution.
    private mutating func writeLinks(ids: WrittenIDs) throws {
        /// A link's ticket and solution.
        struct Pair: Hashable {
            var ticketId: Int64
            var solutionId: Int64
        }
        var verdicts: [Pair: Verdict?] = [:]
        for link in linkVerdicts {
            let pair = Pair(ticketId: try ids.resolve(.ticket, link.ticketId), solutionId: try ids.resolve(.solution, link.solutionId))
            // The first of two links of one pair is written; the second meets the conflict.
            if verdicts[pair] == nil { verdicts[pair] = .some(link.verdict) }
        }
        let added = try db.write(links, ids: ids, returning: "ticketId, solutionId")
        summary.links += added.count
        var counters: [Int64: (reused: Int, solved: Int, notSolved: Int)] = [:]
        for row in added {
            let pair = Pair(ticketId: try row.int64("ticketId"), solutionId: try row.int64("solutionId"))
            let verdict = verdicts[pair] ?? nil
            var counter = counters[pair.solutionId] ?? (0, 0, 0)
            counter.reused += 1
            if verdict == .solved { counter.solved += 1 }
            if verdict == .notSolved { counter.notSolved += 1 }
            counters[pair.solutionId] = counter
        }
        for (solutionId, counter) in counters.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                """
                UPDATE solution SET reuseCount = reuseCount + ?, solvedCount = solvedCount + ?,
                    notSolvedCount = notSolvedCount + ? WHERE id = ?
                """,
                counter.reused, counter.solved, counter.notSolved, solutionId)
        }
    }
}
