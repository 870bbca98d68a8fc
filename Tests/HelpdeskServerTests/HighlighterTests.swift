import Foundation
import HelpdeskCore
import SearchEngine
import Testing

@testable import HelpdeskServer

/// The highlighter reads words by UTF-8 offsets and takes the solutions' words analysed beforehand; what it marks must
/// be what the character-by-character highlighter it replaced marked (kept here as the reference).
@Suite("Highlighter")
struct HighlighterTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The shipped solutions' titles and steps.
    static func solutions() throws -> [(title: String, steps: [String])] {
        try String(contentsOf: corpus.appendingPathComponent("solutions.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (object["title"] as? String ?? "", object["steps"] as? [String] ?? [])
            }
    }

    /// The first `count` complaints of the shipped tickets (subject and description).
    static func complaints(_ count: Int) throws -> [String] {
        try String(contentsOf: corpus.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(count).map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return "\(object["subject"] as? String ?? "") \(object["description"] as? String ?? "")"
            }
    }

    /// Texts outside ASCII and around the snippet limit.
    static let awkward = [
        "Café crème: the İstanbul office's Straße-Øre printer (naïve setup) says cafe\u{301} ✅ 1️⃣ done",
        "Line one\r\nLine two\r\n  tabs\tand  spaces  ",
        String(repeating: "Open the settings and choose Printers. ", count: 8) + "Then reinstall the printer driver.",
        String(repeating: "Öffnen Sie die Einstellungen und wählen Sie Drucker. ", count: 6) + "Reinstall the driver.",
        "",
        "!!!",
        "Пароль не работает, 東京 2024, wifi6 E1234",
        // Letters whose lower case starts differently in bytes: the Kelvin sign, a decomposed accent, a dotted İ.
        "\u{212A}elvin scale, Kelvin kettle; Éclair e\u{301}clair eclair; İnce ince",
    ]

    @Test("marks the same words as before on the shipped solutions, for whole complaints and text being typed")
    func sameMarksAsBefore() throws {
        let analyzer = HelpdeskIndex.solutionsConfiguration.analyzer
        let solutions = try Self.solutions()
        var queries = try Self.complaints(8)
        queries += queries.prefix(6).map { String($0.prefix(23)) }  // cut inside a word, as while typing
        queries += ["café", "Straße drucker", "İst", "passw", "printer driv", "e", "Пар", "scale ke", "the ec", "in", "éc"]
        let texts = solutions.map(\.title) + solutions.prefix(20).flatMap(\.steps) + Self.awkward
        for query in queries {
            for typing in [false, true] {
                let reference = ReferenceHighlighter(query: query, prefixLastTerm: typing, analyzer: analyzer)
                let highlighter = Highlighter(query: query, prefixLastTerm: typing, analyzer: analyzer)
                let analysed = Highlighter(
                    terms: analyzer.analyzeWithOffsets(query).terms.map(\.text), query: query, prefixLastTerm: typing,
                    analyzer: analyzer)
                for text in texts {
                    let expected = reference.segments(text)
                    #expect(highlighter.segments(text) == expected, "\(query) / \(text)")
                    #expect(analysed.segments(WordPieces(text, analyzer: analyzer)) == expected, "\(query) / \(text)")
                }
                for steps in solutions.prefix(30).map(\.steps) + [Self.awkward] {
                    let expected = reference.snippet(of: steps)
                    #expect(highlighter.snippet(of: steps) == expected, "\(query)")
                    #expect(analysed.snippet(of: steps.map { WordPieces($0, analyzer: analyzer) }) == expected, "\(query)")
                }
            }
        }
    }

    @Test("words are split at the same places in ASCII and in other text")
    func runs() {
        for text in Self.awkward + ["a1-b2 c", " x ", "ab\u{301}c d"] {
            var reference: [(String, Bool)] = []
            for character in text {
                let isWord = character.isLetter || character.isNumber
                if let last = reference.last, last.1 == isWord {
                    reference[reference.count - 1].0.append(character)
                } else {
                    reference.append((String(character), isWord))
                }
            }
            let runs = WordPieces.runs(of: text).map { (String(WordPieces.substring(text, $0.range)), $0.isWord) }
            #expect(runs.map(\.0) == reference.map(\.0) && runs.map(\.1) == reference.map(\.1), "\(text)")
        }
    }
}

/// The highlighter as it was before it read bytes (character by character, analysing every word of every text per
/// request): the reference its replacement must agree with.
private struct ReferenceHighlighter {
    let analyzer: Analyzer
    let terms: Set<String>
    let partial: String?

    init(query: String, prefixLastTerm: Bool, analyzer: Analyzer) {
        self.analyzer = analyzer
        self.terms = Set(analyzer.analyze(query))
        if prefixLastTerm, let last = query.unicodeScalars.last, last.properties.isAlphabetic || last.properties.numericType != nil {
            let word = Self.words(of: query).last { $0.isWord }?.text.lowercased()
            self.partial = word.flatMap { $0.count >= 2 ? $0 : nil }
        } else {
            self.partial = nil
        }
    }

    func matches(_ text: String) -> Int {
        Self.words(of: text).filter { $0.isWord && isMatch($0.text) }.count
    }

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
