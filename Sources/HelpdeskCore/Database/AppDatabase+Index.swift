import Foundation
import SearchEngine

/// Index changes read from the database, for both search indexes, up to a change-log position.
struct IndexBatch: Sendable {
    /// Changes for the solutions index.
    var solutions: [IndexChange]
    /// Changes for the tickets index.
    var tickets: [IndexChange]
    /// The last change-log sequence number covered.
    var lastSeq: Int64
    /// The complaints in each upserted solution document's `complaints` field with the customer who wrote each, by
    /// document id (for what anonymous visitors and customers may match: `PublicVocabulary`).
    var complaints: [String: [AuthoredComplaint]] = [:]
    /// The row of each upserted solution document, by solution id (for the suggestions' `SolutionCatalog`).
    var solutionRows: [Int64: Solution] = [:]
}

/// One complaint (a resolved ticket's subject and description) and the customer who wrote it.
struct AuthoredComplaint: Sendable, Hashable {
    /// The ticket's customer.
    var customerId: Int64
    /// Subject and description, one per line.
    var text: String
}

extension AppDatabase {
    /// At most this many resolved tickets feed a solution's `complaints` field (most recent first).
    static let maxComplaintsPerSolution = 200

    /// The highest change-log sequence number (0 when empty).
    func lastChangeSeq() throws -> Int64 {
        try sqlReadNow { sql in try sql.int64("SELECT MAX(seq) FROM changeLog") ?? 0 }
    }

    /// The documents of every entity changed after `seq`, read in one consistent snapshot.
    /// - Parameter progress: told the entities read so far and how many there are, after each.
    /// - Parameter bulk: when at least this many entities changed, and at least a quarter as many as the store holds
    ///   tickets, nothing is read and nil returned: reading them one by one would take longer than reading everything
    ///   in bulk (`allIndexDocuments`). Nil never gives up.
    func indexChanges(
        after seq: Int64, bulk: Int? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> IndexBatch? {
        try sqlReadNow { sql in
            // In entity and id order on both stores (PostgreSQL may group by hashing), so that documents enter the
            // index in the order a rebuild gives them, and equal scores rank alike however the index was made.
            let rows = try sql.rows(
                "SELECT entity, entityId, MAX(seq) AS seq FROM changeLog WHERE seq > ? GROUP BY entity, entityId ORDER BY entity, entityId",
                seq)
            if let bulk, rows.count >= bulk,
                rows.count >= (try sql.int64("SELECT COUNT(*) FROM ticket") ?? 0) / 4
            {
                return nil
            }
            var batch = IndexBatch(solutions: [], tickets: [], lastSeq: seq)
            for (done, row) in rows.enumerated() {
                progress(done, rows.count)
                let id = try row.int64("entityId")
                batch.lastSeq = max(batch.lastSeq, try row.int64("seq"))
                switch IndexedEntity(rawValue: try row.string("entity")) {
                case .solution:
                    let (change, complaints, solution) = try Self.solutionChange(sql, id: id)
                    batch.solutions.append(change)
                    if let complaints { batch.complaints["\(id)"] = complaints }
                    if let solution { batch.solutionRows[id] = solution }
                case .ticket: batch.tickets.append(try Self.ticketChange(sql, id: id))
                case nil: continue
                }
            }
            progress(rows.count, rows.count)
            return batch
        }
    }

    /// Tickets read per query by `allIndexDocuments` (pages by id, so that progress can be told between them).
    static let ticketPage = 20_000

    /// Every indexable document, and the change-log position they reflect, read in one consistent snapshot with a
    /// handful of bulk queries (a rebuild must not run one query per entity).
    /// - Parameter progress: told the step (reading the solutions with the tickets they resolved, then reading the
    ///   tickets), how many of its items are read and how many there are, after each page of tickets.
    func allIndexDocuments(
        progress: (_ step: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) throws -> IndexBatch {
        try sqlReadNow { sql in
            let lastSeq = try sql.int64("SELECT MAX(seq) FROM changeLog") ?? 0
            let links = Int(try sql.int64("SELECT COUNT(*) FROM ticketSolution") ?? 0)
            progress("reading solutions and the tickets they resolved", 0, links)
            let (solutionChanges, complaints, solutionsByTicket, byId) = try Self.allSolutionDocuments(sql)
            progress("reading solutions and the tickets they resolved", links, links)
            let rows = byId.filter { $0.value.isPublished && !$0.value.isSuperseded }  // as `solutionChanges`
            let total = Int(try sql.int64("SELECT COUNT(*) FROM ticket WHERE mergedIntoId IS NULL") ?? 0)
            progress("reading tickets", 0, total)
            var ticketChanges: [IndexChange] = []
            ticketChanges.reserveCapacity(total)
            var after = Int64.min
            while true {
                let page = try sql.fetchAll(
                    Ticket.self, "SELECT * FROM ticket WHERE mergedIntoId IS NULL AND id > ? ORDER BY id LIMIT ?",
                    after, Self.ticketPage)
                for ticket in page {
                    let resolutions = (solutionsByTicket[ticket.requiredID] ?? []).compactMap { byId[$0] }
                    ticketChanges.append(Self.ticketDocument(ticket, resolutions: resolutions))
                }
                progress("reading tickets", ticketChanges.count, max(total, ticketChanges.count))
                guard page.count == Self.ticketPage, let last = page.last else { break }
                after = last.requiredID
            }
            return IndexBatch(
                solutions: solutionChanges, tickets: ticketChanges, lastSeq: lastSeq, complaints: complaints,
                solutionRows: rows)
        }
    }

    /// The solutions-index document of every current, published solution, as `allIndexDocuments` reads them (for
    /// learning from the solutions again without reading every ticket).
    func allSolutionDocuments() throws -> (solutions: [IndexChange], complaints: [String: [AuthoredComplaint]]) {
        try sqlReadNow { sql in
            let all = try Self.allSolutionDocuments(sql)
            return (all.solutions, all.complaints)
        }
    }

    /// The row of every current, published solution (those the solutions indexes hold), by id.
    func currentPublishedSolutionRows() throws -> [Int64: Solution] {
        try sqlReadNow { sql in
            let rows = try sql.fetchAll(
                Solution.self, "SELECT * FROM solution WHERE isPublished = ? AND supersededById IS NULL", true)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.requiredID, $0) })
        }
    }

    /// The solutions' documents with their authored complaints, the solutions linked to each ticket, and every
    /// solution by id.
    private static func allSolutionDocuments(_ sql: any SQLExecutor) throws -> (
        solutions: [IndexChange], complaints: [String: [AuthoredComplaint]], solutionsByTicket: [Int64: [Int64]],
        byId: [Int64: Solution]
    ) {
        let allSolutions = try sql.fetchAll(Solution.self, "SELECT * FROM solution")
        let byId = Dictionary(uniqueKeysWithValues: allSolutions.map { ($0.requiredID, $0) })
        // (solutionId, ticketId, linkedAt, subject, description) for every link, newest first
        var complaintsBySolution: [Int64: [(Date, Int64, AuthoredComplaint)]] = [:]
        var solutionsByTicket: [Int64: [Int64]] = [:]
        let links = try sql.rows(
            """
            SELECT ticketSolution.solutionId, ticketSolution.ticketId, ticketSolution.linkedAt,
                   ticketSolution.verdict, ticket.subject, ticket.description, ticket.customerId
            FROM ticketSolution JOIN ticket ON ticket.id = ticketSolution.ticketId
            ORDER BY ticketSolution.linkedAt, ticketSolution.ticketId, ticketSolution.solutionId
            """)
        for row in links {
            let solutionId = try row.int64("solutionId")
            let ticketId = try row.int64("ticketId")
            solutionsByTicket[ticketId, default: []].append(solutionId)
            // A complaint the solution did not solve (customer's verdict) does not join its document.
            if try row.optionalString("verdict") == Verdict.notSolved.rawValue { continue }
            let complaint = AuthoredComplaint(
                customerId: try row.int64("customerId"), text: try row.string("subject") + "\n" + row.string("description"))
            complaintsBySolution[solutionId, default: []].append((try row.date("linkedAt"), ticketId, complaint))
        }
        var solutionChanges: [IndexChange] = []
        var authored: [String: [AuthoredComplaint]] = [:]
        for solution in allSolutions where solution.isPublished && !solution.isSuperseded {
            var complaints: [(Date, Int64, AuthoredComplaint)] = []
            var version: Int64? = solution.id
            var seen: Set<Int64> = []
            while let id = version, seen.insert(id).inserted {
                complaints += complaintsBySolution[id] ?? []
                version = byId[id]?.previousVersionId
            }
            complaints.sort { ($0.0, $0.1) > ($1.0, $1.1) }
            let kept = complaints.prefix(Self.maxComplaintsPerSolution).map(\.2)
            solutionChanges.append(Self.solutionDocument(solution, complaints: kept.map(\.text)))
            authored["\(solution.requiredID)"] = kept
        }
        return (solutionChanges, authored, solutionsByTicket, byId)
    }

    /// The solutions-index change for one solution: an upsert for a current, published solution (title, steps and
    /// the complaints of the tickets it and its earlier versions resolved, except those whose customer said it did not
    /// solve them; filter = category), with those complaints and their customers and the solution's row; else a delete.
    static func solutionChange(_ sql: any SQLExecutor, id: Int64) throws -> (IndexChange, [AuthoredComplaint]?, Solution?) {
        guard let solution = try sql.find(Solution.self, id: id), solution.isPublished, !solution.isSuperseded else {
            return (.delete(id: "\(id)"), nil, nil)
        }
        let complaints = try sql.rows(
            """
            WITH RECURSIVE version(id) AS (
                SELECT CAST(? AS BIGINT) UNION
                SELECT solution.previousVersionId FROM solution JOIN version ON solution.id = version.id
                WHERE solution.previousVersionId IS NOT NULL)
            SELECT ticket.subject, ticket.description, ticket.customerId FROM ticketSolution
            JOIN ticket ON ticket.id = ticketSolution.ticketId
            WHERE ticketSolution.solutionId IN (SELECT id FROM version)
              AND (ticketSolution.verdict IS NULL OR ticketSolution.verdict <> ?)
            ORDER BY ticketSolution.linkedAt DESC, ticketSolution.ticketId DESC LIMIT ?
            """,
            id, Verdict.notSolved.rawValue, maxComplaintsPerSolution
        ).map { row -> AuthoredComplaint in
            AuthoredComplaint(
                customerId: try row.int64("customerId"), text: try row.string("subject") + "\n" + row.string("description"))
        }
        return (solutionDocument(solution, complaints: complaints.map(\.text)), complaints, solution)
    }

    /// The solutions-index document: title, steps, and the complaints (newest first); filter = category.
    static func solutionDocument(_ solution: Solution, complaints: [String]) -> IndexChange {
        .upsert(
            Document(
                id: "\(solution.requiredID)",
                fields: [
                    "title": solution.title, "steps": solution.steps.joined(separator: "\n"),
                    "complaints": complaints.joined(separator: "\n\n"),
                ],
                filter: solution.categoryId
            )
        )
    }

    /// The tickets-index change for one ticket: subject, description and the solutions that resolved it
    /// (filter = status bucket); merged tickets are removed.
    static func ticketChange(_ sql: any SQLExecutor, id: Int64) throws -> IndexChange {
        guard let ticket = try sql.find(Ticket.self, id: id), ticket.mergedIntoId == nil else {
            return .delete(id: "\(id)")
        }
        let solutions = try sql.fetchAll(
            Solution.self,
            """
            SELECT solution.* FROM solution JOIN ticketSolution ON ticketSolution.solutionId = solution.id
            WHERE ticketSolution.ticketId = ? ORDER BY ticketSolution.linkedAt, ticketSolution.solutionId
            """,
            id)
        return ticketDocument(ticket, resolutions: solutions)
    }

    /// The tickets-index document: subject, description and the solutions that resolved it; filter = status bucket.
    static func ticketDocument(_ ticket: Ticket, resolutions: [Solution]) -> IndexChange {
        let resolution = resolutions.map { $0.title + "\n" + $0.steps.joined(separator: "\n") }.joined(separator: "\n\n")
        return .upsert(
            Document(
                id: "\(ticket.requiredID)",
                fields: ["subject": ticket.subject, "description": ticket.description, "resolution": resolution],
                filter: ticket.status.bucket
            )
        )
    }
}
