import Foundation
import SearchEngine

/// Stock phrases learned from the store: word shingles that customers write in complaints about unrelated problems
/// ("thank you very much", "I've been a customer for 5 years", "this is ridiculous", "my kids use this every day").
///
/// A solution's resolved complaints are a field of its document, so every greeting, grievance and circumstance in
/// them is searchable: a new complaint padded with stock sentences matches whichever solution's complaints happen to
/// repeat those words most, whatever the problem. The way a mail client strips signatures, the words of shingles that
/// occur in the complaints of solutions of three or more categories are dropped from a complaint before it is
/// searched for solutions. A phrase about a problem stays, because complaints about one problem go to the solutions
/// of one or two categories. The index itself keeps every word (so a rebuild and a catch-up index the same text).
///
/// Learned from the solutions index's documents when the index is rebuilt, and saved with its snapshots.
public struct Boilerplate: Sendable, Hashable {
    /// The stock shingles, as stable 64-bit hashes of their normalised words.
    let shingles: Set<UInt64>

    /// Words per shingle. Three words with their stop words ("this is ridiculous", "thank you very") tell a stock
    /// phrase from a problem ("can't sign in"); one or two words are too common to be phrases.
    static let shingleLength = 3

    /// A shingle is stock when it occurs in the complaints of at least this many groups (categories): customers
    /// describe one problem to the solutions of one or two categories, not three.
    static let minimumGroups = 3

    /// No stock phrases: nothing is stripped.
    public static let none = Boilerplate(shingles: [])

    init(shingles: Set<UInt64>) {
        self.shingles = shingles
    }

    /// Whether nothing is stripped.
    public var isEmpty: Bool { shingles.isEmpty }

    /// Learns the stock shingles of `field` in `documents`. A document's group is its filter value (the solution's
    /// category), or its id when it has none.
    public init(learningFrom documents: [Document], field: String) {
        let texts = documents.compactMap { d -> (group: String, text: String)? in
            guard let text = d.fields[field], !text.isEmpty else { return nil }
            return (d.filter ?? "id:" + d.id, text)
        }
        .sorted { $0.group < $1.group }
        // Documents are visited group by group, so a shingle's count goes up once per group it occurs in.
        var groups: [UInt64: (last: Int, count: Int)] = [:]
        var group = -1
        var previous: String?
        for (key, text) in texts {
            if key != previous {
                group += 1
                previous = key
            }
            Self.forEachShingle(in: Self.words(text).map(\.word)) { hash, _ in
                if let seen = groups[hash] {
                    if seen.last != group { groups[hash] = (group, seen.count + 1) }
                } else {
                    groups[hash] = (group, 1)
                }
            }
        }
        self.shingles = Set(groups.filter { $0.value.count >= Self.minimumGroups }.keys)
    }

    /// `text` without the words of its stock shingles; the other words keep their order, separated by spaces.
    /// - Returns: `text` itself when nothing is stock, or when every word is.
    public func strip(_ text: String) -> String {
        guard let (words, kept) = keptWordIndices(text) else { return text }
        return kept.map { String(text[words[$0].range]) }.joined(separator: " ")
    }

    /// The UTF-8 ranges in `text` of the words `strip(_:)` keeps, in order; nil when it keeps the text whole. The terms
    /// of the stripped text are those of `text` whose tokens lie in these ranges (a word is split at white space only,
    /// so the analyzer reads each kept word the same either way): a caller that analysed `text` needs not analyse it
    /// again.
    public func keptWords(_ text: String) -> [Range<Int>]? {
        guard let (words, kept) = keptWordIndices(text) else { return nil }
        let utf8 = text.utf8
        return kept.map { i in
            let range = words[i].range
            let start = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
            return start..<(start + utf8.distance(from: range.lowerBound, to: range.upperBound))
        }
    }

    /// The words of `text` and the positions of those `strip(_:)` keeps; nil when it keeps the text whole (nothing is
    /// stock, or everything is).
    private func keptWordIndices(_ text: String) -> (words: [(word: String, range: Range<String.Index>)], kept: [Int])? {
        guard !shingles.isEmpty else { return nil }
        let words = Self.words(text)
        var stock = [Bool](repeating: false, count: words.count)
        var found = false
        Self.forEachShingle(in: words.map(\.word)) { hash, start in
            guard shingles.contains(hash) else { return }
            found = true
            for i in start..<(start + Self.shingleLength) { stock[i] = true }
        }
        guard found else { return nil }
        let kept = words.indices.filter { !stock[$0] }
        guard !kept.isEmpty else { return nil }
        return (words, kept)
    }

    // MARK: - Words and shingles

    /// The whitespace-separated words of `text` that have a letter or digit, each lower-cased without the
    /// punctuation around it (`"Thanks!!"` → `thanks`), with its range in `text`. Splitting at whitespace only
    /// means that dropping a word never changes how the search engine analyses the words kept.
    static func words(_ text: String) -> [(word: String, range: Range<String.Index>)] {
        asciiWords(text) ?? characterWords(text)
    }

    /// `words(_:)` read character by character, for any text.
    static func characterWords(_ text: String) -> [(word: String, range: Range<String.Index>)] {
        var out: [(word: String, range: Range<String.Index>)] = []
        var start: String.Index?
        var i = text.startIndex
        func flush(_ end: String.Index) {
            guard let s = start else { return }
            start = nil
            let chunk = text[s..<end]
            let word = chunk.lowercased().trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
            if !word.isEmpty { out.append((word, s..<end)) }
        }
        while i < text.endIndex {
            if text[i].isWhitespace {
                flush(i)
            } else if start == nil {
                start = i
            }
            i = text.index(after: i)
        }
        flush(text.endIndex)
        return out
    }

    /// `words(_:)` for an ASCII text, read as bytes (white space is a tab, a line break, a form feed or a space, and a
    /// letter or digit is `A`–`Z`, `a`–`z` or `0`–`9`); nil when the text has a byte past ASCII.
    private static func asciiWords(_ text: String) -> [(word: String, range: Range<String.Index>)]? {
        let utf8 = text.utf8
        let result = utf8.withContiguousStorageIfAvailable { bytes -> [(word: String, range: Range<String.Index>)]? in
            var out: [(word: String, range: Range<String.Index>)] = []
            var start: Int?
            func flush(_ end: Int) {
                guard let s = start else { return }
                start = nil
                var low = s
                var high = end
                while low < high && !WordPieces.isASCIILetterOrDigit(bytes[low]) { low += 1 }
                while high > low && !WordPieces.isASCIILetterOrDigit(bytes[high - 1]) { high -= 1 }
                guard low < high else { return }
                let word = String(unsafeUninitializedCapacity: high - low) { buffer in
                    for i in low..<high {
                        let byte = bytes[i]
                        buffer[i - low] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    }
                    return high - low
                }
                out.append((word, utf8.index(utf8.startIndex, offsetBy: s)..<utf8.index(utf8.startIndex, offsetBy: end)))
            }
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x80 else { return nil }
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    flush(i)
                } else if start == nil {
                    start = i
                }
            }
            flush(bytes.count)
            return out
        }
        return result ?? nil
    }

    /// Calls `body` with the hash and the first word's position of every shingle of `words`.
    static func forEachShingle(in words: [String], _ body: (UInt64, Int) -> Void) {
        guard words.count >= shingleLength else { return }
        for start in 0...(words.count - shingleLength) {
            body(hash(words[start..<(start + shingleLength)]), start)
        }
    }

    /// FNV-1a over the words' UTF-8 bytes, a space between words: the same in every process, unlike `Hasher`,
    /// so that learned shingles can be saved.
    static func hash(_ words: ArraySlice<String>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (n, word) in words.enumerated() {
            if n > 0 { h = (h ^ 0x20) &* 0x0000_0100_0000_01B3 }
            for byte in word.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return h
    }

    // MARK: - Snapshots

    /// The shingles as bytes (eight little-endian bytes each, sorted).
    func serialized() -> Data {
        var data = Data(capacity: shingles.count * 8)
        for hash in shingles.sorted() {
            withUnsafeBytes(of: hash.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Reads `serialized()` bytes; nil when their length is not a multiple of eight.
    init?(serialized data: Data) {
        guard data.count % 8 == 0 else { return nil }
        var shingles = Set<UInt64>(minimumCapacity: data.count / 8)
        let bytes = [UInt8](data)
        for offset in stride(from: 0, to: bytes.count, by: 8) {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            shingles.insert(value)
        }
        self.shingles = shingles
    }
}
