/// An immutable piece of the index: a set of documents with their own dictionary, block-compressed
/// postings, lengths and filter values. New documents arrive as new segments; compaction merges
/// segments into larger ones.
final class Segment: SegmentPostings, Sendable {
    /// Number of documents, deleted ones included.
    let docCount: Int
    /// Concatenated external ids.
    let idBytes: FrozenArray<UInt8>
    /// `idOffsets[d] ..< idOffsets[d + 1]` is the external id of document `d`.
    let idOffsets: FrozenArray<UInt32>
    /// Document numbers ordered by external id, for finding a document by id; empty when the
    /// documents already are in id order (bulk loads of sequential ids).
    let idOrder: FrozenArray<UInt32>
    /// Weighted length of each document.
    let docLength: FrozenArray<Float>
    /// 1 / cosine norm of each document's log-tf vector.
    let inverseNorm: FrozenArray<Float>
    /// Filter value of each document: an index into `filterValues` + 1, or 0 for none; empty when no
    /// document of the segment has a filter value.
    let docFilter: FrozenArray<UInt32>
    /// The distinct filter values of this segment.
    let filterValues: [String]
    /// Sum of `docLength`.
    let totalLength: Double

    /// The sorted terms.
    let dictionary: TermDictionary
    /// Number of documents containing each term.
    let termDocFreq: FrozenArray<UInt32>
    /// `termBlockStart[t] ..< termBlockStart[t + 1]` are term `t`'s blocks.
    let termBlockStart: FrozenArray<UInt32>
    /// `ScoreBounds.termStride` floats per term.
    let termBound: FrozenArray<Float>
    /// Last document of each block.
    let blockLastDoc: FrozenArray<UInt32>
    /// Word offset of each block in `packed`.
    let blockOffset: FrozenArray<UInt32>
    /// Header of each block (`BlockHeader`): bit widths of gaps and frequencies, frequency shift.
    let blockBits: FrozenArray<UInt16>
    /// `ScoreBounds.blockStride` floats per block.
    let blockBound: FrozenArray<Float>
    /// Bit-packed gaps and frequencies, with two words of padding.
    let packed: FrozenArray<UInt32>

    init(
        docCount: Int, idBytes: FrozenArray<UInt8>, idOffsets: FrozenArray<UInt32>, idOrder: FrozenArray<UInt32>, docLength: FrozenArray<Float>,
        inverseNorm: FrozenArray<Float>, docFilter: FrozenArray<UInt32>, filterValues: [String],
        dictionary: TermDictionary, termDocFreq: FrozenArray<UInt32>, termBlockStart: FrozenArray<UInt32>,
        termBound: FrozenArray<Float>, blockLastDoc: FrozenArray<UInt32>, blockOffset: FrozenArray<UInt32>,
        blockBits: FrozenArray<UInt16>, blockBound: FrozenArray<Float>, packed: FrozenArray<UInt32>
    ) {
        self.docCount = docCount
        self.idBytes = idBytes
        self.idOffsets = idOffsets
        self.idOrder = idOrder
        self.docLength = docLength
        self.inverseNorm = inverseNorm
        self.docFilter = docFilter
        self.filterValues = filterValues
        var total = 0.0
        for l in docLength.buffer { total += Double(l) }
        self.totalLength = total
        self.dictionary = dictionary
        self.termDocFreq = termDocFreq
        self.termBlockStart = termBlockStart
        self.termBound = termBound
        self.blockLastDoc = blockLastDoc
        self.blockOffset = blockOffset
        self.blockBits = blockBits
        self.blockBound = blockBound
        self.packed = packed
    }

    /// Assembles a segment from finished postings and per-document arrays.
    convenience init(
        ids: [String], docLength: [Float], inverseNorm: [Float], docFilter: [UInt32], filterValues: [String],
        termBytes: [UInt8], termOffsets: [UInt32], postings: PostingsWriter
    ) {
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
            docLength: FrozenArray(docLength), inverseNorm: FrozenArray(inverseNorm),
            docFilter: FrozenArray(filterValues.isEmpty ? [] : docFilter),
            filterValues: filterValues,
            dictionary: TermDictionary(bytes: FrozenArray(termBytes), offsets: FrozenArray(termOffsets)),
            termDocFreq: FrozenArray(postings.termDocFreq), termBlockStart: FrozenArray(postings.termBlockStart),
            termBound: FrozenArray(postings.termBound), blockLastDoc: FrozenArray(postings.blockLastDoc),
            blockOffset: FrozenArray(postings.blockOffset), blockBits: FrozenArray(postings.blockBits),
            blockBound: FrozenArray(postings.blockBound), packed: FrozenArray(postings.packed, padding: 2))
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

    /// Bytes of memory the segment holds.
    var byteCount: Int {
        idBytes.byteCount + idOffsets.byteCount + idOrder.byteCount + docLength.byteCount + inverseNorm.byteCount + docFilter.byteCount
            + dictionary.byteCount + termDocFreq.byteCount
            + termBlockStart.byteCount + termBound.byteCount + blockLastDoc.byteCount + blockOffset.byteCount
            + blockBits.byteCount + blockBound.byteCount + packed.byteCount
    }
}
