/// A unit vector stored in one byte per dimension: value ≈ `scale` × int8, with `scale` = the largest magnitude / 127.
///
/// What an index keeps per document (256 dimensions: 256 bytes plus the array's header, against 1 KiB as `Float`).
/// The rounding error per dimension is at most `scale` / 2, so a dot product with a unit query moves by at most
/// √dimensions × `scale` / 2 (about 0.003 for WordLlama's 256 dimensions), far below the gaps that order matches.
public struct PackedVector: Sendable, Hashable {
    /// The quantised values.
    public let values: [Int8]
    /// The factor turning a value back into the vector's element.
    public let scale: Float

    /// Packs `vector` (any length; the zero vector packs to zeros).
    public init(_ vector: [Float]) {
        let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else {
            values = [Int8](repeating: 0, count: vector.count)
            scale = 0
            return
        }
        let scale = largest / 127
        values = vector.map { Int8(clamping: Int(($0 / scale).rounded())) }
        self.scale = scale
    }

    /// Number of dimensions.
    public var count: Int { values.count }

    /// The vector as floats (`scale` × each value).
    public var unpacked: [Float] { values.map { Float($0) * scale } }

    /// The dot product of `query` with this vector; 0 when the lengths differ.
    /// - Complexity: O(`count`), 16 lanes at a time.
    public func dot(_ query: [Float]) -> Float {
        guard query.count == values.count, scale != 0 else { return 0 }
        return query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                let count = v.count
                var sum = SIMD16<Float>()
                var i = 0
                let rq = UnsafeRawPointer(q.baseAddress!)
                let rv = UnsafeRawPointer(v.baseAddress!)
                while i + 16 <= count {
                    let bytes = rv.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
                    sum += rq.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * SIMD16<Float>(bytes)
                    i += 16
                }
                var total = sum.sum()
                while i < count {
                    total += q[i] * Float(v[i])
                    i += 1
                }
                return total * scale
            }
        }
    }
}
