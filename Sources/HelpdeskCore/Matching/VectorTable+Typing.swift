import Embeddings

/// What the keystrokes of one typist share of the meaning pass (`VectorTable.nearest(_:sum:k:filter:reusing:)`).
///
/// A keystroke changes the text's vector a little: the text's token rows are summed (`StaticEmbeddingModel
/// .embedWithSum`), and the sum moves by the rows of the word being typed. So the dot product of every stored vector
/// with a reference sum (an earlier keystroke's) is kept, with the vectors' lengths, in the order of those dot
/// products. A later keystroke with sum S bounds each vector's cosine by (its reference dot + |S − reference| × its
/// length) / |S|, plus the query's rounding to integers, and reads only the vectors that bound lets into its top k.
struct NearestPrefix: Sendable {
    /// The table's stamp the figures were computed for.
    let stamp: UInt64
    /// The reference sum.
    let reference: [Float]
    /// Per slot: the dot product of its vector with `reference` (0 for a free slot).
    let dots: [Float]
    /// Per slot: its vector's Euclidean length and its sum of magnitudes.
    let lengths: [Float]
    let magnitudes: [Float]
    /// The slots in use, by `dots` descending.
    let order: [Int32]
    /// The largest length and sum of magnitudes of any slot.
    let longest: Float
    let largestMagnitude: Float

    /// Memory held.
    var byteCount: Int { 64 + reference.count * 4 + dots.count * 12 + order.count * 4 }
}

extension VectorTable {
    /// How far (relative to its length) a sum may move from the reference before a new reference is taken: further,
    /// the bound lets too many vectors through.
    static let referenceDrift: Float = 0.25

    /// Added to every bound: covers the float rounding of the sums, the dot products and the query's normalisation,
    /// which are orders of magnitude smaller.
    static let boundSlack: Double = 1e-3

    /// The figures of `NearestPrefix` for the reference `sum`.
    func nearestPrefix(reference sum: [Float]) -> NearestPrefix {
        let slots = ids.count
        var dots = [Float](repeating: 0, count: slots)
        var lengths = [Float](repeating: 0, count: slots)
        var magnitudes = [Float](repeating: 0, count: slots)
        var order: [Int32] = []
        order.reserveCapacity(count)
        var longest: Float = 0
        var largestMagnitude: Float = 0
        sum.withUnsafeBufferPointer { r in
            values.withUnsafeBufferPointer { v in
                for slot in 0..<slots where scales[slot] != 0 {
                    let row = v.baseAddress! + slot * dimensions
                    var squares: Float = 0
                    var magnitude: Float = 0
                    for i in 0..<dimensions {
                        let x = Float(row[i])
                        squares += x * x
                        magnitude += abs(x)
                    }
                    let scale = scales[slot]
                    dots[slot] = PackedVector.dot(r.baseAddress!, row, count: dimensions) * scale
                    lengths[slot] = squares.squareRoot() * scale
                    magnitudes[slot] = magnitude * scale
                    longest = max(longest, lengths[slot])
                    largestMagnitude = max(largestMagnitude, magnitudes[slot])
                    order.append(Int32(slot))
                }
            }
        }
        order.sort { dots[Int($0)] > dots[Int($1)] }
        return NearestPrefix(
            stamp: stamp, reference: sum, dots: dots, lengths: lengths, magnitudes: magnitudes, order: order,
            longest: longest, largestMagnitude: largestMagnitude)
    }

    /// `nearest(query, k:, filter:)` for a typist, exactly: the same ids and similarities in the same order, reading
    /// only the vectors whose bound from `reusing` (taken again when it does not fit) can enter the top k.
    /// - Parameters:
    ///   - query: the text's vector, quantised.
    ///   - sum: the sum of the text's token rows, whose direction `query` is (`StaticEmbeddingModel.embedWithSum`).
    ///   - reusing: the typist's figures from an earlier keystroke; nil or stale ones are made again.
    /// - Returns: the nearest ids, and the figures to pass with the next keystroke.
    func nearest(
        _ query: PackedQuery, sum: [Float], k: Int, filter: String?, reusing: NearestPrefix?
    ) -> (nearest: [(id: Int64, similarity: Double)], prefix: NearestPrefix?) {
        guard k > 0, query.count == dimensions, dimensions > 0, sum.count == dimensions else {
            return (nearest(query, k: k, filter: filter), nil)
        }
        let length = Self.length(sum)
        guard length > 0, length.isFinite, query.scale.isFinite else { return (nearest(query, k: k, filter: filter), nil) }
        var prefix = reusing
        var drift = prefix.map { Self.length(zip(sum, $0.reference).map { $0 - $1 }) } ?? .infinity
        if prefix?.stamp != stamp || prefix?.reference.count != dimensions || !(drift <= Self.referenceDrift * length) {
            prefix = nearestPrefix(reference: sum)
            drift = 0
        }
        guard let prefix else { return (nearest(query, k: k, filter: filter), nil) }
        let wanted: Int32?
        if let filter {
            guard let known = filterCodes[filter] else { return ([], prefix) }
            wanted = known
        } else {
            wanted = nil
        }
        // A vector's cosine with the query is at most this bound (see `NearestPrefix`).
        let rounding = Double(query.scale) / 2
        func bound(dot: Float, length vectorLength: Float, magnitude: Float) -> Double {
            (Double(dot) + Double(drift) * Double(vectorLength)) / Double(length) + rounding * Double(magnitude)
                + Self.boundSlack
        }
        var best: [(id: Int64, similarity: Double)] = []
        best.reserveCapacity(k + 1)
        let queryScale = query.scale
        query.values.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                for slot32 in prefix.order {
                    let slot = Int(slot32)
                    let dot = prefix.dots[slot]
                    if best.count == k, let last = best.last {
                        // The slots come by reference dot, so no later one can beat this bound.
                        if bound(dot: dot, length: prefix.longest, magnitude: prefix.largestMagnitude) < last.similarity { break }
                        if bound(dot: dot, length: prefix.lengths[slot], magnitude: prefix.magnitudes[slot]) < last.similarity {
                            continue
                        }
                    }
                    guard scales[slot] != 0, wanted == nil || filters[slot] == wanted else { continue }
                    let similarity = Double(
                        Float(PackedVector.dot(q.baseAddress!, v.baseAddress! + slot * dimensions, count: dimensions))
                            * queryScale * scales[slot])
                    let id = ids[slot]
                    if best.count == k, let last = best.last,
                        !(similarity > last.similarity || (similarity == last.similarity && id < last.id))
                    {
                        continue
                    }
                    let at =
                        best.firstIndex { $0.similarity < similarity || ($0.similarity == similarity && $0.id > id) }
                        ?? best.count
                    best.insert((id, similarity), at: at)
                    if best.count > k { best.removeLast() }
                }
            }
        }
        return (best, prefix)
    }

    /// The Euclidean length of `vector`.
    private static func length(_ vector: [Float]) -> Float {
        var squares: Float = 0
        for x in vector { squares += x * x }
        return squares.squareRoot()
    }
}
