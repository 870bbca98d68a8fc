import Foundation
import HelpdeskCore

/// Loads a knowledge-base folder in the `Corpus/` layout (`categories.jsonl`, `agents.jsonl`, `solutions.jsonl`,
/// `tickets.jsonl`, in that order) through `JSONLImporter`, so the first start of `care serve`, `care eval` and
/// `care import jsonl` share one reader and one write path. External ids are kept, so loading again adds nothing.
public struct CorpusImporter: Sendable {
    /// The files, in the order their references need.
    public static let files: [(name: String, kind: ImportKind)] = [
        ("categories.jsonl", .categories), ("agents.jsonl", .agents), ("solutions.jsonl", .solutions),
        ("tickets.jsonl", .tickets),
    ]

    /// The folder.
    public let folder: String
    /// Batch size and progress.
    public let options: ImportOptions

    /// Creates an importer for the folder at `folder`.
    public init(folder: String, options: ImportOptions = ImportOptions()) {
        self.folder = folder
        self.options = options
    }

    /// Imports the four files.
    /// - Returns: what was added.
    /// - Throws: `ImportError` naming the file, line and field of the first bad line (a missing file is line 0).
    @discardableResult
    public func run(into database: AppDatabase) throws -> ImportSummary {
        var summary = ImportSummary()
        for file in Self.files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.name).path
            summary.add(try JSONLImporter(path: path, kind: file.kind, options: options).run(into: database))
        }
        return summary
    }

    /// On a fresh store (or after a load that did not finish), imports the folder, bracketed so that an
    /// interrupted load is resumed on the next call.
    /// - Returns: what was added, or nil when the store already had its knowledge base.
    public func loadIfNeeded(into database: AppDatabase) async throws -> ImportSummary? {
        guard try await database.needsKnowledgeBase() else { return nil }
        try await database.beginKnowledgeBaseLoad(from: folder)
        let summary = try run(into: database)
        try await database.finishKnowledgeBaseLoad(summary)
        return summary
    }
}
