/// Splits text into lower-cased, diacritic-folded tokens: maximal runs of letters and digits of any
/// script. Everything else (space, punctuation, `_`, symbols) separates tokens, so `E1234`, `wifi6`
/// and `404` stay whole while `don't` gives `don` and `t`.
struct Tokenizer: Sendable {
    /// Tokens longer than this many bytes are dropped (hashes, base64 blobs).
    var maxTokenLength: Int = 64

    /// Calls `body` with each token's bytes and whether the token is plain ASCII letters (stemmable).
    /// - Complexity: O(n) in the UTF-8 length of `text`; no allocation per token on ASCII text.
    func forEachToken(in text: String, _ body: (inout [UInt8], _ lettersOnly: Bool) -> Void) {
        var text = text
        text.withUTF8 { utf8 in tokenize(utf8, body) }
    }

    /// The tokenizer over raw UTF-8 bytes.
    func tokenize(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (inout [UInt8], _ lettersOnly: Bool) -> Void) {
        var token: [UInt8] = []
        token.reserveCapacity(64)
        var lettersOnly = true
        var tooLong = false
        @inline(__always) func flush() {
            if !token.isEmpty {
                if !tooLong && token.count <= maxTokenLength { body(&token, lettersOnly) }
                token.removeAll(keepingCapacity: true)
            }
            lettersOnly = true
            tooLong = false
        }
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            if b < 0x80 {
                i += 1
                if b >= 0x61 && b <= 0x7A {  // a-z
                    token.append(b)
                } else if b >= 0x41 && b <= 0x5A {  // A-Z
                    token.append(b | 0x20)
                } else if b >= 0x30 && b <= 0x39 {  // 0-9
                    token.append(b)
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
            if CharacterFolding.isCombiningMark(scalar) { continue }  // accent of a decomposed letter
            if let folded = CharacterFolding.fold(scalar) {
                token.append(contentsOf: folded)
                continue
            }
            guard let u = Unicode.Scalar(scalar) else { flush(); continue }
            let p = u.properties
            if p.isAlphabetic || p.numericType != nil {
                if p.isAlphabetic && !p.isLowercase {
                    token.append(contentsOf: p.lowercaseMapping.utf8)
                } else {
                    var buffer = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
                    let count = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
                        var k = 0
                        UTF8.encode(u) { raw[k] = $0; k += 1 }
                        return k
                    }
                    withUnsafeBytes(of: buffer) { token.append(contentsOf: $0.prefix(count)) }
                }
                lettersOnly = false
                if token.count > maxTokenLength { tooLong = true }
            } else {
                flush()
            }
        }
        flush()
    }
}
