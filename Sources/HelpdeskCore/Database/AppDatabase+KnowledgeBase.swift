import Foundation
import GRDB

/// Whether the knowledge base a fresh install starts with (the shipped `Corpus/`) still has to be loaded. The load
/// goes through the bulk write path in several transactions, so it is bracketed by two audit rows: an install that
/// stopped half-way loads it again on its next start (rows already stored are skipped by external id).
extension AppDatabase {
    /// True on a fresh store (no category yet), or when the last load of the knowledge base did not finish.
    public func needsKnowledgeBase() async throws -> Bool {
        try await read { db in
            let last = try String.fetchOne(
                db, sql: "SELECT action FROM auditEntry WHERE entity = 'corpus' ORDER BY id DESC LIMIT 1")
            if last == "loading" { return true }
            return try Category.fetchCount(db) == 0 && last == nil
        }
    }

    /// Records that loading the knowledge base from `folder` has begun.
    public func beginKnowledgeBaseLoad(from folder: String) async throws {
        let at = now()
        try await writeWithoutIndex { db in
            try self.audit(db, entity: "corpus", entityId: "import", actorId: nil, action: "loading", after: folder, at: at)
        }
    }

    /// Records that the knowledge base is loaded, with what was added.
    public func finishKnowledgeBaseLoad(_ summary: ImportSummary) async throws {
        let at = now()
        try await writeWithoutIndex { db in
            try self.audit(
                db, entity: "corpus", entityId: "import", actorId: nil, action: "imported",
                after: "\(summary.solutions) solutions, \(summary.tickets) tickets", at: at)
        }
    }
}
