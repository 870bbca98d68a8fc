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

    /// The Pareto frontier of `points` (maximal tf, minimal dl), ordered by descending tf, merged down
    /// to at most `cap` points.
    static func frontier(_ points: [(tf: Float, dl: Float)], cap: Int, avgdl: Float) -> [(tf: Float, dl: Float)] {
        let sorted = points.sorted { $0.tf != $1.tf ? $0.tf > $1.tf : $0.dl < $1.dl }
        var front: [(tf: Float, dl: Float)] = []
        var minDl = Float.infinity
        for p in sorted where p.dl < minDl {
            front.append(p)
            minDl = p.dl
        }
        while front.count > cap {
            var best = 0
            var bestValue = Float.infinity
            for i in 0..<(front.count - 1) {
                let v = referenceSaturation(tf: front[i].tf, dl: front[i + 1].dl, avgdl: avgdl)
                if v < bestValue { bestValue = v; best = i }
            }
            front[best] = (front[best].tf, front[best + 1].dl)
            front.remove(at: best + 1)
        }
        return front
    }

    /// Appends `front` as `cap` (tf, dl) pairs, padding with (0, 1) points that bound nothing.
    static func append(_ front: [(tf: Float, dl: Float)], cap: Int, to out: inout [Float]) {
        for i in 0..<cap {
            if i < front.count { out.append(front[i].tf); out.append(front[i].dl) } else { out.append(0); out.append(1) }
        }
    }
}
