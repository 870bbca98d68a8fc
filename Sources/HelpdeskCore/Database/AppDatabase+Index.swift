import Foundation
import GRDB
import SearchEngine

/// Index changes read from the database, for both search indexes, up to a change-log position.
struct IndexBatch: Sendable {
    /// Changes for the solutions index.
    var solutions: [IndexChange]
    /// Changes for the tickets index.
    var tickets: [IndexChange]
    /// The last change-log sequence number covered.
    var lastSeq: Int64
}

extension AppDatabase {
    /// At most this many resolved tickets feed a solution's `complaints` field (most recent first).
    static let maxComplaintsPerSolution = 200

    /// The highest change-log sequence number (0 when empty).
    func lastChangeSeq() throws -> Int64 {
        try reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM changeLog") ?? 0 }
    }

    /// The documents of every entity changed after `seq`, read in one consistent snapshot.
    func indexChanges(after seq: Int64) throws -> IndexBatch {
        try reader.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT entity, entityId, MAX(seq) AS seq FROM changeLog WHERE seq > ? GROUP BY entity, entityId",
                arguments: [seq])
            var batch = IndexBatch(solutions: [], tickets: [], lastSeq: seq)
            for row in rows {
                let entity: String = row["entity"]
                let id: Int64 = row["entityId"]
                batch.lastSeq = max(batch.lastSeq, row["seq"])
                switch IndexedEntity(rawValue: entity) {
                case .solution: batch.solutions.append(try Self.solutionChange(db, id: id))
                case .ticket: batch.tickets.append(try Self.ticketChange(db, id: id))
                case nil: continue
                }
            }
            return batch
        }
    }

    /// Every indexable document, and the change-log position they reflect, read in one consistent snapshot.
    func allIndexDocuments() throws -> IndexBatch {
        try reader.read { db in
            let lastSeq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM changeLog") ?? 0
            let solutionIds = try Int64.fetchAll(
                db, sql: "SELECT id FROM solution WHERE supersededById IS NULL AND isPublished ORDER BY id")
            let ticketIds = try Int64.fetchAll(db, sql: "SELECT id FROM ticket WHERE mergedIntoId IS NULL ORDER BY id")
            return IndexBatch(
                solutions: try solutionIds.map { try Self.solutionChange(db, id: $0) },
                tickets: try ticketIds.map { try Self.ticketChange(db, id: $0) }, lastSeq: lastSeq)
        }
    }

    /// The solutions-index change for one solution: an upsert for a current, published solution (title, steps and
    /// the complaints of the tickets it and its earlier versions resolved; filter = category), else a delete.
    static func solutionChange(_ db: Database, id: Int64) throws -> IndexChange {
        guard let solution = try Solution.fetchOne(db, key: id), solution.isPublished, !solution.isSuperseded else {
            return .delete(id: "\(id)")
        }
        let complaints = try Row.fetchAll(
            db,
            sql: """
                WITH RECURSIVE version(id) AS (
                    SELECT ? UNION SELECT solution.previousVersionId FROM solution JOIN version ON solution.id = version.id
                    WHERE solution.previousVersionId IS NOT NULL)
                SELECT ticket.subject, ticket.description FROM ticketSolution
                JOIN ticket ON ticket.id = ticketSolution.ticketId
                WHERE ticketSolution.solutionId IN (SELECT id FROM version)
                ORDER BY ticketSolution.linkedAt DESC LIMIT ?
                """, arguments: [id, maxComplaintsPerSolution]
        ).map { row -> String in
            let subject: String = row["subject"]
            let description: String = row["description"]
            return subject + "\n" + description
        }
        return .upsert(
            Document(
                id: "\(id)",
                fields: [
                    "title": solution.title, "steps": solution.steps.joined(separator: "\n"),
                    "complaints": complaints.joined(separator: "\n\n"),
                ], filter: solution.categoryId))
    }

    /// The tickets-index change for one ticket: subject, description and the solutions that resolved it
    /// (filter = status bucket); merged tickets are removed.
    static func ticketChange(_ db: Database, id: Int64) throws -> IndexChange {
        guard let ticket = try Ticket.fetchOne(db, key: id), ticket.mergedIntoId == nil else {
            return .delete(id: "\(id)")
        }
        let solutions = try Solution.fetchAll(
            db, sql: "SELECT solution.* FROM solution JOIN ticketSolution ON ticketSolution.solutionId = solution.id WHERE ticketSolution.ticketId = ? ORDER BY ticketSolution.linkedAt",
            arguments: [id])
        let resolution = solutions.map { $0.title + "\n" + $0.steps.joined(separator: "\n") }.joined(separator: "\n\n")
        return .upsert(
            Document(
                id: "\(id)", fields: ["subject": ticket.subject, "description": ticket.description, "resolution": resolution],
                filter: ticket.status.bucket))
    }
}
