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
