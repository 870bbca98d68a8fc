/// Encodes posting lists into blocks of `PostingsWriter.blockSize` postings: bit-packed document gaps
/// and weighted term frequencies, with each block's last document and score bounds kept beside them
/// for skipping.
struct PostingsWriter {
    /// Postings per block.
    static let blockSize = 128

    private(set) var packed: [UInt32] = []
    private(set) var blockLastDoc: [UInt32] = []
    private(set) var blockOffset: [UInt32] = []
    private(set) var blockBits: [UInt16] = []
    private(set) var blockBound: [Float] = []
    private(set) var termBlockStart: [UInt32] = [0]
    private(set) var termDocFreq: [UInt32] = []
    private(set) var termBound: [Float] = []

    private let docLength: [Float]
    private let inverseNorm: [Float]
    private let avgdl: Float
    private var gaps = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
    private var blockFrontier = ScoreBounds.BlockFrontier()
    private var termPoints: [(tf: Float, dl: Float)] = []
    private let logTF = LogTFTable.table

    /// - Parameters:
    ///   - docLength: weighted length of each document of the segment.
    ///   - inverseNorm: 1 / cosine norm of each document.
    init(docLength: [Float], inverseNorm: [Float]) {
        self.docLength = docLength
        self.inverseNorm = inverseNorm
        let total = docLength.reduce(0, +)
        self.avgdl = docLength.isEmpty ? 1 : max(total / Float(docLength.count), 1e-9)
    }

    /// Appends the posting list of the next term (terms must come in dictionary order).
    /// - Parameters:
    ///   - docs: strictly increasing document numbers.
    ///   - tfs: weighted term frequency of each, in field-weight units (≥ 1).
    mutating func addTerm(docs: UnsafeBufferPointer<UInt32>, tfs: UnsafeBufferPointer<UInt32>) {
        precondition(docs.count == tfs.count && !docs.isEmpty, "a posting list needs documents")
        termPoints.removeAll(keepingCapacity: true)
        var termTfidf: Float = 0
        var previous: UInt32 = 0
        var start = 0
        while start < docs.count {
            let end = min(start + Self.blockSize, docs.count)
            var maxGap: UInt32 = 0
            var maxTf: UInt32 = 0
            blockFrontier.reset()
            var tfidfMax: Float = 0
            for i in start..<end {
                let d = docs[i]
                assert(i == 0 || d > docs[i - 1], "documents must increase")
                let gap = d &- previous
                previous = d
                gaps[i - start] = gap
                maxGap = max(maxGap, gap)
                maxTf = max(maxTf, tfs[i])
                blockFrontier.add(tfUnits: tfs[i], dl: docLength[Int(d)])
                tfidfMax = max(tfidfMax, LogTFTable.value(tfs[i], in: logTF) * inverseNorm[Int(d)])
            }
            // Frequencies share the low zero bits of their field-weight units (all of them when every
            // field weighs a whole number): those are dropped and restored on decoding.
            var allBits: UInt32 = 0
            for i in start..<end { allBits |= tfs[i] }
            let shift = min(allBits.trailingZeroBitCount, BlockHeader.maxShift)
            let docBits = BitPacking.bitWidth(maxGap)
            let tfBits = BitPacking.bitWidth(maxTf >> UInt32(shift))
            blockLastDoc.append(docs[end - 1])
            blockOffset.append(UInt32(packed.count))
            blockBits.append(BlockHeader.encode(docBits: docBits, tfBits: tfBits, tfShift: shift))
            gaps.withUnsafeBufferPointer { g in
                BitPacking.pack(UnsafeBufferPointer(rebasing: g[0..<(end - start)]), width: docBits, into: &packed)
            }
            for i in start..<end { gaps[i - start] = tfs[i] >> UInt32(shift) }
            gaps.withUnsafeBufferPointer { g in
                BitPacking.pack(UnsafeBufferPointer(rebasing: g[0..<(end - start)]), width: tfBits, into: &packed)
            }
            blockFrontier.reduce(cap: ScoreBounds.blockPoints, avgdl: avgdl)
            ScoreBounds.append(blockFrontier.points, cap: ScoreBounds.blockPoints, to: &blockBound)
            blockBound.append(tfidfMax)
            termPoints.append(contentsOf: blockFrontier.points)
            termTfidf = max(termTfidf, tfidfMax)
            start = end
        }
        termBlockStart.append(UInt32(blockLastDoc.count))
        termDocFreq.append(UInt32(docs.count))
        ScoreBounds.reduceToFrontier(&termPoints, cap: ScoreBounds.termPoints, avgdl: avgdl)
        ScoreBounds.append(termPoints, cap: ScoreBounds.termPoints, to: &termBound)
        termBound.append(termTfidf)
    }
}

/// The 16-bit header of a block: bit widths of the packed gaps and frequencies, and the shift that
/// restores the frequencies' dropped low zero bits.
enum BlockHeader {
    /// The largest frequency shift a header holds.
    static let maxShift = 15

    @inline(__always) static func encode(docBits: Int, tfBits: Int, tfShift: Int) -> UInt16 {
        UInt16(docBits) | UInt16(tfBits) << 6 | UInt16(tfShift) << 12
    }

    /// Bits per document gap.
    @inline(__always) static func docBits(_ header: UInt16) -> Int { Int(header & 0x3F) }
    /// Bits per packed frequency.
    @inline(__always) static func tfBits(_ header: UInt16) -> Int { Int((header >> 6) & 0x3F) }
    /// Left shift that turns a packed frequency back into field-weight units.
    @inline(__always) static func tfShift(_ header: UInt16) -> UInt32 { UInt32(header >> 12) }
}

/// `logTF(units / 8)` as `Float`, tabulated for the small frequencies nearly every posting has.
enum LogTFTable {
    static let size = 4096
    static let table: [Float] = (0..<size).map { $0 == 0 ? 0 : Float(Math.logTF(Double($0) / FieldWeights.unitsPerOne)) }

    /// Sublinear weighted frequency for `units`.
    @inline(__always) static func value(_ units: UInt32) -> Float {
        value(units, in: table)
    }

    /// `value(_:)` with the table passed in, for loops that fetch the (lazily built) table once.
    @inline(__always) static func value(_ units: UInt32, in table: [Float]) -> Float {
        units < size ? table[Int(units)] : Float(Math.logTF(Double(units) / FieldWeights.unitsPerOne))
    }
}
