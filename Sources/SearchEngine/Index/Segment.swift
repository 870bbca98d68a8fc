/// An immutable piece of the index: a set of documents with their own dictionary, block-compressed
/// postings, lengths and filter values. New documents arrive as new segments; compaction merges
/// segments into larger ones.
final class Segment: SegmentPostings, Sendable {
    /// Ids, filter values, dictionary, document frequencies and block ranges and ends.
    let directory: SegmentDirectory
    /// Weighted length of each document.
    let docLength: FrozenArray<Float>
    /// 1 / cosine norm of each document's log-tf vector.
    let inverseNorm: FrozenArray<Float>
    /// Sum of `docLength`.
    let totalLength: Double

    /// `ScoreBounds.termStride` floats per term.
    let termBound: FrozenArray<Float>
    /// Word offset of each block in `packed`.
    let blockOffset: FrozenArray<UInt32>
    /// Header of each block (`BlockHeader`): bit widths of gaps and frequencies, frequency shift.
    let blockBits: FrozenArray<UInt16>
    /// `ScoreBounds.blockStride` floats per block.
    let blockBound: FrozenArray<Float>
    /// Bit-packed gaps and frequencies, with two words of padding.
    let packed: FrozenArray<UInt32>

    init(
        directory: SegmentDirectory, docLength: FrozenArray<Float>, inverseNorm: FrozenArray<Float>, termBound: FrozenArray<Float>,
        blockOffset: FrozenArray<UInt32>, blockBits: FrozenArray<UInt16>, blockBound: FrozenArray<Float>, packed: FrozenArray<UInt32>
    ) {
        self.directory = directory
        self.docLength = docLength
        self.inverseNorm = inverseNorm
        var total = 0.0
        for l in docLength.buffer { total += Double(l) }
        self.totalLength = total
        self.termBound = termBound
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
        self.init(
            directory: SegmentDirectory(
                ids: ids, docFilter: docFilter, filterValues: filterValues, termBytes: termBytes, termOffsets: termOffsets,
                postings: postings),
            docLength: FrozenArray(docLength), inverseNorm: FrozenArray(inverseNorm), termBound: FrozenArray(postings.termBound),
            blockOffset: FrozenArray(postings.blockOffset), blockBits: FrozenArray(postings.blockBits),
            blockBound: FrozenArray(postings.blockBound), packed: FrozenArray(postings.packed, padding: 2))
    }

    /// Bytes of memory the segment holds.
    var byteCount: Int {
        directory.byteCount + docLength.byteCount + inverseNorm.byteCount + termBound.byteCount + blockOffset.byteCount
            + blockBits.byteCount + blockBound.byteCount + packed.byteCount
    }
}
