// English Snowball (Porter2) stemmer: public API and the word-level driver.
//
// The rules follow the current Snowball `english` algorithm exactly as shipped
// in the PyPI `snowballstemmer` package (3.x): the exceptional forms, the R1
// prefixes (arsen, commun, emerg, gener, inter, later, organ, past, univers),
// the "past" short-syllable case, the `ying -> ie` rule of Step 1b (dying,
// lying, tying), the post-Step-1a exceptions (inning, outing, canning,
// herring, earring, evening, proceed, exceed, succeed) and the `logi -> log`
// and `li` rules of Step 2. The word buffer, prelude and regions live in
// `EnglishStemmer+Word.swift`, the steps in `EnglishStemmer+Steps.swift`.
//
// Every step only ever shortens the word or rewrites its end in place, so the
// whole algorithm runs inside the caller's buffer without allocating.

/// English Snowball (Porter2) stemmer.
///
/// Reduces an English word to its stem so that inflected and derived forms
/// index and match together: "connection", "connected" and "connecting" all
/// become "connect"; "generously" becomes "generous".
///
/// The stemmer matches the current Snowball `english` algorithm (as shipped in
/// the Python `snowballstemmer` package, version 3) word for word. It has no
/// state, so one value can be shared freely between threads.
public struct EnglishStemmer: Sendable {
    /// Creates a stemmer. The stemmer has no configuration and no state.
    public init() {}

    /// Stems one lower-case word.
    ///
    /// Words that are not plain ASCII a–z are returned unchanged, with one
    /// exception: ASCII apostrophes are accepted and handled as Snowball does
    /// (a leading `'` and the endings `'`, `'s` and `'s'` are removed), so
    /// `"dog's"` stems to `"dog"`. Words of one or two letters are returned
    /// unchanged.
    ///
    /// - Parameter word: A lower-case word.
    /// - Returns: The stem of `word`, or `word` itself if it is not stemmable.
    public func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let count = bytes.count
        guard count > 2 else { return word }
        for byte in bytes {
            guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "'") else {
                return word
            }
        }
        let newCount = bytes.withUnsafeMutableBufferPointer { buffer in
            Self.stemInPlace(buffer.baseAddress!, count: count)
        }
        return String(decoding: bytes[0..<newCount], as: UTF8.self)
    }

    /// Stems a lower-case ASCII word in place: the fast path for the analyzer.
    ///
    /// The buffer must hold only the bytes `a`–`z` (an ASCII apostrophe is
    /// handled too); other bytes are treated as consonants and never cause a
    /// crash, but the result is then unspecified. The stem is never longer than
    /// the word, so the array is only ever shortened: no allocation takes place
    /// when the array is uniquely referenced. Words of one or two letters are
    /// left unchanged.
    ///
    /// - Parameter word: The word's bytes; replaced by the stem's bytes.
    public func stem(_ word: inout [UInt8]) {
        let count = word.count
        guard count > 2 else { return }
        let newCount = word.withUnsafeMutableBufferPointer { buffer in
            Self.stemInPlace(buffer.baseAddress!, count: count)
        }
        if newCount < count {
            word.removeLast(count - newCount)
        }
    }

    /// Runs the whole algorithm on `bytes[0..<count]` and returns the length
    /// of the stem, which is left in `bytes[0..<result]` (`result <= count`).
    static func stemInPlace(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        if let length = exceptionalForm(bytes, count: count) { return length }
        guard count > 2 else { return count }
        var word = Word(bytes, count: count)
        word.prelude()
        word.markRegions()
        word.step1a()
        word.step1b()
        word.step1c()
        word.step2()
        word.step3()
        word.step4()
        word.step5()
        word.postlude()
        return word.length
    }

    /// Snowball's `exception1`: whole words that are stemmed irregularly (or
    /// not at all). Writes the stem in place and returns its length, or
    /// returns `nil` if the word is not one of them.
    static func exceptionalForm(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Int? {
        @inline(__always)
        func isWord(_ text: StaticString) -> Bool {
            let start = text.utf8Start
            for index in 0..<count where bytes[index] != start[index] { return false }
            return true
        }
        switch count {
        case 3:
            if isWord("sky") { return 3 }
        case 4:
            if isWord("skis") { return 3 }                        // skis -> ski
            if isWord("idly") { return 3 }                        // idly -> idl
            if isWord("ugly") || isWord("only") {                 // ugly -> ugli, only -> onli
                bytes[3] = UInt8(ascii: "i")
                return 4
            }
            if isWord("news") || isWord("howe") || isWord("bias") { return 4 }
        case 5:
            if isWord("skies") {                                  // skies -> sky
                bytes[2] = UInt8(ascii: "y")
                return 3
            }
            if isWord("early") {                                  // early -> earli
                bytes[4] = UInt8(ascii: "i")
                return 5
            }
            if isWord("atlas") || isWord("andes") { return 5 }
        case 6:
            if isWord("gently") || isWord("singly") { return 5 }  // gently -> gentl, singly -> singl
            if isWord("cosmos") { return 6 }
        default:
            break
        }
        return nil
    }
}
