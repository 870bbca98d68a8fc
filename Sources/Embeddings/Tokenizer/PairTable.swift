/// The BPE merge rules: an open-addressing hash table from a pair of token ids to the merge's rank and the
/// id of the merged token.
///
/// A `Dictionary<UInt64, …>` would do, but this is the innermost lookup of tokenisation (a few per
/// character), and a flat table with a multiplicative hash is several times faster.
struct PairTable: Sendable {
    /// A merge rule: lower ranks merge first.
    struct Merge: Equatable, Sendable {
        let rank: UInt32
        let merged: Int32
    }

    private static let empty = UInt64.max
    /// Slot *i* is `slots[2i]` (the key: left id << 32 | right id, or `empty`) and `slots[2i + 1]` (the value:
    /// rank << 32 | merged id): one cache line per probe.
    private var slots: [UInt64]
    private let shift: UInt64
    private let mask: Int
    /// Number of rules stored.
    private(set) var count = 0

    /// An empty table with room for `capacity` rules at a load factor of at most one half.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Self.empty, count: 2 * size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Sets the rule for `(left, right)`, replacing an earlier one (as a later line of a merges list does).
    /// - Precondition: the table has room (see `init(capacity:)`); ids are non-negative.
    mutating func insert(_ left: Int32, _ right: Int32, _ merge: Merge) {
        precondition(left >= 0 && right >= 0 && count * 2 < mask + 1)
        let key = Self.key(left, right)
        var i = slot(key)
        while slots[2 * i] != Self.empty && slots[2 * i] != key { i = (i + 1) & mask }
        if slots[2 * i] == Self.empty { count += 1 }
        slots[2 * i] = key
        slots[2 * i + 1] = UInt64(merge.rank) << 32 | UInt64(UInt32(bitPattern: merge.merged))
    }

    /// The rule for `(left, right)`, if there is one.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func merge(_ left: Int32, _ right: Int32) -> Merge? {
        let key = Self.key(left, right)
        return slots.withUnsafeBufferPointer { slots in
            var i = slot(key)
            while true {
                let k = slots[2 * i]
                if k == key {
                    let v = slots[2 * i + 1]
                    return Merge(rank: UInt32(truncatingIfNeeded: v >> 32), merged: Int32(truncatingIfNeeded: v))
                }
                if k == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }
}
