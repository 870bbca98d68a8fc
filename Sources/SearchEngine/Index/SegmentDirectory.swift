/// The part of a segment that every layout of its postings reads the same way: the documents' external ids and
/// filter values, the dictionary, and for each term its document frequency and range of blocks, for each block its
/// last document. A float `Segment` is built with one; an `ImpactSegment` frozen from that segment holds the same
/// one (the arrays are shared, not copied), so ids, filters and terms are looked up by the same code in both.
struct SegmentDirectory: Sendable {
    /// Number of documents, deleted ones included.
    let docCount: Int
    /// Concatenated external ids.
    let idBytes: FrozenArray<UInt8>
    /// `idOffsets[d] ..< idOffsets[d + 1]` is the external id of document `d`.
    let idOffsets: FrozenArray<UInt32>
    /// Document numbers ordered by external id, for finding a document by id; empty when the
    /// documents already are in id order (bulk loads of sequential ids).
    let idOrder: FrozenArray<UInt32>
    /// Filter value of each document: an index into `filterValues` + 1, or 0 for none; empty when no
    /// document of the segment has a filter value.
    let docFilter: FrozenArray<UInt32>
    /// The distinct filter values of this segment.
    let filterValues: [String]
    /// The sorted terms.
    let dictionary: TermDictionary
    /// Number of documents containing each term.
    let termDocFreq: FrozenArray<UInt32>
    /// `termBlockStart[t] ..< termBlockStart[t + 1]` are term `t`'s blocks.
    let termBlockStart: FrozenArray<UInt32>
    /// Last document of each block.
    let blockLastDoc: FrozenArray<UInt32>

    /// The external id of document `doc`.
    func externalID(_ doc: Int) -> String {
        String(decoding: externalIDBytes(doc), as: UTF8.self)
    }

    /// The bytes of document `doc`'s external id.
    @inline(__always) func externalIDBytes(_ doc: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(idOffsets[doc])
        return UnsafeBufferPointer(start: idBytes.base + start, count: Int(idOffsets[doc + 1]) - start)
    }

    /// The `rank`-th document in external-id order.
    @inline(__always) private func byID(_ rank: Int) -> Int { idOrder.count == 0 ? rank : Int(idOrder[rank]) }

    /// The documents whose external id is `id` (more than one only when replaced ones are deleted).
    /// - Complexity: O(log n).
    func documents(withID id: String) -> [Int] {
        var key = id
        return key.withUTF8 { k -> [Int] in
            var lo = 0
            var hi = docCount
            while lo < hi {
                let mid = (lo + hi) >> 1
                if lexicographicallyPrecedes(externalIDBytes(byID(mid)), k) { lo = mid + 1 } else { hi = mid }
            }
            var found: [Int] = []
            while lo < docCount, externalIDBytes(byID(lo)).elementsEqual(k) {
                found.append(byID(lo))
                lo += 1
            }
            return found
        }
    }

    /// The filter ordinal of document `doc` (0 for none).
    @inline(__always) func filterOrdinal(of doc: Int) -> UInt32 { docFilter.count == 0 ? 0 : docFilter[doc] }

    /// The filter ordinal (index + 1) of `value` in this segment, or `nil` when no document has it.
    func filterOrdinal(_ value: String) -> UInt32? {
        filterValues.firstIndex(of: value).map { UInt32($0 + 1) }
    }

    /// The id of `term` in the dictionary, or `nil`.
    func termID(_ term: [UInt8]) -> Int? {
        term.withUnsafeBufferPointer { dictionary.lookup($0) }
    }

    /// Bytes of memory the arrays hold.
    var byteCount: Int {
        idBytes.byteCount + idOffsets.byteCount + idOrder.byteCount + docFilter.byteCount + dictionary.byteCount
            + termDocFreq.byteCount + termBlockStart.byteCount + blockLastDoc.byteCount
    }
}

extension SegmentDirectory {
    /// Assembles the directory of a new segment: ids and filters of its documents, its sorted terms and the
    /// term and block arrays of its finished postings. `idOrder` and `docFilter` are left empty when they would
    /// carry nothing.
    init(ids: [String], docFilter: [UInt32], filterValues: [String], termBytes: [UInt8], termOffsets: [UInt32], postings: PostingsWriter) {
        var idBytes: [UInt8] = []
        var idOffsets: [UInt32] = [0]
        for id in ids {
            idBytes.append(contentsOf: id.utf8)
            idOffsets.append(UInt32(idBytes.count))
        }
        let order: [UInt32] = idBytes.withUnsafeBufferPointer { bytes in
            func id(_ d: UInt32) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[Int(idOffsets[Int(d)])..<Int(idOffsets[Int(d) + 1])])
            }
            return (0..<UInt32(ids.count)).sorted { a, b in
                let x = id(a), y = id(b)
                return lexicographicallyPrecedes(x, y) || (x.elementsEqual(y) && a < b)
            }
        }
        self.init(
            docCount: ids.count, idBytes: FrozenArray(idBytes), idOffsets: FrozenArray(idOffsets),
            idOrder: FrozenArray(order.indices.allSatisfy { order[$0] == UInt32($0) } ? [] : order),
            docFilter: FrozenArray(filterValues.isEmpty ? [] : docFilter), filterValues: filterValues,
            dictionary: TermDictionary(bytes: FrozenArray(termBytes), offsets: FrozenArray(termOffsets)),
            termDocFreq: FrozenArray(postings.termDocFreq), termBlockStart: FrozenArray(postings.termBlockStart),
            blockLastDoc: FrozenArray(postings.blockLastDoc))
    }
}
