import Foundation
import Testing
@testable import SearchEngine

/// Tests of the English Snowball (Porter2) stemmer.
///
/// The fixture `Fixtures/porter2.tsv` holds `word<TAB>stem` pairs produced by
/// the Python `snowballstemmer` package (see `Fixtures/make_porter2_fixture.py`).
@Suite("EnglishStemmer")
struct EnglishStemmerTests {
    let stemmer = EnglishStemmer()

    /// Stems through the byte API and returns the result as a String.
    func stemBytes(_ word: String) -> String {
        var bytes = Array(word.utf8)
        stemmer.stem(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Loads the fixture as (word, stem) pairs.
    static func loadFixture() throws -> [(word: String, stem: String)] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let text = try String(contentsOf: folder.appendingPathComponent("porter2.tsv"), encoding: .utf8)
        var pairs: [(word: String, stem: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 2, "bad fixture line: \(line)")
            guard fields.count == 2 else { continue }
            pairs.append((String(fields[0]), String(fields[1])))
        }
        return pairs
    }

    @Test("every fixture word stems like Snowball, through the String and the byte API")
    func fixtureMatchesSnowball() throws {
        let pairs = try Self.loadFixture()
        #expect(pairs.count >= 20_000, "fixture too small: \(pairs.count) words")
        var stringMismatches: [String] = []
        var byteMismatches: [String] = []
        var stringCount = 0
        var byteCount = 0
        for (word, expected) in pairs {
            let viaString = stemmer.stem(word)
            if viaString != expected {
                stringCount += 1
                if stringMismatches.count < 20 { stringMismatches.append("\(word) -> \(viaString), expected \(expected)") }
            }
            let viaBytes = stemBytes(word)
            if viaBytes != expected {
                byteCount += 1
                if byteMismatches.count < 20 { byteMismatches.append("\(word) -> \(viaBytes), expected \(expected)") }
            }
        }
        #expect(stringCount == 0, "String API: \(stringCount) of \(pairs.count) words differ; first: \(stringMismatches.joined(separator: "; "))")
        #expect(byteCount == 0, "byte API: \(byteCount) of \(pairs.count) words differ; first: \(byteMismatches.joined(separator: "; "))")
    }

    @Test("connection, connected, connecting, connections -> connect")
    func connectFamily() {
        for word in ["connect", "connection", "connected", "connecting", "connections", "connects"] {
            #expect(stemmer.stem(word) == "connect", "\(word)")
            #expect(stemBytes(word) == "connect", "\(word)")
        }
    }

    @Test("generously -> generous, generate -> generat (R1 prefix 'gener')")
    func generPrefix() {
        #expect(stemmer.stem("generously") == "generous")
        #expect(stemmer.stem("generate") == "generat")
        #expect(stemmer.stem("generates") == "generat")
        #expect(stemmer.stem("general") == "general")
        #expect(stemmer.stem("communism") == "communism")
        #expect(stemmer.stem("arsenal") == "arsenal")
    }

    @Test("exceptional forms", arguments: [
        ("skis", "ski"), ("skies", "sky"), ("sky", "sky"), ("idly", "idl"), ("gently", "gentl"),
        ("ugly", "ugli"), ("early", "earli"), ("only", "onli"), ("singly", "singl"),
        ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"),
        ("bias", "bias"), ("andes", "andes"),
        ("dying", "die"), ("lying", "lie"), ("tying", "tie"),
        ("inning", "inning"), ("outing", "outing"), ("canning", "canning"), ("herring", "herring"),
        ("earring", "earring"), ("proceed", "proceed"), ("exceed", "exceed"), ("succeed", "succeed"),
    ])
    func exceptionalForms(word: String, expected: String) {
        #expect(stemmer.stem(word) == expected)
        #expect(stemBytes(word) == expected)
    }

    @Test("everyday suffixes", arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "tie"), ("cats", "cat"),
        ("hopping", "hop"), ("hoping", "hope"), ("troubled", "troubl"), ("sized", "size"),
        ("happily", "happili"), ("happiness", "happi"), ("relational", "relat"),
        ("hopefulness", "hope"), ("archaeology", "archaeolog"), ("replacement", "replac"),
        ("adoption", "adopt"), ("yelling", "yell"), ("enjoying", "enjoy"), ("cry", "cri"),
    ])
    func everydaySuffixes(word: String, expected: String) {
        #expect(stemmer.stem(word) == expected)
        #expect(stemBytes(word) == expected)
    }

    @Test("words of one or two letters are unchanged")
    func shortWordsUnchanged() {
        for word in ["", "a", "is", "as", "us", "ys", "ed", "by"] {
            #expect(stemmer.stem(word) == word)
            #expect(stemBytes(word) == word)
        }
    }

    @Test("words that are not plain ASCII a-z are returned unchanged by the String API")
    func nonASCIIUnchanged() {
        for word in ["café", "naïveté", "Running", "running2", "über", "jalapeños", "e-mail", "日本語"] {
            #expect(stemmer.stem(word) == word)
        }
    }

    @Test("apostrophe forms (Step 0) on the String API")
    func apostrophes() {
        #expect(stemmer.stem("dog's") == "dog")
        #expect(stemmer.stem("dogs'") == "dog")
        #expect(stemmer.stem("'tis") == "tis")
        #expect(stemmer.stem("children's") == "children")
    }
}
