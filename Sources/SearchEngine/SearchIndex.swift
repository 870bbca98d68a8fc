import Synchronization

/// A live, in-process full-text index with BM25 and TF-IDF ranking.
///
/// Searches run on an immutable snapshot taken under a lock held only to copy a reference, so readers
/// never wait for writers. `apply` builds a new segment for the changed documents, marks the replaced
/// and deleted ones in copies of the affected deletion sets, and swaps in a new snapshot: the change is
/// visible to the next search. Small segments are merged in the background.
public final class SearchIndex: Sendable {
    /// The index's fields and analyzer.
    public let configuration: IndexConfiguration
    private let current: Mutex<IndexSnapshot>
    /// Serialises writers (apply and the swap at the end of a merge).
    private let writer = Mutex<UInt64>(1)  // the next segment id
    /// Held while a merge runs, so that only one does.
    private let merging = Mutex<Void>(())
    /// Whether `apply` schedules background merges.
    private let automaticMerges: Bool

    /// Creates an empty index.
    /// - Parameters:
    ///   - configuration: fields and analyzer.
    ///   - automaticMerges: merge small segments in the background after writes (default true).
    public init(configuration: IndexConfiguration = IndexConfiguration(), automaticMerges: Bool = true) {
        self.configuration = configuration
        self.current = Mutex(IndexSnapshot(configuration: configuration))
        self.automaticMerges = automaticMerges
    }

    init(snapshot: IndexSnapshot, automaticMerges: Bool = true) {
        self.configuration = snapshot.configuration
        self.current = Mutex(snapshot)
        self.automaticMerges = automaticMerges
        self.writer.withLock { $0 = (snapshot.segmentIDs.max() ?? 0) + 1 }
    }

    /// The current snapshot (an O(1) locked read).
    var snapshot: IndexSnapshot { current.withLock { $0 } }

    /// Documents in the index (deleted ones excluded).
    public var documentCount: Int { snapshot.liveCount }

    /// The last checkpoint passed to `apply` (0 for a new index).
    public var checkpoint: Int64 { snapshot.checkpoint }

    /// Number of segments (for monitoring compaction).
    public var segmentCount: Int { snapshot.segments.count }

    /// Bytes of memory the index data holds.
    public var memoryBytes: Int { snapshot.byteCount }

    /// Runs a query.
    /// - Complexity: proportional to the postings of the query terms that pruning cannot skip.
    public func search(_ request: SearchRequest) -> [SearchHit] { snapshot.search(request) }

    /// The highest score the request could give any document, so that `hit.score / scoreCeiling` says how strongly a
    /// hit matches on a scale from 0 to 1 that is comparable across queries. BM25: the sum over the request's terms of
    /// query weight × idf × (k1 + 1), the limit of a term's score as its frequency grows; words no document holds
    /// count too (a query of unknown words matches nothing strongly), and a trailing partial word counts as its rarest
    /// completion. A document of average length holding each word once scores about 1 / (k1 + 1) of it. TF-IDF: 1,
    /// the cosine's limit. 0 when the request has no terms.
    public func scoreCeiling(_ request: SearchRequest) -> Double { snapshot.scoreCeiling(request) }

    /// `search` and `scoreCeiling` from one analysis of the request and one look-up of its terms.
    public func searchWithCeiling(_ request: SearchRequest) -> (hits: [SearchHit], ceiling: Double) {
        snapshot.searchWithCeiling(request)
    }

    /// `searchWithCeiling`, and the words that `request.typoCorrection` read as other words: each word's term and the
    /// term searched for it, in the order of the text (for highlighting what was matched instead).
    public func searchWithCorrections(
        _ request: SearchRequest
    ) -> (hits: [SearchHit], ceiling: Double, corrections: [(typo: String, term: String)]) {
        let outcome = snapshot.searchWithCorrections(request)
        return (
            outcome.hits, outcome.ceiling,
            outcome.corrections.map { (String(decoding: $0.typo, as: UTF8.self), String(decoding: $0.term, as: UTF8.self)) }
        )
    }

    /// The terms the index's analyzer makes of `text` (for highlighting matches).
    public func analyze(_ text: String) -> [String] { configuration.analyzer.analyze(text) }

    /// Whether a live document has this id.
    public func contains(id: String) -> Bool {
        let snap = snapshot
        for (s, segment) in snap.segments.enumerated() {
            for d in segment.directory.documents(withID: id) where !Self.isDeleted(snap.deletions[s], d) { return true }
        }
        return false
    }

    /// Adds or replaces one document.
    public func upsert(_ document: Document) { apply([.upsert(document)]) }

    /// Deletes one document.
    public func delete(id: String) { apply([.delete(id: id)]) }

    /// Applies a batch of changes atomically: the next search sees all of them or, before this returns,
    /// none. Later changes to the same id win.
    /// - Parameters:
    ///   - changes: upserts and deletes.
    ///   - checkpoint: the caller's change sequence these changes bring the index to; kept with the
    ///     snapshot (and in saved files) so a restarted caller knows where to resume.
    /// - Complexity: O(size of the new documents + deleted documents' segment sizes / 64).
    public func apply(_ changes: [IndexChange], checkpoint: Int64? = nil) {
        var order: [String] = []
        var final: [String: Document?] = [:]
        for change in changes {
            let id: String
            let value: Document?
            switch change {
            case .upsert(let d): id = d.id; value = d
            case .delete(let i): id = i; value = nil
            }
            if final.updateValue(value, forKey: id) == nil { order.append(id) }
        }
        var builder = SegmentBuilder(
            analyzer: configuration.analyzer, fieldWeights: configuration.fields.map(\.weight), expectedDocuments: order.count)
        for id in order {
            guard let document = final[id] ?? nil else { continue }
            builder.add(
                id: id, fields: configuration.fields.map { document.fields[$0.name] ?? "" }, filter: document.filter)
        }
        let newSegment = builder.count > 0 ? builder.build() : nil
        writer.withLock { nextID in
            let snap = snapshot
            var deletions = snap.deletions
            var deletedCounts = snap.deletedCounts
            var edited: [Int: [UInt64]] = [:]
            for id in order {
                for (s, segment) in snap.segments.enumerated() {
                    for d in segment.directory.documents(withID: id) {
                        if let bits = edited[s] {
                            if bits[d >> 6] & (1 << UInt64(d & 63)) != 0 { continue }
                        } else if Self.isDeleted(deletions[s], d) {
                            continue
                        }
                        if edited[s] == nil {
                            edited[s] = deletions[s]?.array ?? [UInt64](repeating: 0, count: (segment.directory.docCount + 63) / 64)
                        }
                        edited[s]![d >> 6] |= 1 << UInt64(d & 63)
                        deletedCounts[s] += 1
                    }
                }
            }
            for (s, bits) in edited { deletions[s] = FrozenArray(bits) }
            var segments = snap.segments
            var ids = snap.segmentIDs
            if let newSegment {
                segments.append(newSegment)
                ids.append(nextID)
                nextID += 1
                deletions.append(nil)
                deletedCounts.append(0)
            }
            let next = IndexSnapshot(
                configuration: configuration, segments: segments, segmentIDs: ids, deletions: deletions,
                deletedCounts: deletedCounts, checkpoint: max(snap.checkpoint, checkpoint ?? snap.checkpoint))
            current.withLock { $0 = next }
        }
        if automaticMerges && MergePolicy.pick(snapshot) != nil {
            Task.detached(priority: .background) { [self] in
                _ = merging.withLockIfAvailable { _ in runMerges(force: false) }
            }
        }
    }

    /// Merges segments until the merge policy finds nothing to do; with `force`, into one segment
    /// without deleted documents. Blocks until done; readers and writers go on meanwhile.
    public func compact(force: Bool = false) {
        merging.withLock { _ in runMerges(force: force) }
    }

    /// Runs merges one after another. Must be called with `merging` held.
    private func runMerges(force: Bool) {
        while true {
            let snap = snapshot
            let chosen: [Int]
            if force {
                guard snap.segments.count > 1 || snap.deletedCounts.contains(where: { $0 > 0 }) else { return }
                chosen = Array(snap.segments.indices)
            } else {
                guard let pick = MergePolicy.pick(snap) else { return }
                chosen = pick
            }
            let inputs = chosen.map { snap.segments[$0] }
            let used = chosen.map { snap.deletions[$0] }
            let merged = SegmentMerger.merge(inputs, deletions: used)
            let mergedIDs = chosen.map { snap.segmentIDs[$0] }
            writer.withLock { nextID in
                // Writers may have deleted documents of the inputs meanwhile: carry those over.
                let now = snapshot
                var bits = [UInt64](repeating: 0, count: (merged.segment.directory.docCount + 63) / 64)
                var deleted = 0
                for (i, id) in mergedIDs.enumerated() {
                    guard let s = now.segmentIDs.firstIndex(of: id), let nowDeleted = now.deletions[s] else { continue }
                    for d in 0..<inputs[i].directory.docCount where Self.isDeleted(nowDeleted, d) {
                        let m = merged.mapping[i][d]
                        if m >= 0 {
                            bits[Int(m) >> 6] |= 1 << UInt64(Int(m) & 63)
                            deleted += 1
                        }
                    }
                }
                let position = now.segmentIDs.firstIndex(of: mergedIDs[0]) ?? now.segments.count
                var segments: [Segment] = []
                var ids: [UInt64] = []
                var deletions: [FrozenArray<UInt64>?] = []
                var deletedCounts: [Int] = []
                for s in now.segments.indices {
                    if s == position {
                        segments.append(merged.segment)
                        ids.append(nextID)
                        deletions.append(deleted > 0 ? FrozenArray(bits) : nil)
                        deletedCounts.append(deleted)
                    }
                    if mergedIDs.contains(now.segmentIDs[s]) { continue }
                    segments.append(now.segments[s])
                    ids.append(now.segmentIDs[s])
                    deletions.append(now.deletions[s])
                    deletedCounts.append(now.deletedCounts[s])
                }
                nextID += 1
                let next = IndexSnapshot(
                    configuration: configuration, segments: segments, segmentIDs: ids, deletions: deletions,
                    deletedCounts: deletedCounts, checkpoint: now.checkpoint)
                current.withLock { $0 = next }
            }
            if force { return }
        }
    }

    @inline(__always) static func isDeleted(_ bits: FrozenArray<UInt64>?, _ d: Int) -> Bool {
        guard let bits else { return false }
        return bits[d >> 6] & (1 << UInt64(d & 63)) != 0
    }
}

/// When to merge: four or more segments of the same size tier (tiers grow by 4×, from 1,000
/// documents), or a segment more than 30% deleted.
enum MergePolicy {
    static let factor = 4
    static let floor = 1_000
    static let maxPerMerge = 10

    static func tier(_ liveDocs: Int) -> Int {
        var t = 0
        var size = floor
        while liveDocs > size {
            size *= 4
            t += 1
        }
        return t
    }

    /// The segments to merge next, or `nil`.
    static func pick(_ snapshot: IndexSnapshot) -> [Int]? {
        var byTier: [Int: [Int]] = [:]
        for (s, segment) in snapshot.segments.enumerated() {
            byTier[tier(segment.directory.docCount - snapshot.deletedCounts[s]), default: []].append(s)
        }
        if let (_, members) = byTier.filter({ $0.value.count >= factor }).min(by: { $0.key < $1.key }) {
            return Array(members.prefix(maxPerMerge))
        }
        for (s, segment) in snapshot.segments.enumerated()
        where segment.directory.docCount > 0 && snapshot.deletedCounts[s] * 10 > segment.directory.docCount * 3 {
            return [s]
        }
        return nil
    }
}

extension SearchIndex {
    /// Saves the current snapshot to one file (written to a temporary file, synced, then renamed).
    /// - Throws: `SearchIndexError.io` when the file cannot be written.
    public func save(to path: String) throws {
        try SnapshotFile.save(snapshot, to: path)
    }

    /// Opens a snapshot saved with `save(to:)`.
    /// - Throws: `SearchIndexError.corrupted` when the file is truncated, fails its checksum or is not
    ///   a snapshot (nothing is loaded); `SearchIndexError.io` when it cannot be read.
    public convenience init(contentsOf path: String, automaticMerges: Bool = true) throws {
        self.init(snapshot: try SnapshotFile.load(from: path), automaticMerges: automaticMerges)
    }
}

extension SearchIndex {
    /// Adds many new documents at once, the fast path for imports and first loads: the documents
    /// become one new segment without the per-id replacement checks of `apply`.
    /// - Precondition: no document's id is already in the index or repeated in `documents`.
    public func bulkLoad(_ documents: [Document], checkpoint: Int64? = nil) {
        let segment = buildSegment(documents[...])
        install(segment.map { [$0] } ?? [], checkpoint: checkpoint)
    }

    /// Adds many new documents at once like `bulkLoad(_:checkpoint:)`, building `parallelism` segments
    /// side by side from consecutive slices of `documents` (one per processor is the fastest; slices
    /// below `minimumSlice` documents are not worth a task). The segments keep the documents' order, so
    /// results and ties are those of a one-segment load.
    /// - Precondition: no document's id is already in the index or repeated in `documents`.
    public func bulkLoad(_ documents: [Document], checkpoint: Int64? = nil, parallelism: Int, minimumSlice: Int = 20_000) async {
        let slices = max(1, min(parallelism, documents.count / max(minimumSlice, 1)))
        let size = (documents.count + slices - 1) / slices
        let segments = await withTaskGroup(of: (Int, Segment?).self) { group in
            for slice in 0..<slices {
                group.addTask { [self] in
                    let range = (slice * size)..<min(documents.count, (slice + 1) * size)
                    return (slice, buildSegment(documents[range]))
                }
            }
            var built = [Segment?](repeating: nil, count: slices)
            for await (slice, segment) in group { built[slice] = segment }
            return built.compactMap { $0 }
        }
        install(segments, checkpoint: checkpoint)
    }

    /// One segment of `documents`, or `nil` when there are none.
    private func buildSegment(_ documents: ArraySlice<Document>) -> Segment? {
        var builder = SegmentBuilder(
            analyzer: configuration.analyzer, fieldWeights: configuration.fields.map(\.weight),
            expectedDocuments: documents.count)
        let names = configuration.fields.map(\.name)
        for d in documents { builder.add(id: d.id, fields: names.map { d.fields[$0] ?? "" }, filter: d.filter) }
        return builder.count > 0 ? builder.build() : nil
    }

    /// Appends new segments (in order) and swaps in the snapshot holding them.
    private func install(_ segments: [Segment], checkpoint: Int64?) {
        writer.withLock { nextID in
            let snap = snapshot
            let ids = segments.indices.map { nextID + UInt64($0) }
            let next = IndexSnapshot(
                configuration: configuration, segments: snap.segments + segments, segmentIDs: snap.segmentIDs + ids,
                deletions: snap.deletions + segments.map { _ in nil }, deletedCounts: snap.deletedCounts + segments.map { _ in 0 },
                checkpoint: max(snap.checkpoint, checkpoint ?? snap.checkpoint))
            nextID += UInt64(segments.count)
            current.withLock { $0 = next }
        }
    }
}
