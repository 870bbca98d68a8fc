/// The sorted terms of a segment: term `i` is the `i`-th smallest byte string, so lookups are a binary
/// search and all terms with a prefix form one contiguous range.
struct TermDictionary: Sendable {
    /// Concatenated term bytes, in sorted order.
    let bytes: FrozenArray<UInt8>
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of term `i`; `count + 1` entries.
    let offsets: FrozenArray<UInt32>

    /// Number of terms.
    var count: Int { offsets.count - 1 }

    /// The bytes of term `i`.
    @inline(__always) func term(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[i])
        return UnsafeBufferPointer(start: bytes.base + start, count: Int(offsets[i + 1]) - start)
    }

    /// Three-way comparison of term `i` with `key`.
    @inline(__always) private func compare(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int {
        let t = term(i)
        let n = min(t.count, key.count)
        for j in 0..<n where t[j] != key[j] { return t[j] < key[j] ? -1 : 1 }
        return t.count == key.count ? 0 : (t.count < key.count ? -1 : 1)
    }

    /// The id of `key`, or `nil` when the segment does not contain it.
    /// - Complexity: O(log n) comparisons.
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = compare(mid, key)
            if c == 0 { return mid }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The ids of all terms that start with `prefix` (a contiguous range).
    func prefixRange(_ prefix: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = 0
        var hi = count
        while lo < hi {  // first term >= prefix
            let mid = (lo + hi) >> 1
            if compare(mid, prefix) < 0 { lo = mid + 1 } else { hi = mid }
        }
        var end = count
        var l2 = lo
        while l2 < end {  // first term at or after `lo` that does not start with prefix
            let mid = (l2 + end) >> 1
            let t = term(mid)
            if t.count >= prefix.count && t.prefix(prefix.count).elementsEqual(prefix) { l2 = mid + 1 } else { end = mid }
        }
        return lo..<end
    }
}

/// Lexicographic order of byte strings.
@inline(__always)
func lexicographicallyPrecedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = min(a.count, b.count)
    for i in 0..<n where a[i] != b[i] { return a[i] < b[i] }
    return a.count < b.count
}
