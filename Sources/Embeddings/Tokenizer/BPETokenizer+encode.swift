extension BPETokenizer {
    /// The token ids of `text`, without special tokens and without truncation (as WordLlama encodes).
    /// - Complexity: O(*n* log *n*) in the length of `text`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        encode(text, into: &ids)
        return ids
    }

    /// Appends the token ids of `text` to `ids`, reusing its storage.
    public func encode(_ text: String, into output: inout [Int32]) {
        var text = text
        text.withUTF8 { bytes in
            var scratch = Scratch()
            var pieceStart = 0
            var i = 0
            if !addedTokens.isEmpty {
                while i < bytes.count {
                    guard let token = addedToken(at: i, in: bytes) else {
                        i += 1
                        continue
                    }
                    encodePiece(UnsafeBufferPointer(rebasing: bytes[pieceStart..<i]), into: &output, scratch: &scratch)
                    output.append(token.id)
                    i += token.content.count
                    pieceStart = i
                }
            }
            encodePiece(UnsafeBufferPointer(rebasing: bytes[pieceStart...]), into: &output, scratch: &scratch)
        }
    }

    /// The longest added token that starts at byte `i` of `bytes`.
    @inline(__always)
    private func addedToken(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> AddedToken? {
        for token in addedTokens where token.content[0] == bytes[i] && bytes.count - i >= token.content.count {
            var k = 1
            while k < token.content.count && token.content[k] == bytes[i + k] { k += 1 }
            if k == token.content.count { return token }
        }
        return nil
    }

    /// Buffers reused across the pieces of one text.
    struct Scratch {
        var normalized: [UInt8] = []
        var swap: [UInt8] = []
        var symbols: [Int32] = []
        var previous: [Int32] = []
        var next: [Int32] = []
        var queue = MergeQueue()
    }

    /// Normalises one piece of text (between added tokens) and appends its BPE tokens.
    private func encodePiece(_ piece: UnsafeBufferPointer<UInt8>, into output: inout [Int32], scratch: inout Scratch) {
        guard !piece.isEmpty else { return }
        scratch.normalized.removeAll(keepingCapacity: true)
        scratch.normalized.append(contentsOf: piece)
        for step in normalizer {
            switch step {
            case .prepend(let prefix):
                // `tokenizers` prepends only to a non-empty string; the piece is not empty here.
                scratch.normalized.insert(contentsOf: prefix, at: 0)
            case .replace(let pattern, let content):
                Self.replace(pattern, with: content, in: &scratch.normalized, swap: &scratch.swap)
            }
        }
        if ignoreMerges, let id = scratch.normalized.withUnsafeBytes({ ids.id(of: $0) }) {
            output.append(id)
            return
        }
        let text = scratch.normalized
        text.withUnsafeBufferPointer { text in
            guard let marker = wordMarker else {
                encodeWord(text, into: &output, scratch: &scratch)
                return
            }
            // Words merge one at a time when no merge rule spans two words (see `wordMarker`): a word starts at
            // each marker that follows something other than a marker.
            var start = 0
            var i = 0
            var afterMarker = false
            while i < text.count {
                if text[i] == marker[0], text.count - i >= marker.count, (1..<marker.count).allSatisfy({ text[i + $0] == marker[$0] }) {
                    if !afterMarker && i > start {
                        encodeWord(UnsafeBufferPointer(rebasing: text[start..<i]), into: &output, scratch: &scratch)
                        start = i
                    }
                    afterMarker = true
                    i += marker.count
                } else {
                    afterMarker = false
                    i += 1
                }
            }
            encodeWord(UnsafeBufferPointer(rebasing: text[start...]), into: &output, scratch: &scratch)
        }
    }

    /// Appends the BPE tokens of one word (normalised UTF-8). Two caches spare the merge loop: a word known to
    /// merge into its own token (most words) costs one vocabulary lookup; another word seen before, one cache
    /// lookup. Otherwise the word is merged, and the answer kept for the next time.
    private func encodeWord(_ word: UnsafeBufferPointer<UInt8>, into output: inout [Int32], scratch: inout Scratch) {
        let bytes = UnsafeRawBufferPointer(word)
        let whole = ids.id(of: bytes)
        if let whole, wordCache.state(of: whole) == .singleToken {
            output.append(whole)
            return
        }
        if mergeCache.lookup(bytes, into: &output) { return }
        initialSymbols(of: word, into: &scratch.symbols)
        mergeAll(&scratch.symbols, in: 0..<scratch.symbols.count, previous: &scratch.previous, next: &scratch.next, queue: &scratch.queue)
        let before = output.count
        for symbol in scratch.symbols where symbol >= 0 { output.append(symbol) }
        if let whole, output.count == before + 1, output[before] == whole {
            wordCache.recordSingleToken(whole)
        } else {
            mergeCache.insert(bytes, tokens: output[before...])
        }
    }

    /// Replaces every non-overlapping occurrence of `pattern`, left to right.
    private static func replace(_ pattern: [UInt8], with content: [UInt8], in text: inout [UInt8], swap: inout [UInt8]) {
        guard text.count >= pattern.count else { return }
        swap.removeAll(keepingCapacity: true)
        if pattern.count == 1 {
            let p = pattern[0]
            guard text.contains(p) else { return }
            for b in text {
                if b == p { swap.append(contentsOf: content) } else { swap.append(b) }
            }
        } else {
            var i = 0
            var found = false
            while i < text.count {
                if text[i] == pattern[0], text.count - i >= pattern.count, text[i..<(i + pattern.count)].elementsEqual(pattern) {
                    swap.append(contentsOf: content)
                    i += pattern.count
                    found = true
                } else {
                    swap.append(text[i])
                    i += 1
                }
            }
            guard found else { return }
        }
        Swift.swap(&text, &swap)
    }

    /// One symbol per Unicode scalar of the (valid UTF-8) text: its token, else the tokens of its bytes
    /// (byte fallback), else the unknown token, consecutive unknowns fused when `fuseUnknown` is set.
    private func initialSymbols(of bytes: UnsafeBufferPointer<UInt8>, into symbols: inout [Int32]) {
        symbols.removeAll(keepingCapacity: true)
        var i = 0
        var lastWasUnknown = false
        while i < bytes.count {
            let lead = bytes[i]
            let length: Int
            var scalar: UInt32
            if lead < 0x80 {
                length = 1
                scalar = UInt32(lead)
            } else if lead < 0xE0 {
                length = 2
                scalar = UInt32(lead & 0x1F)
            } else if lead < 0xF0 {
                length = 3
                scalar = UInt32(lead & 0x0F)
            } else {
                length = 4
                scalar = UInt32(lead & 0x07)
            }
            for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
            let id = scalar < 0x1_0000 ? scalarIDs[Int(scalar)] : (astralScalarIDs[scalar] ?? -1)
            if id >= 0 {
                symbols.append(id)
                lastWasUnknown = false
            } else if !byteIDs.isEmpty, (i..<(i + length)).allSatisfy({ byteIDs[Int(bytes[$0])] >= 0 }) {
                for k in i..<(i + length) { symbols.append(byteIDs[Int(bytes[k])]) }
                lastWasUnknown = false
            } else if let unknownID {
                if !(fuseUnknown && lastWasUnknown) { symbols.append(unknownID) }
                lastWasUnknown = true
            }
            i += length
        }
    }
}
