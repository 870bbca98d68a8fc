import Foundation

/// Whether the knowledge base a fresh install starts with (the shipped `Corpus/`) still has to be loaded. The load
/// goes through the bulk write path in several transactions, so it is bracketed by two audit rows: an install that
/// stopped half-way loads it again on its next start (rows already stored are skipped by external id).
extension AppDatabase {
    /// True on a fresh store (no category yet), or when the last load of the knowledge base did not finish.
    public func needsKnowledgeBase() async throws -> Bool {
        try await sqlRead { sql in
            let last = try sql.row("SELECT action FROM auditEntry WHERE entity = ? ORDER BY id DESC LIMIT 1", "corpus")
                .map { try $0.string("action") }
            if last == "loading" { return true }
            return try sql.int64("SELECT COUNT(*) FROM category") == 0 && last == nil
        }
    }

    /// Records that loading the knowledge base from `folder` has begun.
    public func beginKnowledgeBaseLoad(from folder: String) async throws {
        let at = now()
        try await sqlWrite { sql in
            try self.audit(
                sql, entity: "corpus", entityId: "import", actorId: nil, action: "loading", after: folder, at: at)
        }
    }

    /// Records that the knowledge base is loaded, with what was added.
    public func finishKnowledgeBaseLoad(_ summary: ImportSummary) async throws {
        let at = now()
        try await sqlWrite { sql in
            try self.audit(
                sql, entity: "corpus", entityId: "import", actorId: nil, action: "imported",
                after: "\(summary.solutions) solutions, \(summary.tickets) tickets", at: at)
        }
    }
}
