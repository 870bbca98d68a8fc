/// A growable set of non-negative integers, one bit each (plus a small set for negative ids such as Stack
/// Exchange's `Community` user, -1): Stack Overflow's 80 million post ids take 10 MB.
struct Bitset {
    private var words: [UInt64] = []
    private var negative: Set<Int> = []

    /// Adds `value`; returns false when it was there already.
    @discardableResult
    mutating func insert(_ value: Int) -> Bool {
        guard value >= 0 else { return negative.insert(value).inserted }
        let word = value >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count / 2))) }
        let mask: UInt64 = 1 << UInt64(value & 63)
        if words[word] & mask != 0 { return false }
        words[word] |= mask
        return true
    }

    /// Whether `value` is in the set.
    func contains(_ value: Int) -> Bool {
        guard value >= 0 else { return negative.contains(value) }
        let word = value >> 6
        return word < words.count && words[word] & (1 << UInt64(value & 63)) != 0
    }
}
