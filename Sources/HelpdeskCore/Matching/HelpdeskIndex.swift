import Embeddings
import Foundation
import SearchEngine
import Synchronization

/// The search indexes of the helpdesk, derived from the database (never the other way round):
/// `solutions` (title ×2, steps ×1, complaints ×0.7; filter = category) and `tickets` (subject ×2, description ×1,
/// resolution ×1; filter = `"open"`/`"resolved"`).
///
/// Staff search `solutions`. Anonymous visitors and customers search `publicSolutions`: the same documents whose
/// complaints keep only the words at least `publicTermCustomers` distinct customers wrote (`PublicVocabulary`), with
/// stock phrases and term associations learned from those public documents alone, so no customer's own words reach
/// another customer as a match, a snippet, a highlight or a ranking change.
///
/// The database's `changeLog` table records every change to indexed text in the same transaction as the change.
/// `catchUp(from:)` re-reads the entities changed past the indexes' checkpoint and applies them with the last
/// sequence number as the new checkpoint, so a restart with an old snapshot only replays what it missed.
///
/// Beside the indexes it keeps what suggestions show and score with, so that a suggestion reads nothing from the
/// database and looks up no string of a candidate: the solutions' rows with their titles and steps split for
/// highlighting (`SolutionCatalog`), and the term associations compiled against them (`CompiledAssociations`). Both
/// follow the same change log (catch-up applies them first) and are derived again on rebuild, relearn and load.
public final class HelpdeskIndex: Sendable {
    struct Indexes: Sendable {
        var solutions: SearchIndex
        var tickets: SearchIndex
        /// The stock phrases of the solutions' complaints, stripped from searched complaints.
        var boilerplate: Boilerplate
        /// The words customers use for the solutions' words, for re-ranking suggestions.
        var associations: CompiledAssociations
        /// The solutions as anonymous visitors and customers may match them.
        var publicSolutions: SearchIndex
        /// The stock phrases of the public complaints.
        var publicBoilerplate: Boilerplate
        /// The term associations learned from the public documents.
        var publicAssociations: CompiledAssociations
        /// The complaint terms enough distinct customers wrote.
        var vocabulary: PublicVocabulary
        /// The solutions of both solutions indexes as suggestions show them.
        var catalog: SolutionCatalog
        /// What each solution's complaints mean, as staff match them.
        var complaintVectors = ComplaintVectors()
        /// What each solution's public complaints mean, as anonymous visitors and customers match them.
        var publicComplaintVectors = ComplaintVectors()
        /// What each ticket's complaint means, beside the tickets index.
        var ticketVectors = TicketVectors()
        /// Each solution's meaning as staff match it (`SolutionMeaning`).
        var meaning = VectorTable()
        /// Each solution's meaning as anonymous visitors and customers match it.
        var publicMeaning = VectorTable()
    }

    /// A solutions index with what was learned with it, for one audience.
    struct LearnedSolutions: Sendable {
        /// The index.
        var solutions: SearchIndex
        /// Its stock phrases.
        var boilerplate: Boilerplate
        /// Its term associations.
        var associations: CompiledAssociations
        /// The solutions as suggestions show them.
        var catalog: SolutionCatalog
        /// Each solution's meaning, as this audience matches it (`SolutionMeaning`).
        var meaning: VectorTable
        /// The complaint words enough customers wrote (`PublicVocabulary`): never read as typing slips.
        var vocabulary: Set<String>
    }

    /// The current pair; swapped as a whole by `rebuild`. Locked only to copy the references out.
    let current: Mutex<Indexes>
    /// Serialises catch-up and rebuild (database read + apply), so checkpoints only move forward and an older read
    /// never overwrites a newer one. Searches never take it.
    let updating = Mutex<Void>(())
    /// Set once a catch-up or rebuild has read the database's change log to its end (`hasCaughtUp`).
    private let caughtUpOnce = Atomic<Bool>(false)
    /// Whether `rebuild` learns stock phrases (`Boilerplate`); off only for ablations.
    private let learnsBoilerplate: Bool
    /// Whether `rebuild` learns term associations (`TermAssociations`); off only for ablations.
    private let learnsAssociations: Bool
    /// How many distinct customers must have written a complaint word before anonymous visitors and customers may
    /// match it.
    public let publicTermCustomers: Int
    /// The static embedding model that gives solutions and texts their vectors, for matching by meaning beside the
    /// words (`suggestions(for:…meaningWeight:…)`); nil matches by words alone.
    public let embeddings: StaticEmbeddingModel?
    /// The words never read as typing slips in suggestions (`SearchRequest.typoCorrection`): the whole words of the
    /// embedding model's vocabulary; nil without a model, and then no word is corrected.
    let knownWords: KnownWords?

    /// The default of `publicTermCustomers`.
    public static let defaultPublicTermCustomers = 5

    /// Snapshot format version; bump when the documents or the files saved beside them change shape, so that old
    /// snapshots are rebuilt (3: the learned stock phrases are saved too; 4: and the term associations; 5: and the
    /// public solutions index with its vocabulary and learned models).
    static let formatVersion = 5

    /// The whole words of `model`'s vocabulary (its tokens that begin a word, `▁`, and are plain letters): a list of
    /// the language's common words, shipped with the model, as `analyzer` indexes them.
    public static func knownWords(of model: StaticEmbeddingModel, analyzer: Analyzer = solutionsConfiguration.analyzer) -> KnownWords {
        let words = model.tokenizer.vocabulary.lazy.compactMap { token -> String? in
            guard token.hasPrefix("\u{2581}") else { return nil }
            let word = token.dropFirst()
            return word.count >= 2 && word.allSatisfy({ $0.isASCII && $0.isLetter }) ? word.lowercased() : nil
        }
        return KnownWords(words, analyzer: analyzer)
    }

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
    /// - Parameter publicTermCustomers: how many distinct customers must have written a complaint word before
    ///   anonymous visitors and customers may match it (at least 1).
    /// - Parameter embeddings: the model for matching by meaning too; nil for words alone.
    public init(
        learnsBoilerplate: Bool = true, learnsAssociations: Bool = true,
        publicTermCustomers: Int = HelpdeskIndex.defaultPublicTermCustomers, embeddings: StaticEmbeddingModel? = nil
    ) {
        self.embeddings = embeddings
        knownWords = embeddings.map { Self.knownWords(of: $0) }
        self.learnsBoilerplate = learnsBoilerplate
        self.learnsAssociations = learnsAssociations
        self.publicTermCustomers = max(1, publicTermCustomers)
        current = Mutex(
            Indexes(
                solutions: SearchIndex(configuration: Self.solutionsConfiguration),
                tickets: SearchIndex(configuration: Self.ticketsConfiguration),
                boilerplate: .none,
                associations: .none,
                publicSolutions: SearchIndex(configuration: Self.solutionsConfiguration),
                publicBoilerplate: .none,
                publicAssociations: .none,
                vocabulary: .none(minimumCustomers: max(1, publicTermCustomers)),
                catalog: SolutionCatalog()
            )
        )
    }

    init(_ indexes: Indexes, embeddings: StaticEmbeddingModel?) {
        self.embeddings = embeddings
        knownWords = embeddings.map { Self.knownWords(of: $0) }
        learnsBoilerplate = true
        learnsAssociations = true
        publicTermCustomers = indexes.vocabulary.minimumCustomers
        current = Mutex(indexes)
    }

    /// The solutions index as staff search it.
    public var solutions: SearchIndex { current.withLock { $0.solutions } }

    /// The solutions index as anonymous visitors and customers search it (public complaint words only).
    public var publicSolutions: SearchIndex { current.withLock { $0.publicSolutions } }

    /// The tickets index.
    public var tickets: SearchIndex { current.withLock { $0.tickets } }

    /// The stock phrases learned at the last rebuild.
    public var boilerplate: Boilerplate { current.withLock { $0.boilerplate } }

    /// The term associations learned at the last rebuild.
    public var associations: TermAssociations { current.withLock { $0.associations.model } }

    /// The solutions as suggestions show them, in step with the solutions indexes.
    var catalog: SolutionCatalog { current.withLock { $0.catalog } }

    /// The tickets index with its vectors (one consistent pair).
    var ticketsAndVectors: (tickets: SearchIndex, vectors: TicketVectors) {
        current.withLock { ($0.tickets, $0.ticketVectors) }
    }

    /// The solutions index with what was learned with it (one consistent set, even during a rebuild): the full one
    /// for staff, the public one for anonymous visitors and customers.
    func solutionsAndLearned(forStaff staff: Bool) -> LearnedSolutions {
        current.withLock {
            staff
                ? LearnedSolutions(
                    solutions: $0.solutions, boilerplate: $0.boilerplate, associations: $0.associations, catalog: $0.catalog,
                    meaning: $0.meaning, vocabulary: $0.vocabulary.terms)
                : LearnedSolutions(
                    solutions: $0.publicSolutions, boilerplate: $0.publicBoilerplate, associations: $0.publicAssociations,
                    catalog: $0.catalog, meaning: $0.publicMeaning, vocabulary: $0.vocabulary.terms)
        }
    }

    /// Whether a catch-up or a rebuild of this index has read the database's change log to its end at least once
    /// since the index was made or loaded, so it reflects every change committed before that read (what the
    /// readiness probe `/health/ready` waits for).
    public var hasCaughtUp: Bool { caughtUpOnce.load(ordering: .acquiring) }

    /// The change-log position every index reflects.
    public var checkpoint: Int64 {
        let all = current.withLock { $0 }
        return min(all.solutions.checkpoint, all.tickets.checkpoint, all.publicSolutions.checkpoint)
    }

    /// Applies every change logged after the checkpoint: to the solution catalog and the associations compiled for its
    /// solutions first, then to the indexes (so that every hit finds its current row).
    ///
    /// When very many entities changed (a node starting long after its snapshot, or after a bulk load), reading each
    /// one would take longer than reading everything in bulk, and the index is rebuilt instead (`rebuild`): at least
    /// `bulk` entities, and at least a quarter as many as the store holds tickets. At 1,000,000 changed tickets the
    /// one-by-one catch-up took 46 s on SQLite and, by its log's estimate, about 550 s on PostgreSQL for the reading
    /// alone (a round trip each); the rebuild 32 and 43 s (Benchmarks/README.md §9).
    /// - Returns: the number of entities re-read (by the rebuild: every document).
    /// - Parameters:
    ///   - progressInterval: a catch-up that takes longer logs its progress at most this often (`IndexProgress`).
    ///   - bulk: the least number of changed entities that may be read by a rebuild instead (nil: never).
    @discardableResult
    public func catchUp(
        from database: AppDatabase, progressInterval: Duration = .seconds(2), bulk: Int? = HelpdeskIndex.bulkCatchUp
    ) throws -> Int {
        try updating.withLock { _ in
            var all = current.withLock { $0 }
            let from = min(all.solutions.checkpoint, all.tickets.checkpoint, all.publicSolutions.checkpoint)
            var progress = IndexProgress(logger: database.logger, work: "catching up the search index", interval: progressInterval)
            defer { progress.finish() }
            guard
                let batch = try database.indexChanges(after: from, bulk: bulk, progress: {
                    progress.report("reading changes", done: $0, of: $1)
                })
            else {
                database.logger.notice(
                    "too many changes to read one by one: rebuilding the search index instead", metadata: ["after": "\(from)"])
                return try rebuildHoldingUpdates(from: database, progressInterval: progressInterval)
            }
            defer { caughtUpOnce.store(true, ordering: .releasing) }
            guard batch.lastSeq > from else { return 0 }
            let analyzer = Self.solutionsConfiguration.analyzer
            let changed = all.catalog.apply(
                batch.solutions, rows: batch.solutionRows, analyzer: analyzer, embeddings: embeddings)
            all.associations.update(changed, catalog: all.catalog, analyzer: analyzer)
            all.publicAssociations.update(changed, catalog: all.catalog, analyzer: analyzer)
            let publicChanges = Self.publicChanges(batch.solutions, complaints: batch.complaints, vocabulary: all.vocabulary)
            all.complaintVectors.apply(batch.solutions, embeddings: embeddings)
            all.publicComplaintVectors.apply(publicChanges, embeddings: embeddings)
            all.ticketVectors.apply(batch.tickets, embeddings: embeddings) {
                progress.report("embedding tickets", done: $0, of: $1)
            }
            SolutionMeaning.update(&all.meaning, ids: changed, all.catalog, all.complaintVectors)
            SolutionMeaning.update(&all.publicMeaning, ids: changed, all.catalog, all.publicComplaintVectors)
            current.withLock { [all] in
                $0.catalog = all.catalog
                $0.associations = all.associations
                $0.publicAssociations = all.publicAssociations
                $0.complaintVectors = all.complaintVectors
                $0.publicComplaintVectors = all.publicComplaintVectors
                $0.ticketVectors = all.ticketVectors
                $0.meaning = all.meaning
                $0.publicMeaning = all.publicMeaning
            }
            progress.report("indexing", done: 0, of: batch.solutions.count + batch.tickets.count)
            all.solutions.apply(batch.solutions, checkpoint: batch.lastSeq)
            all.tickets.apply(batch.tickets, checkpoint: batch.lastSeq)
            all.publicSolutions.apply(publicChanges, checkpoint: batch.lastSeq)
            return batch.solutions.count + batch.tickets.count
        }
    }

    /// Rebuilds both indexes from scratch from the database, learning the stock phrases and term associations again,
    /// then swaps them in.
    /// - Parameter progressInterval: a rebuild that takes longer logs its progress at most this often
    ///   (`IndexProgress`).
    public func rebuild(from database: AppDatabase, progressInterval: Duration = .seconds(2)) throws {
        try updating.withLock { _ in _ = try rebuildHoldingUpdates(from: database, progressInterval: progressInterval) }
    }

    /// How many changed entities a catch-up reads one by one at most before it may rebuild instead (`catchUp`).
    public static let bulkCatchUp = 20_000

    /// `rebuild`, for a caller that holds `updating`.
    /// - Returns: the number of documents indexed.
    private func rebuildHoldingUpdates(from database: AppDatabase, progressInterval: Duration) throws -> Int {
        var progress = IndexProgress(logger: database.logger, work: "rebuilding the search index", interval: progressInterval)
        defer { progress.finish() }
        let batch = try database.allIndexDocuments { progress.report($0, done: $1, of: $2) }
        defer { caughtUpOnce.store(true, ordering: .releasing) }
        let analyzer = Self.solutionsConfiguration.analyzer
        let catalog = SolutionCatalog(rows: batch.solutionRows, analyzer: analyzer, embeddings: embeddings)
        let (boilerplate, associations) = learned(from: batch.solutions)
        let solutions = SearchIndex(configuration: Self.solutionsConfiguration)
        let tickets = SearchIndex(configuration: Self.ticketsConfiguration)
        progress.report("indexing", done: 0, of: batch.solutions.count + batch.tickets.count)
        solutions.apply(batch.solutions, checkpoint: batch.lastSeq)
        tickets.apply(batch.tickets, checkpoint: batch.lastSeq)
        let audience = publicAudience(batch.solutions, complaints: batch.complaints, checkpoint: batch.lastSeq)
        let compiled = CompiledAssociations(associations, catalog: catalog, analyzer: analyzer)
        let publicCompiled = CompiledAssociations(audience.associations, catalog: catalog, analyzer: analyzer)
        let complaintVectors = ComplaintVectors(batch.solutions, embeddings: embeddings)
        let ticketVectors = TicketVectors(batch.tickets, embeddings: embeddings) {
            progress.report("embedding tickets", done: $0, of: $1)
        }
        current.withLock {
            $0 = Indexes(
                solutions: solutions, tickets: tickets, boilerplate: boilerplate, associations: compiled,
                publicSolutions: audience.index, publicBoilerplate: audience.boilerplate,
                publicAssociations: publicCompiled, vocabulary: audience.vocabulary, catalog: catalog,
                complaintVectors: complaintVectors, publicComplaintVectors: audience.complaintVectors,
                ticketVectors: ticketVectors,
                meaning: SolutionMeaning.table(catalog, complaintVectors),
                publicMeaning: SolutionMeaning.table(catalog, audience.complaintVectors))
        }
        return batch.solutions.count + batch.tickets.count
    }

    /// Learns the stock phrases and term associations again from the solutions as the database has them now (with
    /// the complaints that reuse has added since the last rebuild, and without those whose customer said the solution
    /// did not solve them) and swaps them in; the indexes stay as they are. The server does this hourly when anything
    /// changed (`MaintenanceService`), so suggestions keep learning from reuse between restarts.
    ///
    /// The public vocabulary is learned again too, and the public solutions index rebuilt with it, so words that enough
    /// customers have written since become matchable by everyone.
    public func relearn(from database: AppDatabase) throws {
        try updating.withLock { _ in
            // Under the update lock: the documents read here are at least as new as the checkpoint, and the next
            // catch-up applies whatever came after it again (upserts and deletes are idempotent).
            let (solutions, complaints) = try database.allSolutionDocuments()
            let (boilerplate, associations) = learned(from: solutions)
            // The catalog only changes under the update lock, so the associations compiled here stay in step with it.
            let (checkpoint, catalog) = current.withLock { ($0.publicSolutions.checkpoint, $0.catalog) }
            let audience = publicAudience(solutions, complaints: complaints, checkpoint: checkpoint)
            let analyzer = Self.solutionsConfiguration.analyzer
            let compiled = CompiledAssociations(associations, catalog: catalog, analyzer: analyzer)
            let publicCompiled = CompiledAssociations(audience.associations, catalog: catalog, analyzer: analyzer)
            current.withLock {
                $0.boilerplate = boilerplate
                $0.associations = compiled
                $0.publicSolutions = audience.index
                $0.publicBoilerplate = audience.boilerplate
                $0.publicAssociations = publicCompiled
                $0.vocabulary = audience.vocabulary
                $0.publicComplaintVectors = audience.complaintVectors
                $0.publicMeaning = SolutionMeaning.table(catalog, audience.complaintVectors)
            }
        }
    }

    /// The public side learned from every solution document and its authored complaints: the vocabulary, the public
    /// index (at `checkpoint`) and the stock phrases and term associations of the public documents.
    private func publicAudience(
        _ changes: [IndexChange], complaints: [String: [AuthoredComplaint]], checkpoint: Int64
    ) -> (
        index: SearchIndex, boilerplate: Boilerplate, associations: TermAssociations, vocabulary: PublicVocabulary,
        complaintVectors: ComplaintVectors
    ) {
        let vocabulary = PublicVocabulary(
            learningFrom: complaints.values.joined(), analyzer: Self.solutionsConfiguration.analyzer,
            minimumCustomers: publicTermCustomers)
        let publicChanges = Self.publicChanges(changes, complaints: complaints, vocabulary: vocabulary)
        let index = SearchIndex(configuration: Self.solutionsConfiguration)
        index.apply(publicChanges, checkpoint: checkpoint)
        let (boilerplate, associations) = learned(from: publicChanges)
        return (index, boilerplate, associations, vocabulary, ComplaintVectors(publicChanges, embeddings: embeddings))
    }

    /// The public form of solutions-index changes (`PublicVocabulary.publicChange`).
    static func publicChanges(
        _ changes: [IndexChange], complaints: [String: [AuthoredComplaint]], vocabulary: PublicVocabulary
    ) -> [IndexChange] {
        var memo: [Substring: Substring?] = [:]
        let analyzer = solutionsConfiguration.analyzer
        return changes.map { change in
            guard case .upsert(let document) = change else { return change }
            return vocabulary.publicChange(change, complaints: complaints[document.id], analyzer: analyzer, memo: &memo)
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
}
