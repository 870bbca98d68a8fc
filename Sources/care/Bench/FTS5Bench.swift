import Foundation
import GRDB
import SearchEngine

/// The same corpus in an SQLite FTS5 table (porter + unicode61 tokenizer, `bm25()` ranking), queried
/// as a disjunction of the query's words: what a helpdesk on SQLite full-text search would do.
enum FTS5Bench {
    static func run(
        documents: [Document], queries: [(id: String, text: String)], k: Int, repeats: Int, warmup: Int, qrels: Qrels?,
        log: (String) -> Void
    ) throws -> EngineResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("care-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("fts5.sqlite").path
        let db = try DatabaseQueue(path: path)
        try db.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE doc USING fts5(ext_id UNINDEXED, title, body, tokenize = 'porter unicode61')")
        }
        let start = ContinuousClock.now
        try db.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO doc(ext_id, title, body) VALUES (?, ?, ?)")
            for d in documents {
                try statement.execute(arguments: [d.id, d.fields["title"] ?? "", d.fields["body"] ?? ""])
            }
        }
        var result = EngineResult(engine: "fts5", documents: documents.count)
        result.buildSeconds = seconds(since: start)
        log("fts5: built \(documents.count) documents in \(format(result.buildSeconds!)) s")
        result.indexBytes = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        }
        result.peakRSSBytes = ProcessMemory.peakBytes()
        // Words of the query (stop words dropped, not stemmed: FTS5's porter stems), quoted, OR-ed.
        let analyzer = Analyzer(stemming: false)
        let run = try QueryTimer.time(queries: queries, repeats: repeats, warmup: warmup) { text in
            let words = Array(Set(analyzer.analyze(text))).sorted()
            if words.isEmpty { return [] }
            let match = words.map { "\"\($0)\"" }.joined(separator: " OR ")
            return try db.read { db in
                try String.fetchAll(
                    db, sql: "SELECT ext_id FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT ?", arguments: [match, k])
            }
        }
        result.apply(run, qrels: qrels, k: k)
        return result
    }
}
