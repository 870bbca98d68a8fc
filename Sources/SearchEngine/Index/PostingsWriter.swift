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
        var termPoints: [(tf: Float, dl: Float)] = []
        var termTfidf: Float = 0
        var previous: UInt32 = 0
        var start = 0
        while start < docs.count {
            let end = min(start + Self.blockSize, docs.count)
            var maxGap: UInt32 = 0
            var maxTf: UInt32 = 0
            var points: [(tf: Float, dl: Float)] = []
            points.reserveCapacity(end - start)
            var tfidfMax: Float = 0
            for i in start..<end {
                let d = docs[i]
                assert(i == 0 || d > docs[i - 1], "documents must increase")
                let gap = d &- previous
                previous = d
                gaps[i - start] = gap
                maxGap = max(maxGap, gap)
                maxTf = max(maxTf, tfs[i])
                let tf = Float(tfs[i]) * FieldWeights.unitScale
                points.append((tf, docLength[Int(d)]))
                tfidfMax = max(tfidfMax, LogTFTable.value(tfs[i]) * inverseNorm[Int(d)])
            }
            let docBits = BitPacking.bitWidth(maxGap)
            let tfBits = BitPacking.bitWidth(maxTf)
            blockLastDoc.append(docs[end - 1])
            blockOffset.append(UInt32(packed.count))
            blockBits.append(UInt16(docBits) | UInt16(tfBits) << 8)
            gaps.withUnsafeBufferPointer { g in
                BitPacking.pack(UnsafeBufferPointer(rebasing: g[0..<(end - start)]), width: docBits, into: &packed)
            }
            BitPacking.pack(UnsafeBufferPointer(rebasing: tfs[start..<end]), width: tfBits, into: &packed)
            let front = ScoreBounds.frontier(points, cap: ScoreBounds.blockPoints, avgdl: avgdl)
            ScoreBounds.append(front, cap: ScoreBounds.blockPoints, to: &blockBound)
            blockBound.append(tfidfMax)
            termPoints.append(contentsOf: front)
            termTfidf = max(termTfidf, tfidfMax)
            start = end
        }
        termBlockStart.append(UInt32(blockLastDoc.count))
        termDocFreq.append(UInt32(docs.count))
        let front = ScoreBounds.frontier(termPoints, cap: ScoreBounds.termPoints, avgdl: avgdl)
        ScoreBounds.append(front, cap: ScoreBounds.termPoints, to: &termBound)
        termBound.append(termTfidf)
    }
}

/// `logTF(units / 8)` as `Float`, tabulated for the small frequencies nearly every posting has.
enum LogTFTable {
    static let size = 4096
    static let table: [Float] = (0..<size).map { $0 == 0 ? 0 : Float(Math.logTF(Double($0) / FieldWeights.unitsPerOne)) }

    /// Sublinear weighted frequency for `units`.
    @inline(__always) static func value(_ units: UInt32) -> Float {
        units < size ? table[Int(units)] : Float(Math.logTF(Double(units) / FieldWeights.unitsPerOne))
    }
}
