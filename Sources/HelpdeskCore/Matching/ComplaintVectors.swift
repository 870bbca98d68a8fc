import Embeddings
import SearchEngine

/// What the complaints each solution resolved mean, as one vector per solution for one audience: the embedding of its
/// solutions-index document's `complaints` field, as that audience's index holds it.
///
/// Staff get the vectors of the full documents. Anonymous visitors and customers get those of the public documents,
/// whose complaints keep only the words enough distinct customers wrote (`PublicVocabulary`): no customer's own words
/// move another viewer's suggestions. Derived from the same index changes as the index it sits beside, so it follows
/// the change log exactly as the index does (catch-up, rebuild, relearn of the public side).
struct ComplaintVectors: Sendable {
    /// The vectors, by solution id; a solution without complaints has none.
    private(set) var vectors: [Int64: PackedVector] = [:]

    /// No vectors.
    init() {}

    /// The vectors of the documents upserted by `changes` (none without a model).
    init(_ changes: [IndexChange], embeddings: StaticEmbeddingModel?) {
        apply(changes, embeddings: embeddings)
    }

    /// These vectors (as a snapshot saved them).
    init(vectors: [Int64: PackedVector]) {
        self.vectors = vectors
    }

    /// The vector of solution `id`'s complaints, if it has any.
    subscript(id: Int64) -> PackedVector? { vectors[id] }

    /// Applies index changes: an upsert embeds the document's complaints again, a delete drops the vector.
    mutating func apply(_ changes: [IndexChange], embeddings: StaticEmbeddingModel?) {
        guard let embeddings else { return }
        for change in changes {
            switch change {
            case .upsert(let document):
                guard let id = Int64(document.id) else { continue }
                // A public document whose complaints kept no word has only separators left: no vector.
                let complaints = document.fields["complaints"] ?? ""
                let hasWords = complaints.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                vectors[id] = hasWords ? PackedVector(embeddings.embed(complaints)) : nil
            case .delete(let documentId):
                if let id = Int64(documentId) { vectors[id] = nil }
            }
        }
    }
}

/// Each solution's meaning for one audience as suggestions match it: the mean of its own vector (title and steps,
/// `SuggestedSolution.vector`) and its complaints' (`ComplaintVectors`), or its own alone when it has resolved
/// nothing, so that one dot product gives the mean of the two cosines. Filtered by category, in a `VectorTable`.
enum SolutionMeaning {
    /// The vector matched for a solution, nil when it has none.
    static func vector(own: PackedVector?, complaints: PackedVector?) -> PackedVector? {
        guard let own else { return complaints }
        guard let complaints, complaints.count == own.count else { return own }
        return PackedVector(zip(own.unpacked, complaints.unpacked).map { ($0 + $1) / 2 })
    }

    /// The table of every solution of `catalog`.
    static func table(_ catalog: SolutionCatalog, _ complaints: ComplaintVectors) -> VectorTable {
        var table = VectorTable()
        update(&table, ids: catalog.solutions.keys, catalog, complaints)
        return table
    }

    /// Sets the solutions `ids` again as `catalog` and `complaints` have them now (dropping those the catalog no
    /// longer has).
    static func update(
        _ table: inout VectorTable, ids: some Sequence<Int64>, _ catalog: SolutionCatalog, _ complaints: ComplaintVectors
    ) {
        for id in ids {
            if let entry = catalog[id], let vector = vector(own: entry.vector, complaints: complaints[id]) {
                table.set(id, vector, filter: entry.solution.categoryId)
            } else {
                table.remove(id)
            }
        }
    }
}
