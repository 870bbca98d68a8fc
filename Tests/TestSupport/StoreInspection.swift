import Foundation
import HelpdeskCore
import HelpdeskImport

/// Reads of the store that only tests need: row counts, a fingerprint of every table, rows by external id.
extension AppDatabase {
    /// Rows of `table` matching the SQL `condition` (either store; `"user"` is quoted for PostgreSQL).
    public func count(_ table: String, where condition: String = "1 = 1") throws -> Int {
        let name = table == "user" ? "\"user\"" : table
        return try sqlReadNow { sql in Int(try sql.int64("SELECT COUNT(*) FROM \(name) WHERE \(condition)") ?? 0) }
    }

    /// Every written table's row count, to check that a refused write left the store as it was.
    public func fingerprint() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in [
            "category", "user", "ticket", "ticketMessage", "solution", "ticketSolution", "auditEntry", "changeLog",
            "suggestionEvent", "deflection",
        ] {
            result[table] = try count(table)
        }
        return result
    }

    /// The stored ticket with this external id.
    public func ticket(externalId: String) throws -> Ticket? {
        try sqlReadNow { sql in try sql.fetchOne(Ticket.self, "SELECT * FROM ticket WHERE externalId = ?", externalId) }
    }

    /// The stored solution with this external id.
    public func solution(externalId: String) throws -> Solution? {
        try sqlReadNow { sql in try sql.fetchOne(Solution.self, "SELECT * FROM solution WHERE externalId = ?", externalId) }
    }

    /// The stored user with this external id.
    public func user(externalId: String) throws -> User? {
        try sqlReadNow { sql in try sql.fetchOne(User.self, #"SELECT * FROM "user" WHERE externalId = ?"#, externalId) }
    }

    /// The thread of a ticket, oldest first, whoever may see it.
    public func messages(ticketId: Int64) throws -> [TicketMessage] {
        try sqlReadNow { sql in
            try sql.fetchAll(TicketMessage.self, "SELECT * FROM ticketMessage WHERE ticketId = ? ORDER BY id", ticketId)
        }
    }

    /// Records a migration this binary does not know, as a newer release would have left it.
    public func markMigratedByNewerVersion(_ name: String) throws {
        try sqlWriteNow { sql in
            switch sql.dialect {
            case .sqlite: try sql.execute("INSERT INTO grdb_migrations (identifier) VALUES (?)", name)
            case .postgres: try sql.execute("INSERT INTO schema_migrations (identifier) VALUES (?)", name)
            }
        }
    }

    /// Loads the shipped knowledge base (`Corpus/`) through the importer, as a first start does.
    @discardableResult
    public func loadShippedCorpus() throws -> ImportSummary {
        try CorpusImporter(folder: Repository.corpusFolder.path).run(into: self)
    }
}
