/// One segment of an `ImpactIndex`, in a layout of its own: per block of postings, the document gaps
/// and the impacts bit-packed at the width of the block's largest impact (no frequencies, no lengths,
/// no float bounds), plus the exact largest impact of each block and of each term.
///
/// The ids, filter values, dictionary, document frequencies and block ranges and ends are the float
/// segment's `directory`, shared rather than copied: they are the same for both layouts. The float segment
/// itself is not kept, so its frequencies, lengths and bounds go when the float index lets go of them.
final class ImpactSegment: SegmentPostings, Sendable {
    /// The float segment's ids, filter values, dictionary, document frequencies and block ranges and ends.
    let directory: SegmentDirectory
    /// Word offset of each block in `packed`.
    let blockOffset: FrozenArray<UInt32>
    /// Each block's header: the width of its gaps and of its impacts (no shift).
    let blockBits: FrozenArray<UInt16>
    /// Per block, the bit-packed gaps (as in the float segment), then the bit-packed impacts.
    let packed: FrozenArray<UInt32>
    /// The largest impact of each block.
    let blockMax: FrozenArray<UInt8>
    /// The largest impact of each term.
    let termMax: FrozenArray<UInt8>
    /// The `floorRank`-th largest impact of each term (0 when fewer postings): `floorRank` documents of the
    /// segment score at least weight × this for a query holding the term.
    let termFloor: FrozenArray<UInt8>
    /// The rank of `termFloor`.
    static let floorRank = 10

    /// Quantises every posting of `segment`: impact = clamp(round(score × scale), 1, `ImpactIndex.levels`).
    /// - Parameter scorer: the float scorer of each term of `segment`, with query weight 1.
    init(segment: Segment, scale: Float, scorer: (Int) -> BM25Scorer) {
        let terms = segment.directory.dictionary.count
        let blocks = segment.directory.blockLastDoc.count
        var packed: [UInt32] = []
        var offsets: [UInt32] = []
        offsets.reserveCapacity(blocks)
        var headers: [UInt16] = []
        headers.reserveCapacity(blocks)
        var blockMax = [UInt8](repeating: 0, count: blocks)
        var termMax = [UInt8](repeating: 0, count: terms)
        var termFloor = [UInt8](repeating: 0, count: terms)
        var impacts = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
        var best = [UInt32](repeating: 0, count: Self.floorRank)  // the term's largest impacts, unordered
        let levels = Float(ImpactIndex.levels)
        for t in 0..<terms {
            let scorer = scorer(t)
            var b = Int(segment.directory.termBlockStart[t])
            for i in best.indices { best[i] = 0 }
            var smallest = 0  // index of the smallest of `best`
            segment.forEachBlock(of: t) { postings, n in
                var top: UInt32 = 0
                for i in 0..<n {
                    let score = scorer.score(units: postings[PostingsWriter.blockSize + i], doc: postings[i])
                    let q = UInt32(min(max((score * scale).rounded(), 1), levels))
                    impacts[i] = q
                    top = max(top, q)
                    if q > best[smallest] {
                        best[smallest] = q
                        for r in best.indices where best[r] < best[smallest] { smallest = r }
                    }
                }
                // The gaps are the float block's first words, unchanged.
                let docBits = BlockHeader.docBits(segment.blockBits[b])
                let gaps = segment.packed.base + Int(segment.blockOffset[b])
                offsets.append(UInt32(packed.count))
                packed.append(contentsOf: UnsafeBufferPointer(start: gaps, count: BitPacking.wordCount(count: n, width: docBits)))
                let width = BitPacking.bitWidth(top)
                headers.append(BlockHeader.encode(docBits: docBits, tfBits: width, tfShift: 0))
                impacts.withUnsafeBufferPointer { BitPacking.pack(UnsafeBufferPointer(rebasing: $0[0..<n]), width: width, into: &packed) }
                blockMax[b] = UInt8(top)
                termMax[t] = max(termMax[t], UInt8(top))
                b += 1
            }
            termFloor[t] = UInt8(best[smallest])
        }
        directory = segment.directory
        blockOffset = FrozenArray(offsets)
        blockBits = FrozenArray(headers)
        self.packed = FrozenArray(packed, padding: 2)
        self.blockMax = FrozenArray(blockMax)
        self.termMax = FrozenArray(termMax)
        self.termFloor = FrozenArray(termFloor)
    }

    /// Bytes of memory of the arrays only this layout has (not shared with the float segment).
    var ownByteCount: Int {
        blockOffset.byteCount + blockBits.byteCount + packed.byteCount + blockMax.byteCount + termMax.byteCount + termFloor.byteCount
    }

    /// Bytes of memory held, shared arrays included.
    var byteCount: Int {
        ownByteCount + directory.byteCount
    }
}
