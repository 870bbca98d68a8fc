// The working state of the English Snowball (Porter2) stemmer: a word in a
// byte buffer with its regions R1 and R2, the character classes, the buffer
// helpers, the prelude, the region marking and the postlude. The steps are in
// `EnglishStemmer+Steps.swift`.
//
// Vowels are a e i o u y. The prelude marks a 'y' that acts as a consonant
// (initial, or after a vowel) as 'Y', which is not a vowel; the postlude turns
// it back into 'y'.

extension EnglishStemmer {
    /// A word being stemmed: `bytes[0..<length]`, with its regions R1 and R2
    /// (`p1`, `p2` are the offsets where they start; equal to the length when
    /// empty). Positions are offsets from the start of the word, as in Snowball.
    struct Word {
        let bytes: UnsafeMutablePointer<UInt8>
        var length: Int
        var p1: Int
        var p2: Int
        var foundY = false

        init(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) {
            self.bytes = bytes
            self.length = count
            self.p1 = count
            self.p2 = count
        }

        // MARK: Character classes

        /// a e i o u y (Snowball's `v`).
        @inline(__always)
        static func isVowel(_ c: UInt8) -> Bool {
            let offset = c &- UInt8(ascii: "a")
            // bits 0 (a), 4 (e), 8 (i), 14 (o), 20 (u), 24 (y)
            return offset < 26 && (UInt32(0x0110_4111) >> UInt32(offset)) & 1 != 0
        }

        /// Vowels plus w, x and Y (Snowball's `v_WXY`).
        @inline(__always)
        static func isVowelWXY(_ c: UInt8) -> Bool {
            isVowel(c) || c == UInt8(ascii: "w") || c == UInt8(ascii: "x") || c == UInt8(ascii: "Y")
        }

        /// Letters that may precede a deleted "li" (Snowball's `valid_LI`): c d e g h k m n r t.
        @inline(__always)
        static func isValidLI(_ c: UInt8) -> Bool {
            let offset = c &- UInt8(ascii: "a")
            // bits 2 (c), 3 (d), 4 (e), 6 (g), 7 (h), 10 (k), 12 (m), 13 (n), 17 (r), 19 (t)
            return offset < 26 && (UInt32(0x000A_34DC) >> UInt32(offset)) & 1 != 0
        }

        // MARK: Buffer helpers

        /// Whether the word ends with `suffix`. Compares from the end, where
        /// suffixes differ most.
        @inline(__always)
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard length >= count else { return false }
            let text = suffix.utf8Start
            let start = length - count
            var index = count - 1
            while index >= 0 {
                if bytes[start + index] != text[index] { return false }
                index -= 1
            }
            return true
        }

        /// Whether `bytes[0..<end]` is exactly `text`.
        @inline(__always)
        func prefix(_ end: Int, is text: StaticString) -> Bool {
            guard end == text.utf8CodeUnitCount, end <= length else { return false }
            let start = text.utf8Start
            var index = 0
            while index < end {
                if bytes[index] != start[index] { return false }
                index += 1
            }
            return true
        }

        /// Replaces the last `count` bytes by `replacement` (never longer than `count`).
        @inline(__always)
        mutating func replaceSuffix(_ count: Int, with replacement: StaticString) {
            let start = length - count
            let newCount = replacement.utf8CodeUnitCount
            let text = replacement.utf8Start
            var index = 0
            while index < newCount {
                bytes[start + index] = text[index]
                index += 1
            }
            length = start + newCount
        }

        /// Replaces the last `count` bytes by `replacement` if they lie in R1.
        @inline(__always)
        mutating func replaceInR1(_ count: Int, with replacement: StaticString) {
            if length - count >= p1 { replaceSuffix(count, with: replacement) }
        }

        /// Deletes the last `count` bytes if they lie in R2.
        @inline(__always)
        mutating func deleteInR2(_ count: Int) {
            if length - count >= p2 { length -= count }
        }

        /// Appends an 'e'. Only called right after at least two bytes were
        /// removed, so it stays inside the caller's buffer.
        @inline(__always)
        mutating func appendE() {
            bytes[length] = UInt8(ascii: "e")
            length += 1
        }

        /// Whether `bytes[0..<end]` contains a vowel.
        @inline(__always)
        func hasVowel(before end: Int) -> Bool {
            var index = end
            while index > 0 {
                if Self.isVowel(bytes[index - 1]) { return true }
                index -= 1
            }
            return false
        }

        /// Snowball's `shortv`: `bytes[0..<end]` ends in a short syllable —
        /// non-vowel (not w, x or Y), vowel, non-vowel; or vowel, non-vowel at
        /// the start of the word; or "past".
        func endsInShortSyllable(_ end: Int) -> Bool {
            if end >= 3, !Self.isVowelWXY(bytes[end - 1]), Self.isVowel(bytes[end - 2]), !Self.isVowel(bytes[end - 3]) {
                return true
            }
            if end == 2, !Self.isVowel(bytes[1]), Self.isVowel(bytes[0]) {
                return true
            }
            return end >= 4
                && bytes[end - 4] == UInt8(ascii: "p") && bytes[end - 3] == UInt8(ascii: "a")
                && bytes[end - 2] == UInt8(ascii: "s") && bytes[end - 1] == UInt8(ascii: "t")
        }

        // MARK: Prelude and regions

        /// Removes a leading apostrophe and marks consonant 'y's as 'Y'.
        mutating func prelude() {
            if length > 0, bytes[0] == UInt8(ascii: "'") {
                var index = 1
                while index < length {
                    bytes[index - 1] = bytes[index]
                    index += 1
                }
                length -= 1
            }
            guard length > 0 else { return }
            if bytes[0] == UInt8(ascii: "y") {
                bytes[0] = UInt8(ascii: "Y")
                foundY = true
            }
            var index = 1
            while index < length {
                if bytes[index] == UInt8(ascii: "y"), Self.isVowel(bytes[index - 1]) {
                    bytes[index] = UInt8(ascii: "Y")
                    foundY = true
                }
                index += 1
            }
        }

        /// Length of the special R1 prefix the word starts with, if any.
        func r1Prefix() -> Int? {
            guard length >= 4 else { return nil }
            let prefix: StaticString
            switch bytes[0] {
            case UInt8(ascii: "a"): prefix = "arsen"
            case UInt8(ascii: "c"): prefix = "commun"
            case UInt8(ascii: "e"): prefix = "emerg"
            case UInt8(ascii: "g"): prefix = "gener"
            case UInt8(ascii: "i"): prefix = "inter"
            case UInt8(ascii: "l"): prefix = "later"
            case UInt8(ascii: "o"): prefix = "organ"
            case UInt8(ascii: "p"): prefix = "past"
            case UInt8(ascii: "u"): prefix = "univers"
            default: return nil
            }
            let count = prefix.utf8CodeUnitCount
            guard length >= count else { return nil }
            let text = prefix.utf8Start
            var index = 1
            while index < count {
                if bytes[index] != text[index] { return nil }
                index += 1
            }
            return count
        }

        /// Sets `p1` and `p2`: each region starts after the first non-vowel
        /// that follows a vowel (R1 starts after one of the special prefixes
        /// instead, when the word begins with one).
        mutating func markRegions() {
            var index: Int
            if let count = r1Prefix() {
                index = count
            } else {
                index = 0
                while index < length, !Self.isVowel(bytes[index]) { index += 1 }
                index += 1
                while index < length, Self.isVowel(bytes[index]) { index += 1 }
                guard index < length else { return }
                index += 1
            }
            p1 = index
            while index < length, !Self.isVowel(bytes[index]) { index += 1 }
            index += 1
            while index < length, Self.isVowel(bytes[index]) { index += 1 }
            guard index < length else { return }
            p2 = index + 1
        }

        // MARK: Postlude

        /// Turns the 'Y's marked by the prelude back into 'y'.
        mutating func postlude() {
            guard foundY else { return }
            var index = 0
            while index < length {
                if bytes[index] == UInt8(ascii: "Y") { bytes[index] = UInt8(ascii: "y") }
                index += 1
            }
        }
    }
}
