import Testing
@testable import SearchEngine

@Suite("Analysis")
struct AnalyzerTests {
    let analyzer = Analyzer()

    @Test("Error codes, product names and numbers stay whole")
    func codesStayWhole() {
        #expect(analyzer.analyze("Error E1234 on my wifi6 router, page says 404") == ["error", "e1234", "wifi6", "router", "page", "say", "404"])
    }

    @Test("Case and diacritics are folded")
    func folding() {
        #expect(analyzer.analyze("CAFÉ Crème naïve Straße Øre") == analyzer.analyze("cafe creme naive strasse ore"))
        // A decomposed accent (e + U+0301) folds like the composed one.
        #expect(analyzer.analyze("cafe\u{301}") == analyzer.analyze("café"))
    }

    @Test("Letters of any script make tokens, lower-cased")
    func otherScripts() {
        #expect(analyzer.analyze("Пароль НЕ работает") == ["пароль", "не", "работает"])
        #expect(analyzer.analyze("東京 2024") == ["東京", "2024"])
    }

    @Test("Stop words go, English words are stemmed")
    func stopWordsAndStems() {
        #expect(analyzer.analyze("The payments are not connecting to the account") == ["payment", "connect", "account"])
        #expect(Analyzer(stemming: false).analyze("payments connecting") == ["payments", "connecting"])
    }

    @Test("Punctuation and underscores separate tokens; over-long tokens are dropped")
    func separators() {
        #expect(analyzer.analyze("user_name@example.com; don't!") == ["user", "name", "exampl", "com"])
        #expect(analyzer.analyze(String(repeating: "x", count: 65) + " ok") == ["ok"])
    }
}
