/// Upper bounds of a term's BM25 contribution over a block or a whole posting list, valid for any
/// `k1`, `b` and average length.
///
/// The BM25 term-frequency part `tf / (tf + k1 (1 - b + b dl / avgdl))` grows with `tf` and shrinks
/// with the document length `dl`, so its maximum over a set of postings is reached on the set's
/// Pareto frontier of (high tf, low dl). We keep that frontier, shrunk to a few points by merging
/// neighbours `(tf₁, dl₁), (tf₂, dl₂)` into `(max tf, min dl)`, which can only raise the bound.
/// A bound is therefore exact when the frontier is small and safe always.
enum ScoreBounds {
    /// Points kept per block.
    static let blockPoints = 2
    /// Points kept per posting list.
    static let termPoints = 2
    /// Floats stored per block: the points as (tf, dl) pairs, then the TF-IDF bound.
    static let blockStride = blockPoints * 2 + 1
    /// Floats stored per term.
    static let termStride = termPoints * 2 + 1

    /// The BM25 saturation used to choose which neighbours to merge (default parameters).
    @inline(__always)
    static func referenceSaturation(tf: Float, dl: Float, avgdl: Float) -> Float {
        tf / (tf + 1.2 * (0.25 + 0.75 * dl / max(avgdl, 1e-9)))
    }

    /// Replaces `points` by their Pareto frontier (maximal tf, minimal dl), ordered by descending tf,
    /// merged down to at most `cap` points. In place: the index build calls this for every block and
    /// term, so it allocates nothing once `points` has its capacity.
    static func reduceToFrontier(_ points: inout [(tf: Float, dl: Float)], cap: Int, avgdl: Float) {
        @inline(__always) func precedes(_ x: (tf: Float, dl: Float), _ y: (tf: Float, dl: Float)) -> Bool {
            x.tf != y.tf ? x.tf > y.tf : x.dl < y.dl
        }
        if points.count <= 32 {
            // Insertion sort: blocks give a few points each (one per distinct frequency).
            for i in points.indices.dropFirst() {
                let p = points[i]
                var j = i
                while j > 0 && precedes(p, points[j - 1]) {
                    points[j] = points[j - 1]
                    j -= 1
                }
                points[j] = p
            }
        } else {
            points.sort(by: precedes)
        }
        var count = 0
        var minDl = Float.infinity
        for i in points.indices where points[i].dl < minDl {
            points[count] = points[i]
            count += 1
            minDl = points[i].dl
        }
        points.removeSubrange(count...)
        while points.count > cap {
            var best = 0
            var bestValue = Float.infinity
            for i in 0..<(points.count - 1) {
                let v = referenceSaturation(tf: points[i].tf, dl: points[i + 1].dl, avgdl: avgdl)
                if v < bestValue { bestValue = v; best = i }
            }
            points[best] = (points[best].tf, points[best + 1].dl)
            points.remove(at: best + 1)
        }
    }

    /// The frontier of one block, gathered without sorting its postings: the smallest length seen for
    /// each distinct frequency (a block holds few), then `reduceToFrontier` over those groups, which
    /// gives the same points as over every posting.
    struct BlockFrontier {
        private var units: [UInt32] = []
        private var minLength: [Float] = []
        /// The frontier computed by the last `reduce`.
        private(set) var points: [(tf: Float, dl: Float)] = []

        init() {
            units.reserveCapacity(PostingsWriter.blockSize)
            minLength.reserveCapacity(PostingsWriter.blockSize)
            points.reserveCapacity(PostingsWriter.blockSize)
        }

        /// Forgets the previous block.
        mutating func reset() {
            units.removeAll(keepingCapacity: true)
            minLength.removeAll(keepingCapacity: true)
        }

        /// Adds a posting of weighted frequency `tfUnits` in a document of length `dl`.
        @inline(__always)
        mutating func add(tfUnits: UInt32, dl: Float) {
            for i in units.indices where units[i] == tfUnits {
                if dl < minLength[i] { minLength[i] = dl }
                return
            }
            units.append(tfUnits)
            minLength.append(dl)
        }

        /// Computes the block's frontier, merged down to `cap` points, into `points`.
        mutating func reduce(cap: Int, avgdl: Float) {
            points.removeAll(keepingCapacity: true)
            for i in units.indices { points.append((Float(units[i]) * FieldWeights.unitScale, minLength[i])) }
            ScoreBounds.reduceToFrontier(&points, cap: cap, avgdl: avgdl)
        }
    }

    /// Appends `front` as `cap` (tf, dl) pairs, padding with (0, 1) points that bound nothing.
    static func append(_ front: [(tf: Float, dl: Float)], cap: Int, to out: inout [Float]) {
        for i in 0..<cap {
            if i < front.count { out.append(front[i].tf); out.append(front[i].dl) } else { out.append(0); out.append(1) }
        }
    }
}
