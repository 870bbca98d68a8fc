// The steps of the English Snowball (Porter2) stemmer, on a byte buffer.
//
// Each step mirrors the routine of the same name in Snowball's english.sbl
// (as generated into snowballstemmer 3.x). Snowball's `among` picks the
// LONGEST matching suffix and, if that suffix's condition fails, the step does
// nothing: the `if / else if` chains below test suffixes longest first and
// never fall back to a shorter one. The buffer helpers (`ends`,
// `replaceInR1`, ...) and the prelude are in `EnglishStemmer+Word.swift`.

extension EnglishStemmer.Word {
    /// Step 0 and 1a: apostrophe endings, then sses, ied, ies, s.
    mutating func step1a() {
        if length >= 1, bytes[length - 1] == UInt8(ascii: "'") {
            length -= ends("'s'") ? 3 : 1
        } else if ends("'s") {
            length -= 2
        }
        guard length >= 1 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "s"):
            if ends("sses") {
                length -= 2                          // sses -> ss
            } else if ends("ies") {
                length -= length - 3 >= 2 ? 2 : 1    // ies -> i, or ie after one letter
            } else if ends("ss") || ends("us") {
                // unchanged
            } else if length >= 2, hasVowel(before: length - 2) {
                length -= 1                          // s: deleted after a vowel that is not just before it
            }
        case UInt8(ascii: "d"):
            if ends("ied") {
                length -= length - 3 >= 2 ? 2 : 1    // ied -> i, or ie after one letter
            }
        default:
            break
        }
    }

    /// Step 1b: eed eedly (in R1) -> ee; ed edly ing ingly deleted after a
    /// vowel, then at/bl/iz + e, undoubling, or + e for a short word.
    mutating func step1b() {
        guard length >= 2 else { return }
        let suffix: Int
        let isEED: Bool
        var isING = false
        switch bytes[length - 1] {
        case UInt8(ascii: "d"):
            if ends("eed") {
                suffix = 3; isEED = true
            } else if ends("ed") {
                suffix = 2; isEED = false
            } else {
                return
            }
        case UInt8(ascii: "g"):
            guard ends("ing") else { return }
            suffix = 3; isEED = false; isING = true
        case UInt8(ascii: "y"):
            if ends("eedly") {
                suffix = 5; isEED = true
            } else if ends("edly") || ends("ingly") {
                suffix = ends("edly") ? 4 : 5; isEED = false
            } else {
                return
            }
        default:
            return
        }
        let stem = length - suffix
        if isEED {
            if stem >= p1, !prefix(stem, is: "succ"), !prefix(stem, is: "proc"), !prefix(stem, is: "exc") {
                length = stem + 2                    // eed, eedly -> ee
            }
            return
        }
        if isING {
            if prefix(stem, is: "even") || prefix(stem, is: "cann") || prefix(stem, is: "inn")
                || prefix(stem, is: "earr") || prefix(stem, is: "herr") || prefix(stem, is: "out") {
                return                               // evening, canning, inning, earring, herring, outing
            }
            if stem == 2, bytes[1] == UInt8(ascii: "y"), !Self.isVowel(bytes[0]) {
                bytes[1] = UInt8(ascii: "i")         // dying -> die, lying -> lie, tying -> tie
                bytes[2] = UInt8(ascii: "e")
                length = 3
                return
            }
        }
        guard hasVowel(before: stem) else { return }
        length = stem
        if length >= 2 {
            let a = bytes[length - 2]
            let b = bytes[length - 1]
            if (a == UInt8(ascii: "a") && b == UInt8(ascii: "t"))
                || (a == UInt8(ascii: "b") && b == UInt8(ascii: "l"))
                || (a == UInt8(ascii: "i") && b == UInt8(ascii: "z")) {
                appendE()                            // at -> ate, bl -> ble, iz -> ize
                return
            }
            if a == b {
                switch b {
                case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"),
                     UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"),
                     UInt8(ascii: "t"):
                    let first = bytes[0]
                    if length == 3, first == UInt8(ascii: "a") || first == UInt8(ascii: "e") || first == UInt8(ascii: "o") {
                        return                       // add, egg, off, err, ebb, odd stay doubled
                    }
                    length -= 1                      // hopp -> hop
                    return
                default:
                    break
                }
            }
        }
        if length == p1, endsInShortSyllable(length) {
            appendE()                                // hop -> hope
        }
    }

    /// Step 1c: final y or Y after a non-vowel that is not the first letter -> i.
    mutating func step1c() {
        guard length >= 3 else { return }
        let last = bytes[length - 1]
        if last == UInt8(ascii: "y") || last == UInt8(ascii: "Y"), !Self.isVowel(bytes[length - 2]) {
            bytes[length - 1] = UInt8(ascii: "i")
        }
    }

    /// Step 2: derivational suffixes in R1 (ational -> ate, fulness -> ful, ...).
    mutating func step2() {
        guard length >= 3 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "i"):
            switch bytes[length - 2] {
            case UInt8(ascii: "c"):
                if ends("anci") { replaceInR1(4, with: "ance") }
                else if ends("enci") { replaceInR1(4, with: "ence") }
            case UInt8(ascii: "g"):
                if ends("ogi"), length - 3 >= p1, length >= 4, bytes[length - 4] == UInt8(ascii: "l") {
                    replaceSuffix(3, with: "og")     // logi -> log
                }
            case UInt8(ascii: "l"):
                if ends("lessli") { replaceInR1(6, with: "less") }
                else if ends("fulli") { replaceInR1(5, with: "ful") }
                else if ends("ousli") { replaceInR1(5, with: "ous") }
                else if ends("entli") { replaceInR1(5, with: "ent") }
                else if ends("abli") { replaceInR1(4, with: "able") }
                else if ends("alli") { replaceInR1(4, with: "al") }
                else if ends("bli") { replaceInR1(3, with: "ble") }
                else if length - 2 >= p1, Self.isValidLI(bytes[length - 3]) {
                    length -= 2                      // li deleted after c d e g h k m n r t
                }
            case UInt8(ascii: "t"):
                if ends("biliti") { replaceInR1(6, with: "ble") }
                else if ends("aliti") { replaceInR1(5, with: "al") }
                else if ends("iviti") { replaceInR1(5, with: "ive") }
            default:
                break
            }
        case UInt8(ascii: "l"):
            if ends("ational") { replaceInR1(7, with: "ate") }
            else if ends("tional") { replaceInR1(6, with: "tion") }
        case UInt8(ascii: "m"):
            if ends("alism") { replaceInR1(5, with: "al") }
        case UInt8(ascii: "n"):
            if ends("ization") { replaceInR1(7, with: "ize") }
            else if ends("ation") { replaceInR1(5, with: "ate") }
        case UInt8(ascii: "r"):
            if ends("izer") { replaceInR1(4, with: "ize") }
            else if ends("ator") { replaceInR1(4, with: "ate") }
        case UInt8(ascii: "s"):
            if ends("iveness") { replaceInR1(7, with: "ive") }
            else if ends("fulness") { replaceInR1(7, with: "ful") }
            else if ends("ousness") { replaceInR1(7, with: "ous") }
        case UInt8(ascii: "t"):
            if ends("ogist") { replaceInR1(5, with: "og") }
        default:
            break
        }
    }

    /// Step 3: more derivational suffixes in R1 (icate -> ic, ness deleted,
    /// ative deleted in R2, ...).
    mutating func step3() {
        guard length >= 3 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "e"):
            if ends("icate") { replaceInR1(5, with: "ic") }
            else if ends("ative") { if length - 5 >= p1 { deleteInR2(5) } }
            else if ends("alize") { replaceInR1(5, with: "al") }
        case UInt8(ascii: "i"):
            if ends("iciti") { replaceInR1(5, with: "ic") }
        case UInt8(ascii: "l"):
            if ends("ational") { replaceInR1(7, with: "ate") }
            else if ends("tional") { replaceInR1(6, with: "tion") }
            else if ends("ical") { replaceInR1(4, with: "ic") }
            else if ends("ful") { replaceInR1(3, with: "") }
        case UInt8(ascii: "s"):
            if ends("ness") { replaceInR1(4, with: "") }
        default:
            break
        }
    }

    /// Step 4: suffixes deleted in R2 (ance, ement, ion after s or t, ...).
    mutating func step4() {
        guard length >= 3 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "c"):
            if ends("ic") { deleteInR2(2) }
        case UInt8(ascii: "e"):
            if ends("ance") || ends("ence") || ends("able") || ends("ible") { deleteInR2(4) }
            else if ends("ate") || ends("ive") || ends("ize") { deleteInR2(3) }
        case UInt8(ascii: "i"):
            if ends("iti") { deleteInR2(3) }
        case UInt8(ascii: "l"):
            if ends("al") { deleteInR2(2) }
        case UInt8(ascii: "m"):
            if ends("ism") { deleteInR2(3) }
        case UInt8(ascii: "n"):
            if ends("ion"), length - 3 >= p2, length >= 4 {
                let before = bytes[length - 4]
                if before == UInt8(ascii: "s") || before == UInt8(ascii: "t") { length -= 3 }
            }
        case UInt8(ascii: "r"):
            if ends("er") { deleteInR2(2) }
        case UInt8(ascii: "s"):
            if ends("ous") { deleteInR2(3) }
        case UInt8(ascii: "t"):
            if ends("ement") { deleteInR2(5) }
            else if ends("ment") { deleteInR2(4) }
            else if ends("ent") || ends("ant") { deleteInR2(3) }
        default:
            break
        }
    }

    /// Step 5: final e deleted in R2, or in R1 unless it follows a short
    /// syllable; final l deleted in R2 after another l.
    mutating func step5() {
        guard length >= 1 else { return }
        let start = length - 1
        switch bytes[start] {
        case UInt8(ascii: "e"):
            if start >= p2 || (start >= p1 && !endsInShortSyllable(start)) { length = start }
        case UInt8(ascii: "l"):
            if start >= p2, start >= 1, bytes[start - 1] == UInt8(ascii: "l") { length = start }
        default:
            break
        }
    }
}
