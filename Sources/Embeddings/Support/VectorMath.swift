/// Vector arithmetic on `Float` buffers with the standard library's `SIMD` types.
public enum VectorMath {
    /// The dot product of the first `count` elements of `a` and `b`.
    /// - Complexity: O(`count`); 16 lanes at a time, four independent accumulators.
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var s0 = SIMD16<Float>()
        var s1 = SIMD16<Float>()
        var s2 = SIMD16<Float>()
        var s3 = SIMD16<Float>()
        let stride = MemoryLayout<SIMD16<Float>>.size
        var i = 0
        while i + 64 <= count {
            let o = i * 4
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self) * rb.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self)
            s1 +=
                ra.loadUnaligned(fromByteOffset: o + stride, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o + stride, as: SIMD16<Float>.self)
            s2 +=
                ra.loadUnaligned(fromByteOffset: o + 2 * stride, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o + 2 * stride, as: SIMD16<Float>.self)
            s3 +=
                ra.loadUnaligned(fromByteOffset: o + 3 * stride, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: o + 3 * stride, as: SIMD16<Float>.self)
            i += 64
        }
        while i + 16 <= count {
            s0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// The dot product of two vectors of equal length.
    /// - Precondition: `a.count == b.count`.
    @inlinable
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dot product of vectors of lengths \(a.count) and \(b.count)")
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
                return dot(pa, pb, count: a.count)
            }
        }
    }

    /// The cosine of the angle between `a` and `b`; 0 when either is the zero vector.
    /// For unit vectors (as `StaticEmbeddingModel.embed` returns) it equals `dot(a, b)`.
    /// - Precondition: `a.count == b.count`.
    @inlinable
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let norms = (dot(a, a) * dot(b, b)).squareRoot()
        return norms > 0 ? dot(a, b) / norms : 0
    }

    /// Scales `vector` to unit length in place; leaves the zero vector as it is.
    @inlinable
    public static func normalize(_ vector: inout [Float]) {
        let norm = dot(vector, vector).squareRoot()
        guard norm > 0 else { return }
        vector.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] /= norm }
        }
    }
}
