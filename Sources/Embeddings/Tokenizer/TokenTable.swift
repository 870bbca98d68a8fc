/// The vocabulary: token text → id, keyed by the text's exact UTF-8 bytes.
///
/// Bytes, not `String`: `String`'s equality follows Unicode canonical equivalence, so "ά" (U+03AC) and "ά"
/// (U+1F71) would be one key, yet they are two tokens with different ids (the Rust `tokenizers` library
/// compares bytes). The texts live in one byte arena with an open-addressing index over it, which also makes
/// reading the 61,000 merge rules of a tokenizer file fast (no `String` is built per lookup).
struct TokenTable: Sendable {
    private var arena: [UInt8] = []
    /// Start of token *i*'s bytes in `arena` (entry *i* + 1 is its end), in insertion order.
    private var starts: [Int] = [0]
    /// The id of each inserted token, in insertion order.
    private var tokenIDs: [Int32] = []
    /// Slots hold an insertion index, or -1.
    private var slots: [Int32]
    private let mask: Int

    /// An empty table with room for `capacity` tokens at a load factor of at most one half.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of tokens stored.
    var count: Int { tokenIDs.count }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        // FNV-1a, then a multiplicative mix of the result.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    private func bytes(at index: Int) -> ArraySlice<UInt8> { arena[starts[index]..<starts[index + 1]] }

    /// Sets the id of `text`, replacing an earlier one.
    /// - Precondition: the table has room (see `init(capacity:)`).
    mutating func insert(_ text: UnsafeRawBufferPointer, id: Int32) {
        var slot = Self.hash(text) & mask
        while slots[slot] >= 0 {
            if bytes(at: Int(slots[slot])).elementsEqual(text) {
                tokenIDs[Int(slots[slot])] = id
                return
            }
            slot = (slot + 1) & mask
        }
        precondition(count * 2 < slots.count, "TokenTable is full")
        slots[slot] = Int32(count)
        arena.append(contentsOf: text)
        starts.append(arena.count)
        tokenIDs.append(id)
    }

    mutating func insert(_ text: String, id: Int32) {
        var text = text
        text.withUTF8 { insert(UnsafeRawBufferPointer($0), id: id) }
    }

    /// The id of the token whose UTF-8 bytes are `text`.
    /// - Complexity: O(length of `text`) expected.
    func id(of text: UnsafeRawBufferPointer) -> Int32? {
        var slot = Self.hash(text) & mask
        return arena.withUnsafeBufferPointer { arena in
            while true {
                let index = Int(slots[slot])
                if index < 0 { return nil }
                let start = starts[index]
                let end = starts[index + 1]
                if end - start == text.count, text.elementsEqual(UnsafeBufferPointer(rebasing: arena[start..<end])) {
                    return tokenIDs[index]
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func id(of text: String) -> Int32? {
        var text = text
        return text.withUTF8 { id(of: UnsafeRawBufferPointer($0)) }
    }

    /// Every (text, id) pair, in insertion order.
    var entries: some Sequence<(text: String, id: Int32)> {
        (0..<count).lazy.map { (String(decoding: bytes(at: $0), as: UTF8.self), tokenIDs[$0]) }
    }
}
