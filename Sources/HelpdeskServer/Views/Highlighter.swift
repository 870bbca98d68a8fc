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
struct Highlighter: Sendable {
    private let analyzer: Analyzer
    private let terms: Set<String>
    private let partial: String?

    /// Creates a highlighter for `query`.
    init(query: String, prefixLastTerm: Bool, analyzer: Analyzer = HelpdeskIndex.solutionsConfiguration.analyzer) {
        self.analyzer = analyzer
        self.terms = Set(analyzer.analyze(query))
        if prefixLastTerm, let last = query.unicodeScalars.last, last.properties.isAlphabetic || last.properties.numericType != nil {
            let word = Self.words(of: query).last { $0.isWord }?.text.lowercased()
            self.partial = word.flatMap { $0.count >= 2 ? $0 : nil }
        } else {
            self.partial = nil
        }
    }

    /// Whether any word of `text` matches.
    func matches(_ text: String) -> Int {
        Self.words(of: text).filter { $0.isWord && isMatch($0.text) }.count
    }

    /// `text` split into marked and unmarked segments (adjacent unmarked text merged).
    func segments(_ text: String) -> [HighlightSegment] {
        var result: [HighlightSegment] = []
        for piece in Self.words(of: text) {
            let match = piece.isWord && isMatch(piece.text)
            if let last = result.last, !last.match, !match {
                result[result.count - 1].text += piece.text
            } else {
                result.append(HighlightSegment(text: piece.text, match: match))
            }
        }
        return result
    }

    /// The best excerpt of `texts` (the one with the most matches, else the first), cut to about `limit` characters
    /// around the first match.
    func snippet(of texts: [String], limit: Int = 180) -> [HighlightSegment] {
        guard let best = texts.max(by: { matches($0) < matches($1) }) ?? texts.first else { return [] }
        var text = best
        if text.count > limit {
            let pieces = Self.words(of: text)
            var offset = 0
            if let firstMatch = pieces.firstIndex(where: { $0.isWord && isMatch($0.text) }) {
                offset = pieces[..<firstMatch].reduce(0) { $0 + $1.text.count }
            }
            let start = max(0, min(offset - 40, text.count - limit))
            let startIndex = text.index(text.startIndex, offsetBy: start)
            let endIndex = text.index(startIndex, offsetBy: min(limit, text.count - start))
            text = (start > 0 ? "…" : "") + text[startIndex..<endIndex] + (endIndex < text.endIndex ? "…" : "")
        }
        return segments(text)
    }

    private func isMatch(_ word: String) -> Bool {
        if analyzer.analyze(word).contains(where: terms.contains) { return true }
        if let partial, word.lowercased().hasPrefix(partial) { return true }
        return false
    }

    private struct Piece {
        var text: String
        var isWord: Bool
    }

    /// Splits text into runs of letters/digits and runs of everything else.
    private static func words(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var currentIsWord = false
        for character in text {
            let isWord = character.isLetter || character.isNumber
            if !current.isEmpty && isWord != currentIsWord {
                pieces.append(Piece(text: current, isWord: currentIsWord))
                current = ""
            }
            current.append(character)
            currentIsWord = isWord
        }
        if !current.isEmpty { pieces.append(Piece(text: current, isWord: currentIsWord)) }
        return pieces
    }
}
