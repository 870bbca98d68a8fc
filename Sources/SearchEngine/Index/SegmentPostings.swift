/// What a query reads of a segment: its documents' ids and filter values, its dictionary and its
/// block-compressed postings. Both the float segments (`Segment`) and the impact index's own segments
/// (`ImpactSegment`) have this shape, so cursors, query parsing and the per-segment search are shared.
///
/// Postings are stored as blocks of up to `PostingsWriter.blockSize` postings: the bit-packed document
/// gaps, then the bit-packed posting values (weighted frequencies in a `Segment`, impacts in an
/// `ImpactSegment`), with widths and value shift in the block's `BlockHeader`.
protocol SegmentPostings: AnyObject {
    /// Number of documents, deleted ones included.
    var docCount: Int { get }
    /// Concatenated external ids.
    var idBytes: FrozenArray<UInt8> { get }
    /// `idOffsets[d] ..< idOffsets[d + 1]` is the external id of document `d`.
    var idOffsets: FrozenArray<UInt32> { get }
    /// Filter value of each document: an index into `filterValues` + 1, or 0 for none; empty when no
    /// document has a filter value.
    var docFilter: FrozenArray<UInt32> { get }
    /// The distinct filter values.
    var filterValues: [String] { get }
    /// The sorted terms.
    var dictionary: TermDictionary { get }
    /// Number of documents containing each term.
    var termDocFreq: FrozenArray<UInt32> { get }
    /// `termBlockStart[t] ..< termBlockStart[t + 1]` are term `t`'s blocks.
    var termBlockStart: FrozenArray<UInt32> { get }
    /// Last document of each block.
    var blockLastDoc: FrozenArray<UInt32> { get }
    /// Word offset of each block in `packed`.
    var blockOffset: FrozenArray<UInt32> { get }
    /// Header of each block (`BlockHeader`).
    var blockBits: FrozenArray<UInt16> { get }
    /// Bit-packed gaps and values, with two words of padding.
    var packed: FrozenArray<UInt32> { get }
}

extension SegmentPostings {
    /// The external id of document `doc`.
    func externalID(_ doc: Int) -> String {
        String(decoding: externalIDBytes(doc), as: UTF8.self)
    }

    /// The bytes of document `doc`'s external id.
    @inline(__always) func externalIDBytes(_ doc: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(idOffsets[doc])
        return UnsafeBufferPointer(start: idBytes.base + start, count: Int(idOffsets[doc + 1]) - start)
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
        let begin = Int(termBlockStart[t])
        var remaining = Int(termDocFreq[t])
        for b in begin..<Int(termBlockStart[t + 1]) {
            let n = min(remaining, size)
            let header = blockBits[b]
            let words = UnsafePointer(packed.base) + Int(blockOffset[b])
            let previous: UInt32 = b > begin ? blockLastDoc[b - 1] : 0
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
