import SearchEngine

/// A text split the way highlights mark it: runs of letters and digits (words) and runs of everything else, by UTF-8
/// offsets, each word with the terms the index's analyzer makes of it.
///
/// The titles and steps of the solutions are split once, when the `SolutionCatalog` reads them, so that highlighting a
/// suggestion only compares terms. Splitting reads bytes while the text is ASCII (where a letter or digit is one byte
/// and no character spans two classes) and falls back to characters (`Character.isLetter`, `isNumber`) otherwise.
public struct WordPieces: Sendable, Hashable {
    /// One run of the text.
    public struct Piece: Sendable, Hashable {
        /// Its UTF-8 offsets in the text.
        public var range: Range<Int>
        /// Whether it is a run of letters and digits.
        public var isWord: Bool
        /// The terms the analyzer makes of it (none for a separator run or a stop word).
        public var terms: [String]
        /// The union of its terms' `termBit`s: a piece whose bits miss a query's has none of its terms.
        public var termBits: UInt64 = 0
        /// Its first UTF-8 byte (0 for an empty piece): an ASCII one is the piece's first character, which tells a
        /// word that cannot start with a given prefix without reading it.
        public var leadingByte: UInt8 = 0
    }

    /// The text.
    public let text: String
    /// Its runs, in order; together they cover the whole text.
    public let pieces: [Piece]

    /// Splits `text` and analyses its words with `analyzer`.
    /// - Complexity: O(n) in the length of `text`.
    public init(_ text: String, analyzer: Analyzer) {
        var memo: [Substring: [String]] = [:]
        self.init(text, analyzer: analyzer, memo: &memo)
    }

    /// Splits `text`, analysing each distinct word once across the texts that share `memo`.
    init(_ text: String, analyzer: Analyzer, memo: inout [Substring: [String]]) {
        self.text = text
        pieces = Self.runs(of: text).map { run in
            guard run.isWord else { return Piece(range: run.range, isWord: false, terms: []) }
            let word = Self.substring(text, run.range)
            let terms: [String]
            if let known = memo[word] {
                terms = known
            } else {
                terms = analyzer.analyze(String(word))
                memo[word] = terms
            }
            return Piece(
                range: run.range, isWord: true, terms: terms, termBits: terms.reduce(0) { $0 | Self.termBit($1) },
                leadingByte: word.utf8.first ?? 0)
        }
    }

    /// The part of the text at UTF-8 offsets `range` (a piece's, or several's together).
    public func text(of range: Range<Int>) -> Substring { Self.substring(text, range) }

    /// The part of `text` at UTF-8 offsets `range`, which fall on character boundaries (as `runs(of:)` gives them).
    public static func substring(_ text: String, _ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return text[start..<end]
    }

    /// The runs of letters and digits and of everything else in `text`, by UTF-8 offsets.
    /// - Complexity: O(n) in the length of `text`; one byte comparison per character while the text is ASCII.
    public static func runs(of text: String) -> [(range: Range<Int>, isWord: Bool)] {
        if let ascii = asciiRuns(of: text) { return ascii }
        var runs: [(range: Range<Int>, isWord: Bool)] = []
        var start = 0
        var offset = 0
        var runIsWord = false
        for character in text {
            let isWord = character.isLetter || character.isNumber
            if offset > start && isWord != runIsWord {
                runs.append((start..<offset, runIsWord))
                start = offset
            }
            runIsWord = isWord
            offset += character.utf8.count
        }
        if offset > start { runs.append((start..<offset, runIsWord)) }
        return runs
    }

    /// `runs(of:)` for an ASCII text, read as bytes; nil when the text has a byte past ASCII.
    private static func asciiRuns(of text: String) -> [(range: Range<Int>, isWord: Bool)]? {
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> [(range: Range<Int>, isWord: Bool)]? in
            var runs: [(range: Range<Int>, isWord: Bool)] = []
            var start = 0
            var runIsWord = false
            for (offset, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                let isWord = isASCIILetterOrDigit(byte)
                if offset > start && isWord != runIsWord {
                    runs.append((start..<offset, runIsWord))
                    start = offset
                }
                runIsWord = isWord
            }
            if bytes.count > start { runs.append((start..<bytes.count, runIsWord)) }
            return runs
        }
        return result ?? nil
    }

    /// One of 64 bits for `term` (from its FNV-1a hash), to tell quickly that a word has none of a query's terms.
    public static func termBit(_ term: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in term.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return 1 << (hash >> 58)
    }

    /// Whether an ASCII byte is a letter or a digit.
    @inline(__always) static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
}
