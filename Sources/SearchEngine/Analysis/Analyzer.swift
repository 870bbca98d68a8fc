/// Turns text into index terms: tokenize (Unicode letters and digits, case and diacritic folding),
/// drop stop words, stem English words (Snowball/Porter2).
///
/// The same analyzer must be used for indexing and querying; it is part of a snapshot's configuration.
public struct Analyzer: Sendable {
    /// Whether English words are stemmed.
    public let stemming: Bool
    /// The stop words removed from documents and queries.
    public let stopWords: [String]
    /// Tokens longer than this many bytes are dropped.
    public let maxTokenLength: Int
    private let stopSet: ByteSet
    private let tokenizer: Tokenizer
    private let stemmer = EnglishStemmer()

    /// Creates an analyzer.
    /// - Parameters:
    ///   - stopWords: words dropped before stemming (default: English).
    ///   - stemming: whether plain a–z words are stemmed with the English Snowball stemmer.
    ///   - maxTokenLength: tokens longer than this many bytes are dropped.
    public init(stopWords: [String] = StopWords.english, stemming: Bool = true, maxTokenLength: Int = 64) {
        self.stemming = stemming
        self.stopWords = stopWords
        self.maxTokenLength = maxTokenLength
        self.stopSet = ByteSet(stopWords)
        self.tokenizer = Tokenizer(maxTokenLength: maxTokenLength)
    }

    /// Calls `body` with the bytes of each term of `text`, in order, repeats included.
    /// - Complexity: O(n) in the length of `text`.
    func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        tokenizer.forEachToken(in: text) { token, lettersOnly in
            let stop = token.withUnsafeBufferPointer { stopSet.contains($0) }
            if stop { return }
            if stemming && lettersOnly && token.count > 2 { stemmer.stem(&token) }
            token.withUnsafeBufferPointer { body($0) }
        }
    }

    /// Calls `body` with each raw token of `text` (folded, before stop words and stemming), valid
    /// only during the call, and whether it is plain letters; `term(for:lettersOnly:)` finishes a
    /// token into a term.
    func forEachRawToken(in text: String, _ body: (UnsafeBufferPointer<UInt8>, _ lettersOnly: Bool) -> Void) {
        tokenizer.forEachRawToken(in: text, body)
    }

    /// Turns a raw token into its term in place; `false` when the token is a stop word.
    func term(for token: inout [UInt8], lettersOnly: Bool) -> Bool {
        if token.withUnsafeBufferPointer({ stopSet.contains($0) }) { return false }
        if stemming && lettersOnly && token.count > 2 { stemmer.stem(&token) }
        return true
    }

    /// The terms of `text` in order, as the index sees them (used for highlighting and tests).
    public func analyze(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// The terms of `text` with the place of each, and the word the text ends inside, in one pass: for a caller that
    /// searches, re-ranks and highlights with the same text (`AnalyzedText`).
    /// - Complexity: O(n) in the length of `text`.
    public func analyzeWithOffsets(_ text: String) -> AnalyzedText {
        var terms: [AnalyzedText.Term] = []
        var lastToken: [UInt8] = []
        var token: [UInt8] = []
        token.reserveCapacity(maxTokenLength)
        tokenizer.forEachRawTokenWithOffsets(in: text) { bytes, lettersOnly, range in
            token.removeAll(keepingCapacity: true)
            token.append(contentsOf: bytes)
            lastToken.removeAll(keepingCapacity: true)
            lastToken.append(contentsOf: bytes)
            if term(for: &token, lettersOnly: lettersOnly) {
                terms.append(AnalyzedText.Term(text: String(decoding: token, as: UTF8.self), utf8Range: range))
            }
        }
        var partial: String?
        if let last = text.unicodeScalars.last, last.properties.isAlphabetic || last.properties.numericType != nil,
            !lastToken.isEmpty
        {
            partial = String(decoding: lastToken, as: UTF8.self)
        }
        return AnalyzedText(terms: terms, trailingPartialWord: partial)
    }

    /// The folded, unstemmed form of the last word of `text` when the text ends inside a word (as it
    /// does while someone types), for prefix matching; `nil` when the text ends with a separator.
    func trailingPartialWord(of text: String) -> [UInt8]? {
        guard let last = text.unicodeScalars.last,
              last.properties.isAlphabetic || last.properties.numericType != nil
        else { return nil }
        var result: [UInt8]?
        tokenizer.forEachToken(in: text) { token, _ in result = token }
        return result
    }
}


/// A text analysed once (`Analyzer.analyzeWithOffsets`): its terms in order, each with the place of the token it came
/// from, and the word the text ends inside.
public struct AnalyzedText: Sendable, Hashable {
    /// One term of the text.
    public struct Term: Sendable, Hashable {
        /// The term, as the index sees it.
        public var text: String
        /// The UTF-8 offsets of its token in the text, from its first letter or digit to the end of its last.
        public var utf8Range: Range<Int>

        /// Creates a term.
        public init(text: String, utf8Range: Range<Int>) {
            self.text = text
            self.utf8Range = utf8Range
        }
    }

    /// The terms, in order, repeats included (stop words dropped, stemmed).
    public var terms: [Term]
    /// The folded, unstemmed last word when the text ends inside a word (as it does while someone types); nil when
    /// the text ends with a separator.
    public var trailingPartialWord: String?

    /// Creates an analysed text.
    public init(terms: [Term], trailingPartialWord: String?) {
        self.terms = terms
        self.trailingPartialWord = trailingPartialWord
    }
}
