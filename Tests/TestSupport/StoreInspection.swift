import Foundation
import GRDB
import HelpdeskCore
import HelpdeskImport

/// Reads of the store that only tests need: row counts, a fingerprint of every table, rows by external id.
extension AppDatabase {
    /// Rows of `table` matching the SQL `condition`.
    public func count(_ table: String, where condition: String = "1") throws -> Int {
        try readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }

    /// Every written table's row count, to check that a refused write left the store as it was.
    public func fingerprint() throws -> [String: Int] {
        try readNow { db in
            var result: [String: Int] = [:]
            for table in [
                "category", "user", "ticket", "ticketMessage", "solution", "ticketSolution", "auditEntry", "changeLog",
                "suggestionEvent", "deflection",
            ] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return result
        }
    }

    /// The stored ticket with this external id.
    public func ticket(externalId: String) throws -> Ticket? {
        try readNow { db in try Ticket.filter(Ticket.Columns.externalId == externalId).fetchOne(db) }
    }

    /// The stored solution with this external id.
    public func solution(externalId: String) throws -> Solution? {
        try readNow { db in try Solution.filter(Solution.Columns.externalId == externalId).fetchOne(db) }
    }

    /// The stored user with this external id.
    public func user(externalId: String) throws -> User? {
        try readNow { db in try User.filter(User.Columns.externalId == externalId).fetchOne(db) }
    }

    /// The thread of a ticket, oldest first, whoever may see it.
    public func messages(ticketId: Int64) throws -> [TicketMessage] {
        try readNow { db in
            try TicketMessage.filter(TicketMessage.Columns.ticketId == ticketId).order(TicketMessage.Columns.id).fetchAll(db)
        }
    }

    /// Records a migration this binary does not know, as a newer release would have left it.
    public func markMigratedByNewerVersion(_ name: String) throws {
        try writeNow { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [name]) }
    }

    /// Loads the shipped knowledge base (`Corpus/`) through the importer, as a first start does.
    @discardableResult
    public func loadShippedCorpus() throws -> ImportSummary {
        try CorpusImporter(folder: Repository.corpusFolder.path).run(into: self)
    }
}
