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
        (values, scale) = quantised(vector)
    }

    /// A vector as `values` and `scale` hold it (as read back from storage).
    public init(values: [Int8], scale: Float) {
        self.values = values
        self.scale = scale
    }

    /// Number of dimensions.
    public var count: Int { values.count }

    /// The vector as floats (`scale` × each value).
    public var unpacked: [Float] { values.map { Float($0) * scale } }

    /// The dot product of `query` with this vector; 0 when the lengths differ.
    /// - Complexity: O(`count`).
    public func dot(_ query: [Float]) -> Float {
        guard query.count == values.count, scale != 0 else { return 0 }
        return query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in Self.dot(q.baseAddress!, v.baseAddress!, count: v.count) * scale }
        }
    }

    /// The dot product of `query` with this vector; 0 when the lengths differ.
    /// - Complexity: O(`count`), in integers (`PackedQuery`).
    public func dot(_ query: PackedQuery) -> Float {
        guard query.count == values.count, scale != 0 else { return 0 }
        return query.values.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                Float(Self.dot(q.baseAddress!, v.baseAddress!, count: v.count)) * query.scale * scale
            }
        }
    }

    /// The dot product of `count` 16-bit values with `count` int8 values (unscaled), in 32-bit integers: at most
    /// 32,767 × 128 per dimension, so no sum of up to 512 dimensions wraps.
    /// - Complexity: O(`count`); the compiler turns the loop into vector instructions (widening multiplies and
    ///   adds), about half the time of the `Float` loop below.
    @inlinable
    public static func dot(_ q: UnsafePointer<Int16>, _ v: UnsafePointer<Int8>, count: Int) -> Int32 {
        var sum: Int32 = 0
        for i in 0..<count { sum &+= Int32(truncatingIfNeeded: q[i]) &* Int32(truncatingIfNeeded: v[i]) }
        return sum
    }

    /// The dot product of `count` floats with `count` int8 values (unscaled).
    /// - Complexity: O(`count`); eight independent sums, which the compiler turns into vector instructions (the
    ///   generic SIMD conversion from `Int8` is not, and cost three times as much).
    @inlinable
    public static func dot(_ q: UnsafePointer<Float>, _ v: UnsafePointer<Int8>, count: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var i = 0
        while i + 8 <= count {
            s0 += q[i] * Float(v[i])
            s1 += q[i + 1] * Float(v[i + 1])
            s2 += q[i + 2] * Float(v[i + 2])
            s3 += q[i + 3] * Float(v[i + 3])
            s4 += q[i + 4] * Float(v[i + 4])
            s5 += q[i + 5] * Float(v[i + 5])
            s6 += q[i + 6] * Float(v[i + 6])
            s7 += q[i + 7] * Float(v[i + 7])
            i += 8
        }
        var total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while i < count {
            total += q[i] * Float(v[i])
            i += 1
        }
        return total
    }
}

/// A query vector quantised once for many `PackedVector` dot products: value ≈ `scale` × int16, with `scale` = the
/// largest magnitude / 32,767. The rounding error per dimension is at most `scale` / 2, about 1/65,534 of the largest
/// element, so a dot product moves far less than by the stored vectors' own 8-bit rounding.
public struct PackedQuery: Sendable {
    /// The quantised values.
    public let values: [Int16]
    /// The factor turning a value back into the query's element.
    public let scale: Float

    /// Packs `vector` (the zero vector, or one with a non-finite element, packs to zeros).
    public init(_ vector: [Float]) {
        (values, scale) = quantised(vector)
    }

    /// Number of dimensions.
    public var count: Int { values.count }
}

/// `vector` as integers of type `T` and the scale turning them back: value ≈ scale × integer, with scale = the largest
/// magnitude / `T.max` (zeros and scale 0 for the zero vector, or one with a non-finite element).
private func quantised<T: FixedWidthInteger & SignedInteger>(_ vector: [Float]) -> ([T], Float) {
    let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
    guard largest > 0, largest.isFinite else { return ([T](repeating: 0, count: vector.count), 0) }
    let scale = largest / Float(T.max)
    return (vector.map { T(clamping: Int(($0 / scale).rounded())) }, scale)
}
