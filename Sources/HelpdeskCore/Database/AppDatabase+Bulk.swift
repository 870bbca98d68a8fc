import Foundation

/// The bulk write path: importers (JSONL, CSV, Stack Exchange dumps), the first-start knowledge base and synthetic
/// data for measurements all write through `write(batch:label:)`, so each table has one bulk writer beside the
/// domain's single-row operations.
extension AppDatabase {
    /// Writes `records` in one transaction: categories, agents, customers, solutions (and the tickets they resolve),
    /// tickets with their messages and solution links, and self-service events. Every added ticket and solution gets a
    /// change-log row and every ticket an audit row, so the index catches up as after any other write; after the
    /// commit the attached index does so at once. Rows whose external id (or, for people, e-mail) is already stored
    /// are skipped, so writing the same records twice adds nothing.
    ///
    /// The records are checked and turned into rows one by one, in order, as if each were written before the next is
    /// read; the rows are then written table by table with multi-row inserts (`BulkWriter`), so a batch costs a few
    /// round trips per table instead of several per record, which is what PostgreSQL needs.
    /// - Returns: what was added.
    /// - Throws: `ImportError` naming the record's source for a bad reference (the transaction is rolled back, so
    ///   the database is as it was before the batch); database errors as they come.
    public func write(batch records: [ImportRecord], label: String) throws -> ImportSummary {
        let at = now()
        var summary = try sqlWriteNow { db in
            var writer = BulkWriter(db: db, at: at)
            try writer.prefetch(records)
            for record in records { try writer.apply(record) }
            try writer.writePending()
            if writer.summary.tickets + writer.summary.solutions + writer.summary.agents > 0 {
                try self.audit(db, entity: "import", entityId: label, actorId: nil, action: "imported", after: "\(writer.summary)", at: at)
            }
            return writer.summary
        }
        summary.batches = 1
        try catchUpIndexNow()
        return summary
    }

    /// Updates the query planner's statistics (`ANALYZE` on a sample of each index), worth running after a bulk load.
    public func analyze() async throws {
        try await sqlWrite { db in
            switch db.dialect {
            case .sqlite:
                try db.execute("PRAGMA analysis_limit = 1000")
                try db.execute("ANALYZE")
            case .postgres:
                try db.execute("ANALYZE")
            }
        }
    }
}

