import Embeddings
import SearchEngine

/// A solution as suggestions show it: its row (title, steps, category, counts) with its title and steps split for
/// highlighting. Immutable and shared: a suggestion list refers to the catalog's entries instead of copying them.
public final class SuggestedSolution: Sendable, Hashable {
    /// The solution's row, as the database had it at the index's checkpoint.
    public let solution: Solution
    /// Its title, split and analysed.
    public let title: WordPieces
    /// Its steps, each split and analysed.
    public let steps: [WordPieces]
    /// What its title and steps mean (`SolutionCatalog.meaningText`), one byte per dimension; nil without a model.
    public let vector: PackedVector?

    init(solution: Solution, title: WordPieces, steps: [WordPieces], vector: PackedVector? = nil) {
        self.solution = solution
        self.title = title
        self.steps = steps
        self.vector = vector
    }

    public static func == (a: SuggestedSolution, b: SuggestedSolution) -> Bool {
        a === b || (a.solution == b.solution && a.title == b.title && a.steps == b.steps)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(solution) }
}

/// The current, published solutions as suggestions show them, held in memory beside the solutions indexes so that a
/// suggestion reads no row from the database.
///
/// Derived from the database like the indexes, and kept in step by the same change log: `HelpdeskIndex.catchUp`
/// applies the rows of the solutions it re-reads here first, then to the indexes, so a hit always finds its current
/// row (an unpublished or superseded solution leaves the catalog before it leaves the indexes, and drops out of the
/// hits at once). It holds exactly the documents of the solutions indexes: a solution that is not published or has a
/// newer version is not in it.
struct SolutionCatalog: Sendable {
    /// The solutions, by id.
    private(set) var solutions: [Int64: SuggestedSolution] = [:]

    /// An empty catalog.
    init() {}

    /// The catalog of `rows` (current, published solutions), each with its vector when `embeddings` is given.
    init(rows: [Int64: Solution], analyzer: Analyzer, embeddings: StaticEmbeddingModel? = nil) {
        var memo: [Substring: [String]] = [:]
        solutions.reserveCapacity(rows.count)
        for (id, row) in rows { solutions[id] = Self.entry(row, analyzer: analyzer, embeddings: embeddings, memo: &memo) }
    }

    /// The solution with this id, if it is current and published.
    subscript(id: Int64) -> SuggestedSolution? { solutions[id] }

    /// Applies solutions-index changes: an upsert takes its row from `rows`, a delete removes the solution.
    /// - Returns: the ids of the solutions changed.
    @discardableResult
    mutating func apply(
        _ changes: [IndexChange], rows: [Int64: Solution], analyzer: Analyzer, embeddings: StaticEmbeddingModel? = nil
    ) -> [Int64] {
        var memo: [Substring: [String]] = [:]
        var changed: [Int64] = []
        for change in changes {
            switch change {
            case .upsert(let document):
                guard let id = Int64(document.id) else { continue }
                solutions[id] = rows[id].map { Self.entry($0, analyzer: analyzer, embeddings: embeddings, memo: &memo) }
                changed.append(id)
            case .delete(let documentId):
                guard let id = Int64(documentId) else { continue }
                solutions[id] = nil
                changed.append(id)
            }
        }
        return changed
    }

    /// The text a solution's vector is made from: its title, then its steps. Only what staff wrote for everyone to
    /// read, so its vector may be matched by any viewer.
    static func meaningText(_ row: Solution) -> String {
        ([row.title] + row.steps).joined(separator: "\n")
    }

    private static func entry(
        _ row: Solution, analyzer: Analyzer, embeddings: StaticEmbeddingModel?, memo: inout [Substring: [String]]
    ) -> SuggestedSolution {
        SuggestedSolution(
            solution: row, title: WordPieces(row.title, analyzer: analyzer, memo: &memo),
            steps: row.steps.map { WordPieces($0, analyzer: analyzer, memo: &memo) },
            vector: embeddings.map { PackedVector($0.embed(meaningText(row))) })
    }
}

/// Term associations compiled against the catalog's solutions: each one's title and steps as the model's term
/// numbers (`TermAssociations.Source`), so that re-ranking suggestions looks up no string of a candidate. Compiled
/// when the associations are learned or loaded, and for each solution the catalog changes.
struct CompiledAssociations: Sendable {
    /// The learned model.
    let model: TermAssociations
    /// Each catalog solution's side of the model, by id.
    private(set) var sources: [Int64: TermAssociations.Source] = [:]

    /// No associations.
    static let none = CompiledAssociations(.none, catalog: SolutionCatalog(), analyzer: Analyzer())

    /// Compiles `model` for every solution of `catalog`.
    init(_ model: TermAssociations, catalog: SolutionCatalog, analyzer: Analyzer) {
        self.model = model
        update(catalog.solutions.keys, catalog: catalog, analyzer: analyzer)
    }

    /// Compiles the solutions `ids` again as `catalog` has them now (dropping those it no longer has).
    mutating func update(_ ids: some Sequence<Int64>, catalog: SolutionCatalog, analyzer: Analyzer) {
        guard !model.isEmpty else { return }
        for id in ids {
            sources[id] = catalog[id].map { entry in
                model.compile(
                    id: "\(id)",
                    source: TermAssociations.sourceTerms(
                        title: entry.solution.title, steps: entry.solution.steps.joined(separator: "\n"), analyzer: analyzer))
            }
        }
    }
}
