/// Splits text into lower-cased, diacritic-folded tokens: maximal runs of letters and digits of any
/// script. Everything else (space, punctuation, `_`, symbols) separates tokens, so `E1234`, `wifi6`
/// and `404` stay whole while `don't` gives `don` and `t`.
struct Tokenizer: Sendable {
    /// Tokens longer than this many bytes are dropped (hashes, base64 blobs).
    var maxTokenLength: Int = 64

    /// Calls `body` with each token's bytes and whether the token is plain ASCII letters (stemmable).
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    func forEachToken(in text: String, _ body: (inout [UInt8], _ lettersOnly: Bool) -> Void) {
        var token: [UInt8] = []
        token.reserveCapacity(maxTokenLength)
        forEachRawToken(in: text) { bytes, lettersOnly in
            token.removeAll(keepingCapacity: true)
            token.append(contentsOf: bytes)
            body(&token, lettersOnly)
        }
    }

    /// Calls `body` with each token's bytes, valid only during the call, and whether the token is
    /// plain ASCII letters (stemmable). At least 16 bytes are readable from each token's start, so
    /// that a short token can be read as two whole words.
    /// - Complexity: O(n) in the UTF-8 length of `text`; allocates nothing per token.
    func forEachRawToken(in text: String, _ body: (UnsafeBufferPointer<UInt8>, _ lettersOnly: Bool) -> Void) {
        var text = text
        text.withUTF8 { utf8 in tokenize(utf8) { token, lettersOnly, _ in body(token, lettersOnly) } }
    }

    /// `forEachRawToken`, also passing where each token is in `text`: the UTF-8 offsets from its first letter or digit
    /// to the end of its last.
    func forEachRawTokenWithOffsets(
        in text: String, _ body: (UnsafeBufferPointer<UInt8>, _ lettersOnly: Bool, _ utf8Range: Range<Int>) -> Void
    ) {
        var text = text
        text.withUTF8 { utf8 in tokenize(utf8, body) }
    }

    /// Bytes of headroom past `maxTokenLength` in the token buffer: one scalar's lower-case or folded
    /// form is written whole before the length is checked.
    private static let headroom = 32

    /// The tokenizer over raw UTF-8 bytes. Tokens are written into one fixed buffer; a token that
    /// outgrows it is only counted, and dropped at its end for being longer than `maxTokenLength`.
    func tokenize(
        _ utf8: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>, _ lettersOnly: Bool, _ utf8Range: Range<Int>) -> Void
    ) {
        let capacity = maxTokenLength + Self.headroom
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            buffer.initialize(repeating: 0)
            let token = buffer.baseAddress!
            var count = 0
            var lettersOnly = true
            // The token's first byte in `utf8`, and the end of its last scalar.
            var start = 0
            var end = 0
            @inline(__always) func flush() {
                if count > 0 && count <= maxTokenLength {
                    body(UnsafeBufferPointer(start: token, count: count), lettersOnly, start..<end)
                }
                count = 0
                lettersOnly = true
            }
            @inline(__always) func append(_ byte: UInt8) {
                if count < capacity { token[count] = byte }
                count += 1
            }
            /// Marks the scalar at `scalarStart..<scalarEnd` as part of the current token.
            @inline(__always) func extend(from scalarStart: Int, to scalarEnd: Int) {
                if count == 0 { start = scalarStart }
                end = scalarEnd
            }
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                if b < 0x80 {
                    i += 1
                    if b >= 0x61 && b <= 0x7A {  // a-z
                        extend(from: i - 1, to: i)
                        append(b)
                    } else if b >= 0x41 && b <= 0x5A {  // A-Z
                        extend(from: i - 1, to: i)
                        append(b | 0x20)
                    } else if b >= 0x30 && b <= 0x39 {  // 0-9
                        extend(from: i - 1, to: i)
                        append(b)
                        lettersOnly = false
                    } else {
                        flush()
                    }
                    continue
                }
                // Decode one multi-byte scalar.
                var scalar: UInt32
                var length: Int
                if b & 0xE0 == 0xC0 { scalar = UInt32(b & 0x1F); length = 2 }
                else if b & 0xF0 == 0xE0 { scalar = UInt32(b & 0x0F); length = 3 }
                else if b & 0xF8 == 0xF0 { scalar = UInt32(b & 0x07); length = 4 }
                else { i += 1; flush(); continue }  // stray continuation byte
                guard i + length <= n else { break }
                for j in 1..<length { scalar = (scalar << 6) | UInt32(utf8[i + j] & 0x3F) }
                i += length
                if CharacterFolding.isCombiningMark(scalar) {  // accent of a decomposed letter
                    if count > 0 { end = i }
                    continue
                }
                if let folded = CharacterFolding.fold(scalar) {
                    extend(from: i - length, to: i)
                    for byte in folded { append(byte) }
                    continue
                }
                guard let u = Unicode.Scalar(scalar) else { flush(); continue }
                let p = u.properties
                if p.isAlphabetic || p.numericType != nil {
                    extend(from: i - length, to: i)
                    if p.isAlphabetic && !p.isLowercase {
                        for byte in p.lowercaseMapping.utf8 { append(byte) }
                    } else {
                        UTF8.encode(u) { append($0) }
                    }
                    lettersOnly = false
                } else {
                    flush()
                }
            }
            flush()
        }
    }
}
