/// The impacts of one segment: one byte per posting in the segment's posting order, and the exact largest
/// impact of each block and of each term.
final class SegmentImpacts: Sendable {
    /// `termPostingStart[t]` is the index in `impacts` of term `t`'s first posting.
    let termPostingStart: FrozenArray<UInt32>
    /// One impact (1 ... `ImpactIndex.levels`) per posting.
    let impacts: FrozenArray<UInt8>
    /// The largest impact of each block (the segment's block numbering).
    let blockMax: FrozenArray<UInt8>
    /// The largest impact of each term.
    let termMax: FrozenArray<UInt8>
    /// The `floorRank`-th largest impact of each term (0 when fewer postings): `floorRank` documents of the
    /// segment score at least weight × this for a query holding the term.
    let termFloor: FrozenArray<UInt8>
    /// The rank of `termFloor`.
    static let floorRank = 10

    /// Quantises every posting of `segment`: impact = clamp(round(score × scale), 1, levels).
    init(segment: Segment, scale: Float, scorer: (Int) -> BM25Scorer) {
        let terms = segment.dictionary.count
        var start: [UInt32] = []
        start.reserveCapacity(terms + 1)
        var total = 0
        for t in 0..<terms {
            start.append(UInt32(total))
            total += Int(segment.termDocFreq[t])
        }
        start.append(UInt32(total))
        var impacts = [UInt8](repeating: 0, count: total)
        var blockMax = [UInt8](repeating: 0, count: segment.blockLastDoc.count)
        var termMax = [UInt8](repeating: 0, count: terms)
        var termFloor = [UInt8](repeating: 0, count: terms)
        let levels = Float(ImpactIndex.levels)
        var best = [UInt8](repeating: 0, count: Self.floorRank)  // the term's largest impacts, unordered
        for t in 0..<terms {
            let scorer = scorer(t)
            var p = Int(start[t])
            let first = p
            let firstBlock = Int(segment.termBlockStart[t])
            for i in best.indices { best[i] = 0 }
            var smallest = 0  // index of the smallest of `best`
            Self.forEachPosting(of: t, in: segment) { doc, units in
                let q = UInt8(min(max((scorer.score(units: units, doc: doc) * scale).rounded(), 1), levels))
                impacts[p] = q
                let b = firstBlock + (p - first) / PostingsWriter.blockSize
                blockMax[b] = max(blockMax[b], q)
                termMax[t] = max(termMax[t], q)
                if q > best[smallest] {
                    best[smallest] = q
                    for i in best.indices where best[i] < best[smallest] { smallest = i }
                }
                p += 1
            }
            termFloor[t] = best[smallest]
        }
        termPostingStart = FrozenArray(start)
        self.impacts = FrozenArray(impacts, padding: 8)
        self.blockMax = FrozenArray(blockMax)
        self.termMax = FrozenArray(termMax)
        self.termFloor = FrozenArray(termFloor)
    }

    /// Calls `body` with the document and weighted frequency (field-weight units) of every posting of term
    /// `t`, in document order.
    static func forEachPosting(of t: Int, in segment: Segment, _ body: (UInt32, UInt32) -> Void) {
        let begin = Int(segment.termBlockStart[t])
        let end = Int(segment.termBlockStart[t + 1])
        var remaining = Int(segment.termDocFreq[t])
        var docs = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
        var tfs = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
        docs.withUnsafeMutableBufferPointer { docs in
            tfs.withUnsafeMutableBufferPointer { tfs in
                guard let d = docs.baseAddress, let f = tfs.baseAddress else { return }
                for block in begin..<end {
                    let n = min(remaining, PostingsWriter.blockSize)
                    let header = segment.blockBits[block]
                    let words = UnsafePointer(segment.packed.base) + Int(segment.blockOffset[block])
                    let previous: UInt32 = block > begin ? segment.blockLastDoc[block - 1] : 0
                    BitPacking.unpackDeltas(words, count: n, width: BlockHeader.docBits(header), from: previous, into: d)
                    BitPacking.unpack(
                        words + BitPacking.wordCount(count: n, width: BlockHeader.docBits(header)), count: n,
                        width: BlockHeader.tfBits(header), into: f)
                    let shift = BlockHeader.tfShift(header)
                    for i in 0..<n { body(d[i], f[i] << shift) }
                    remaining -= n
                }
            }
        }
    }

    /// Bytes of memory held.
    var byteCount: Int {
        termPostingStart.byteCount + impacts.byteCount + blockMax.byteCount + termMax.byteCount + termFloor.byteCount
    }
}
