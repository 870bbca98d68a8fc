/// The sorted terms of a segment: term `i` is the `i`-th smallest byte string, so all terms with a
/// prefix form one contiguous range (a binary search), and a hash table over the ids finds a whole term
/// with about three cache misses instead of two per step of a binary search.
struct TermDictionary: Sendable {
    /// Concatenated term bytes, in sorted order.
    let bytes: FrozenArray<UInt8>
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of term `i`; `count + 1` entries.
    let offsets: FrozenArray<UInt32>
    /// Open addressing by `hash(term)`: `id + 1` of a term, 0 for an empty slot; a power of two at
    /// most 3/4 full. Derived from the terms when the dictionary is made (not saved).
    let table: FrozenArray<UInt32>

    init(bytes: FrozenArray<UInt8>, offsets: FrozenArray<UInt32>) {
        self.bytes = bytes
        self.offsets = offsets
        let count = offsets.count - 1
        var size = 16
        while size * 3 < count * 4 { size <<= 1 }
        var table = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for i in 0..<count {
            let start = Int(offsets[i])
            var slot = Self.hash(UnsafeBufferPointer(start: bytes.base + start, count: Int(offsets[i + 1]) - start)) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(i + 1)
        }
        self.table = FrozenArray(table)
    }

    /// FNV-1a of the bytes, with a final mix of the high bits into the low ones.
    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Bytes the dictionary holds in memory.
    var byteCount: Int { bytes.byteCount + offsets.byteCount + table.byteCount }

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
    /// - Complexity: O(1) expected.
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = table.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let id = Int(entry) - 1
            let start = Int(offsets[id])
            if Int(offsets[id + 1]) - start == key.count, key.isEmpty || memoryEqual(bytes.base + start, key.baseAddress!, key.count) {
                return id
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key` by binary search (the table's reference in the tests).
    /// - Complexity: O(log n) comparisons.
    func binarySearch(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
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
