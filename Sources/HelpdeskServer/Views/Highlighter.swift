import HelpdeskCore
import SearchEngine

/// A piece of text, marked when it matched a query term.
struct HighlightSegment: Codable, Sendable, Hashable {
    /// The text, unescaped (escape it when rendering).
    var text: String
    /// Whether it matched.
    var match: Bool
}

/// Marks the words of a text that match a query, the way the search engine matched them: each word is analysed
/// (folded, stop words dropped, stemmed) and marked when its term is a query term; with `prefixLastTerm`, words
/// starting with the partial last word being typed are marked too.
///
/// Texts are split into words by UTF-8 offsets (`WordPieces`, bytes while the text is ASCII). The solutions' titles
/// and steps come split and analysed from the index's catalog, so marking them only compares terms.
struct Highlighter: Sendable {
    /// The solutions index's analyzer, made once (`HelpdeskIndex.solutionsConfiguration` builds a new one each time).
    static let solutionsAnalyzer = HelpdeskIndex.solutionsConfiguration.analyzer

    private let analyzer: Analyzer
    private let terms: Set<String>
    /// The union of the terms' `WordPieces.termBit`s.
    private let termBits: UInt64
    /// The partial last word being typed, lower-cased; nil when not typing or shorter than two characters.
    private let partial: String?
    /// `partial`'s bytes when it is ASCII, for comparing a word's bytes without lower-casing it into a new string.
    private let asciiPartial: [UInt8]?

    /// Creates a highlighter for `query`, analysing it.
    init(query: String, prefixLastTerm: Bool, analyzer: Analyzer = Highlighter.solutionsAnalyzer) {
        self.init(terms: analyzer.analyze(query), query: query, prefixLastTerm: prefixLastTerm, analyzer: analyzer)
    }

    /// Creates a highlighter for `query` whose terms were analysed already (`Suggestions.terms`).
    init(
        terms: some Sequence<String>, query: String, prefixLastTerm: Bool,
        analyzer: Analyzer = Highlighter.solutionsAnalyzer
    ) {
        self.analyzer = analyzer
        self.terms = Set(terms)
        termBits = self.terms.reduce(0) { $0 | WordPieces.termBit($1) }
        var partial: String?
        if prefixLastTerm, let last = query.unicodeScalars.last, last.properties.isAlphabetic || last.properties.numericType != nil,
            let word = WordPieces.runs(of: query).last(where: \.isWord)
        {
            let lowered = WordPieces.substring(query, word.range).lowercased()
            partial = lowered.count >= 2 ? lowered : nil
        }
        self.partial = partial
        asciiPartial = partial.flatMap { $0.utf8.allSatisfy { $0 < 0x80 } ? Array($0.utf8) : nil }
    }

    /// How many words of `text` match.
    func matches(_ text: String) -> Int { matches(WordPieces(text, analyzer: analyzer)) }

    /// How many words of `words` match.
    func matches(_ words: WordPieces) -> Int {
        var count = 0
        for i in words.pieces.indices where isMatch(i, in: words) { count += 1 }
        return count
    }

    /// `text` split into marked and unmarked segments (adjacent unmarked text merged).
    func segments(_ text: String) -> [HighlightSegment] { segments(WordPieces(text, analyzer: analyzer)) }

    /// `words` split into marked and unmarked segments (adjacent unmarked text merged).
    func segments(_ words: WordPieces) -> [HighlightSegment] {
        var result: [HighlightSegment] = []
        // The unmarked run being gathered, as UTF-8 offsets: merged into one segment when it ends.
        var unmarked: Range<Int>?
        for i in words.pieces.indices {
            let range = words.pieces[i].range
            if isMatch(i, in: words) {
                if let run = unmarked { result.append(HighlightSegment(text: String(words.text(of: run)), match: false)) }
                unmarked = nil
                result.append(HighlightSegment(text: String(words.text(of: range)), match: true))
            } else {
                unmarked = (unmarked?.lowerBound ?? range.lowerBound)..<range.upperBound
            }
        }
        if let run = unmarked { result.append(HighlightSegment(text: String(words.text(of: run)), match: false)) }
        return result
    }

    /// The best excerpt of `texts` (the one with the most matches, else the first), cut to about `limit` characters
    /// around the first match.
    func snippet(of texts: [String], limit: Int = 180) -> [HighlightSegment] {
        snippet(of: texts.map { WordPieces($0, analyzer: analyzer) }, limit: limit)
    }

    /// The best excerpt of `texts` (the one with the most matches, else the first), cut to about `limit` characters
    /// around the first match.
    func snippet(of texts: [WordPieces], limit: Int = 180) -> [HighlightSegment] {
        // The first text with the most matches.
        var best: WordPieces?
        var bestMatches = -1
        for words in texts {
            let count = matches(words)
            if count > bestMatches {
                best = words
                bestMatches = count
            }
        }
        guard let best else { return [] }
        // A text of at most `limit` bytes has at most `limit` characters: no need to count them.
        guard best.text.utf8.count > limit, best.text.count > limit else { return segments(best) }
        let text = best.text
        var offset = 0
        if let firstMatch = best.pieces.indices.first(where: { isMatch($0, in: best) }) {
            offset = best.pieces[..<firstMatch].reduce(0) { $0 + best.text(of: $1.range).count }
        }
        let start = max(0, min(offset - 40, text.count - limit))
        let startIndex = text.index(text.startIndex, offsetBy: start)
        let endIndex = text.index(startIndex, offsetBy: min(limit, text.count - start))
        let cut = (start > 0 ? "…" : "") + text[startIndex..<endIndex] + (endIndex < text.endIndex ? "…" : "")
        return segments(WordPieces(cut, analyzer: analyzer))
    }

    /// Whether piece `i` of `words` is a word that matches a query term or starts with the partial word being typed.
    /// (Its fields are read in place: a copy of the piece would retain and release its terms for every word.)
    private func isMatch(_ i: Int, in words: WordPieces) -> Bool {
        guard words.pieces[i].isWord else { return false }
        if words.pieces[i].termBits & termBits != 0 && words.pieces[i].terms.contains(where: terms.contains) { return true }
        guard let partial else { return false }
        // A word starting with another ASCII letter or digit than the partial word cannot start with it, lower-cased
        // or not: most words are settled here, without reading them.
        let byte = words.pieces[i].leadingByte
        if let first = asciiPartial?.first, byte < 0x80 {
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != first { return false }
        }
        let word = words.text(of: words.pieces[i].range)
        if let asciiPartial, let ascii = Self.asciiHasPrefix(word, asciiPartial) { return ascii }
        return word.lowercased().hasPrefix(partial)
    }

    /// Whether ASCII `word`, lower-cased, starts with `prefix` (lower-case ASCII); nil when `word` is not ASCII.
    private static func asciiHasPrefix(_ word: Substring, _ prefix: [UInt8]) -> Bool? {
        var result: Bool? = true
        var i = 0
        for byte in word.utf8 {
            guard byte < 0x80 else { return nil }
            if i < prefix.count {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != prefix[i] { result = false }
                i += 1
            }
        }
        return i < prefix.count ? false : result
    }
}
