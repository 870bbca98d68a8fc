/// What a query reads of a segment: its documents' ids and filter values, its dictionary and its
/// block-compressed postings. Both the float segments (`Segment`) and the impact index's own segments
/// (`ImpactSegment`) have this shape, so cursors, query parsing and the per-segment search are shared.
///
/// Postings are stored as blocks of up to `PostingsWriter.blockSize` postings: the bit-packed document
/// gaps, then the bit-packed posting values (weighted frequencies in a `Segment`, impacts in an
/// `ImpactSegment`), with widths and value shift in the block's `BlockHeader`.
protocol SegmentPostings: AnyObject {
    /// Ids, filter values, dictionary, document frequencies and block ranges and ends: the same for every
    /// layout of the segment's postings.
    var directory: SegmentDirectory { get }
    /// Word offset of each block in `packed`.
    var blockOffset: FrozenArray<UInt32> { get }
    /// Header of each block (`BlockHeader`).
    var blockBits: FrozenArray<UInt16> { get }
    /// Bit-packed gaps and values, with two words of padding.
    var packed: FrozenArray<UInt32> { get }
}

extension SegmentPostings {
    /// Decodes the whole posting list of term `t`: its documents and posting values (for merging,
    /// freezing and tests).
    func decodePostings(term t: Int, docs: inout [UInt32], values: inout [UInt32]) {
        forEachBlock(of: t) { block, count in
            for i in 0..<count {
                docs.append(block[i])
                values.append(block[PostingsWriter.blockSize + i])
            }
        }
    }

    /// Calls `body` with each block of term `t`'s postings, in order: the block's documents at
    /// `buffer[0 ..< count]` and their values at `buffer[blockSize ..< blockSize + count]`.
    func forEachBlock(of t: Int, _ body: (UnsafePointer<UInt32>, Int) -> Void) {
        let size = PostingsWriter.blockSize
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * size)
        defer { buffer.deallocate() }
        let begin = Int(directory.termBlockStart[t])
        var remaining = Int(directory.termDocFreq[t])
        for b in begin..<Int(directory.termBlockStart[t + 1]) {
            let n = min(remaining, size)
            let header = blockBits[b]
            let words = UnsafePointer(packed.base) + Int(blockOffset[b])
            let previous: UInt32 = b > begin ? directory.blockLastDoc[b - 1] : 0
            BitPacking.unpackDeltas(words, count: n, width: BlockHeader.docBits(header), from: previous, into: buffer)
            let values = words + BitPacking.wordCount(count: n, width: BlockHeader.docBits(header))
            BitPacking.unpack(values, count: n, width: BlockHeader.tfBits(header), into: buffer + size)
            let shift = BlockHeader.tfShift(header)
            if shift != 0 { for i in 0..<n { buffer[size + i] &<<= shift } }
            body(buffer, n)
            remaining -= n
        }
    }
}
