import Foundation
import SearchEngine
import Synchronization

/// The two search indexes of the helpdesk, derived from the database (never the other way round):
/// `solutions` (title ×2, steps ×1, complaints ×0.7; filter = category) and `tickets` (subject ×2, description ×1,
/// resolution ×1; filter = `"open"`/`"resolved"`).
///
/// The database's `changeLog` table records every change to indexed text in the same transaction as the change.
/// `catchUp(from:)` re-reads the entities changed past the indexes' checkpoint and applies them with the last
/// sequence number as the new checkpoint, so a restart with an old snapshot only replays what it missed.
public final class HelpdeskIndex: Sendable {
    private struct Indexes: Sendable {
        var solutions: SearchIndex
        var tickets: SearchIndex
        /// The stock phrases of the solutions' complaints, stripped from searched complaints.
        var boilerplate: Boilerplate
        /// The words customers use for the solutions' words, for re-ranking suggestions.
        var associations: TermAssociations
    }

    /// The current pair; swapped as a whole by `rebuild`. Locked only to copy the references out.
    private let current: Mutex<Indexes>
    /// Serialises catch-up and rebuild (database read + apply), so checkpoints only move forward and an older read
    /// never overwrites a newer one. Searches never take it.
    private let updating = Mutex<Void>(())
    /// Whether `rebuild` learns stock phrases (`Boilerplate`); off only for ablations.
    private let learnsBoilerplate: Bool
    /// Whether `rebuild` learns term associations (`TermAssociations`); off only for ablations.
    private let learnsAssociations: Bool

    /// Snapshot format version; bump when the documents or the files saved beside them change shape, so that old
    /// snapshots are rebuilt (3: the learned stock phrases are saved too; 4: and the term associations).
    static let formatVersion = 4

    /// The solutions index configuration.
    public static var solutionsConfiguration: IndexConfiguration {
        IndexConfiguration(fields: [
            FieldDefinition(name: "title", weight: 2.0), FieldDefinition(name: "steps", weight: 1.0),
            FieldDefinition(name: "complaints", weight: 0.7),
        ])
    }

    /// The tickets index configuration.
    public static var ticketsConfiguration: IndexConfiguration {
        IndexConfiguration(fields: [
            FieldDefinition(name: "subject", weight: 2.0), FieldDefinition(name: "description", weight: 1.0),
            FieldDefinition(name: "resolution", weight: 1.0),
        ])
    }

    /// Creates empty indexes (checkpoint 0); call `catchUp(from:)` or `rebuild(from:)` to fill them.
    /// - Parameter learnsBoilerplate: whether a rebuild learns the store's stock phrases, to strip them from searched
    ///   complaints (`Boilerplate`); off only for ablations.
    /// - Parameter learnsAssociations: whether a rebuild learns the words customers use for the solutions' words, to
    ///   re-rank suggestions (`TermAssociations`); off only for ablations.
    public init(learnsBoilerplate: Bool = true, learnsAssociations: Bool = true) {
        self.learnsBoilerplate = learnsBoilerplate
        self.learnsAssociations = learnsAssociations
        current = Mutex(
            Indexes(
                solutions: SearchIndex(configuration: Self.solutionsConfiguration),
                tickets: SearchIndex(configuration: Self.ticketsConfiguration),
                boilerplate: .none,
                associations: .none
            )
        )
    }

    private init(solutions: SearchIndex, tickets: SearchIndex, boilerplate: Boilerplate, associations: TermAssociations) {
        learnsBoilerplate = true
        learnsAssociations = true
        current = Mutex(
            Indexes(solutions: solutions, tickets: tickets, boilerplate: boilerplate, associations: associations))
    }

    /// The solutions index.
    public var solutions: SearchIndex { current.withLock { $0.solutions } }

    /// The tickets index.
    public var tickets: SearchIndex { current.withLock { $0.tickets } }

    /// The stock phrases learned at the last rebuild.
    public var boilerplate: Boilerplate { current.withLock { $0.boilerplate } }

    /// The term associations learned at the last rebuild.
    public var associations: TermAssociations { current.withLock { $0.associations } }

    /// The solutions index with what was learned with it (one consistent set, even during a rebuild).
    var solutionsAndLearned: (solutions: SearchIndex, boilerplate: Boilerplate, associations: TermAssociations) {
        current.withLock { ($0.solutions, $0.boilerplate, $0.associations) }
    }

    /// The change-log position both indexes reflect.
    public var checkpoint: Int64 {
        let pair = current.withLock { $0 }
        return min(pair.solutions.checkpoint, pair.tickets.checkpoint)
    }

    /// Applies every change logged after the checkpoint.
    /// - Returns: the number of entities re-read.
    @discardableResult
    public func catchUp(from database: AppDatabase) throws -> Int {
        try updating.withLock { _ in
            let pair = current.withLock { $0 }
            let from = min(pair.solutions.checkpoint, pair.tickets.checkpoint)
            let batch = try database.indexChanges(after: from)
            guard batch.lastSeq > from else { return 0 }
            pair.solutions.apply(batch.solutions, checkpoint: batch.lastSeq)
            pair.tickets.apply(batch.tickets, checkpoint: batch.lastSeq)
            return batch.solutions.count + batch.tickets.count
        }
    }

    /// Rebuilds both indexes from scratch from the database, learning the stock phrases and term associations again,
    /// then swaps them in.
    public func rebuild(from database: AppDatabase) throws {
        try updating.withLock { _ in
            let batch = try database.allIndexDocuments()
            let (boilerplate, associations) = learned(from: batch.solutions)
            let solutions = SearchIndex(configuration: Self.solutionsConfiguration)
            let tickets = SearchIndex(configuration: Self.ticketsConfiguration)
            solutions.apply(batch.solutions, checkpoint: batch.lastSeq)
            tickets.apply(batch.tickets, checkpoint: batch.lastSeq)
            current.withLock { $0 = Indexes(
                    solutions: solutions, tickets: tickets, boilerplate: boilerplate, associations: associations)
            }
        }
    }

    /// Learns the stock phrases and term associations again from the solutions as the database has them now (with
    /// the complaints that reuse has added since the last rebuild, and without those whose customer said the solution
    /// did not solve them) and swaps them in; the indexes stay as they are. The server does this hourly when anything
    /// changed (`MaintenanceService`), so suggestions keep learning from reuse between restarts.
    public func relearn(from database: AppDatabase) throws {
        guard learnsBoilerplate || learnsAssociations else { return }
        let solutions = try database.allSolutionDocuments()
        let (boilerplate, associations) = learned(from: solutions)
        current.withLock {
            $0.boilerplate = boilerplate
            $0.associations = associations
        }
    }

    /// What is learned from the solutions' documents (each one's upsert): the stock phrases of their complaints fields
    /// and the term associations of their titles and steps with their complaints, each `.none` when not learned.
    private func learned(from changes: [IndexChange]) -> (Boilerplate, TermAssociations) {
        let documents = changes.compactMap { change -> Document? in
            if case .upsert(let document) = change { return document }
            return nil
        }
        let analyzer = Self.solutionsConfiguration.analyzer
        return (
            learnsBoilerplate ? Boilerplate(learningFrom: documents, field: "complaints") : .none,
            learnsAssociations ? TermAssociations(learningFrom: documents, analyzer: analyzer) : .none
        )
    }

    // MARK: - Snapshots

    /// Writes both indexes as snapshot files into `folder` (created if needed), plus the learned stock phrases, the
    /// term associations and a small manifest.
    public func save(to folder: String) throws {
        try updating.withLock { _ in
            let pair = current.withLock { $0 }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try pair.solutions.save(to: Self.path(folder, "solutions.index"))
            try pair.tickets.save(to: Self.path(folder, "tickets.index"))
            try pair.boilerplate.serialized().write(to: URL(fileURLWithPath: Self.path(folder, "boilerplate")), options: .atomic)
            try pair.associations.serialized().write(
                to: URL(fileURLWithPath: Self.path(folder, "associations")), options: .atomic)
            let manifest = "\(Self.formatVersion)\n"
            try manifest.write(toFile: Self.path(folder, "manifest"), atomically: true, encoding: .utf8)
        }
    }

    /// Loads the snapshots in `folder` and catches up with `database`. A missing, corrupted, outdated or stale
    /// snapshot (one that claims changes the database does not have) is replaced by a rebuild.
    /// - Returns: the index, and whether it had to be rebuilt.
    public static func load(from folder: String, database: AppDatabase) throws -> (index: HelpdeskIndex, rebuilt: Bool) {
        let reason: String
        do {
            if let index = try loadSnapshot(from: folder) {
                let lastSeq = try database.lastChangeSeq()
                if index.checkpoint <= lastSeq {
                    try index.catchUp(from: database)
                    return (index, false)
                }
                reason = "snapshot checkpoint \(index.checkpoint) is ahead of the database (\(lastSeq))"
            } else {
                reason = "snapshot format or fields differ"
            }
        } catch {
            reason = "\(error)"
        }
        database.logger.notice("rebuilding the search index", metadata: ["reason": "\(reason)"])
        let index = HelpdeskIndex()
        try index.rebuild(from: database)
        return (index, true)
    }

    private static func loadSnapshot(from folder: String) throws -> HelpdeskIndex? {
        let manifest = try String(contentsOfFile: path(folder, "manifest"), encoding: .utf8)
        guard Int(manifest.trimmingCharacters(in: .whitespacesAndNewlines)) == formatVersion else { return nil }
        let solutions = try SearchIndex(contentsOf: path(folder, "solutions.index"))
        let tickets = try SearchIndex(contentsOf: path(folder, "tickets.index"))
        guard let boilerplate = Boilerplate(serialized: try Data(contentsOf: URL(fileURLWithPath: path(folder, "boilerplate"))))
        else { return nil }
        guard let associations = TermAssociations(
            serialized: try Data(contentsOf: URL(fileURLWithPath: path(folder, "associations"))))
        else { return nil }
        // Weights are stored rounded (to 1/8), so compare the field names; a weight change bumps `formatVersion`.
        guard solutions.configuration.fields.map(\.name) == solutionsConfiguration.fields.map(\.name),
            tickets.configuration.fields.map(\.name) == ticketsConfiguration.fields.map(\.name)
        else { return nil }
        return HelpdeskIndex(solutions: solutions, tickets: tickets, boilerplate: boilerplate, associations: associations)
    }

    private static func path(_ folder: String, _ name: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(name).path
    }
}
