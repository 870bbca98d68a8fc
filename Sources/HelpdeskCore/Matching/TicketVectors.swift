import Embeddings
import SearchEngine

/// What each ticket's complaint means (its subject and description embedded), beside the tickets index and derived
/// from the same index changes: a catch-up, a rebuild or a load applies them to both, so a ticket is matched by
/// meaning exactly while its words are indexed (a merged ticket leaves both). Filtered by status bucket, like the
/// index. About 0.3 KiB per ticket (`VectorTable`).
struct TicketVectors: Sendable {
    /// The vectors, filtered by bucket.
    private(set) var table = VectorTable()

    /// No vectors.
    init() {}

    /// These vectors with their buckets (as a snapshot saved them).
    init(entries: [(id: Int64, vector: PackedVector, bucket: String?)]) {
        for entry in entries { table.set(entry.id, entry.vector, filter: entry.bucket) }
    }

    /// Every ticket's vector with its bucket, in no particular order.
    var entries: [(id: Int64, vector: PackedVector, bucket: String?)] { table.entries.map { ($0.id, $0.vector, $0.filter) } }

    /// The vectors of the tickets upserted by `changes` (none without a model).
    init(
        _ changes: [IndexChange], embeddings: StaticEmbeddingModel?,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) {
        apply(changes, embeddings: embeddings, progress: progress)
    }

    /// Number of tickets with a vector.
    var count: Int { table.count }

    /// The text a ticket's vector is made from: its subject, then its description (what a new complaint is compared
    /// with).
    static func text(_ document: Document) -> String {
        (document.fields["subject"] ?? "") + "\n" + (document.fields["description"] ?? "")
    }

    /// Applies tickets-index changes: an upsert embeds the ticket again (its bucket may have changed), a delete drops
    /// it.
    /// - Parameter progress: told the changes applied so far and how many there are, every 1,000.
    mutating func apply(
        _ changes: [IndexChange], embeddings: StaticEmbeddingModel?,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) {
        guard let embeddings else { return }
        for (done, change) in changes.enumerated() {
            if done % 1_000 == 0 { progress(done, changes.count) }
            switch change {
            case .upsert(let document):
                guard let id = Int64(document.id) else { continue }
                table.set(id, PackedVector(embeddings.embed(Self.text(document))), filter: document.filter)
            case .delete(let documentId):
                if let id = Int64(documentId) { table.remove(id) }
            }
        }
        progress(changes.count, changes.count)
    }

    /// The cosine of `query` with ticket `id`'s vector; nil when it has none.
    func similarity(_ query: PackedQuery, id: Int64) -> Double? { table.similarity(query, id: id) }

    /// The `k` tickets nearest `query`, of `bucket` when given, best first.
    func nearest(_ query: PackedQuery, k: Int, bucket: String?) -> [(id: Int64, similarity: Double)] {
        table.nearest(query, k: k, filter: bucket)
    }
}
