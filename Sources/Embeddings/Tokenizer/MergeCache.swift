import Synchronization

/// The merge results of recent words that are not tokens themselves ("week.", "passwords"), shared by all
/// threads: one lookup instead of the merge loop the next time the word comes.
///
/// The table has a fixed size, reserved up front, and stops taking words once full, so the lock is held for
/// O(length of the word) and never for a reallocation; a thread that finds the lock taken does not wait, it
/// merges the word itself (as `tokenizers`' cache does).
final class MergeCache: Sendable {
    /// Words longer than this many bytes are not cached.
    static let maxWordBytes = 48

    private let table: Mutex<Table>

    /// A cache for up to `capacity` words.
    init(capacity: Int) {
        table = Mutex(Table(capacity: capacity))
    }

    /// Appends the cached tokens of `word` to `output`; false (and nothing appended) on a miss or a busy lock.
    func lookup(_ word: UnsafeRawBufferPointer, into output: inout [Int32]) -> Bool {
        guard word.count <= Self.maxWordBytes else { return false }
        let hash = Self.hash(word)
        return table.withLockIfAvailable { $0.lookup(word, hash: hash, into: &output) } ?? false
    }

    /// Remembers that `word` merges into `tokens`, if there is room and the lock is free.
    func insert(_ word: UnsafeRawBufferPointer, tokens: ArraySlice<Int32>) {
        guard word.count <= Self.maxWordBytes else { return }
        let hash = Self.hash(word)
        _ = table.withLockIfAvailable { $0.insert(word, hash: hash, tokens: tokens) }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// An insert-only open-addressing table over two arenas (word bytes, token ids).
    struct Table: Sendable {
        struct Entry: Sendable {
            var byteStart: Int32
            var byteCount: Int32
            var tokenStart: Int32
            var tokenCount: Int32
        }

        let capacity: Int
        var bytes: [UInt8] = []
        var tokens: [Int32] = []
        var entries: [Entry] = []
        var slots: [Int32]
        let mask: Int

        init(capacity: Int) {
            self.capacity = capacity
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: -1, count: size)
            mask = size - 1
            bytes.reserveCapacity(capacity * MergeCache.maxWordBytes)
            tokens.reserveCapacity(capacity * 8)
            entries.reserveCapacity(capacity)
        }

        private func matches(_ entry: Entry, _ word: UnsafeRawBufferPointer) -> Bool {
            Int(entry.byteCount) == word.count
                && bytes.withUnsafeBufferPointer { b in
                    word.elementsEqual(UnsafeBufferPointer(rebasing: b[Int(entry.byteStart)..<Int(entry.byteStart + entry.byteCount)]))
                }
        }

        func lookup(_ word: UnsafeRawBufferPointer, hash: Int, into output: inout [Int32]) -> Bool {
            var slot = hash & mask
            while slots[slot] >= 0 {
                let entry = entries[Int(slots[slot])]
                if matches(entry, word) {
                    output.append(contentsOf: tokens[Int(entry.tokenStart)..<Int(entry.tokenStart + entry.tokenCount)])
                    return true
                }
                slot = (slot + 1) & mask
            }
            return false
        }

        mutating func insert(_ word: UnsafeRawBufferPointer, hash: Int, tokens newTokens: ArraySlice<Int32>) {
            // Full: keep what is there (the arenas never grow, so the lock is never held for a reallocation).
            guard entries.count < capacity, bytes.count + word.count <= bytes.capacity,
                tokens.count + newTokens.count <= tokens.capacity
            else { return }
            var slot = hash & mask
            while slots[slot] >= 0 {
                if matches(entries[Int(slots[slot])], word) { return }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(entries.count)
            entries.append(
                Entry(
                    byteStart: Int32(bytes.count),
                    byteCount: Int32(word.count),
                    tokenStart: Int32(tokens.count),
                    tokenCount: Int32(newTokens.count)
                )
            )
            bytes.append(contentsOf: word)
            tokens.append(contentsOf: newTokens)
        }
    }
}
