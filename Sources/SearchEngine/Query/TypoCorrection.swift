import Synchronization

/// Reads a query word that no document holds as the term people most likely meant: the most frequent term one
/// edit away, where an edit leaves a letter out, adds one, changes one, or swaps two neighbours (Damerau–Levenshtein
/// distance 1) after the first letter, as in `stors` → `store` or `shsre` → `share`.
///
/// Query words are stemmed terms, while a typo is made in a word: each edited word is looked up as it is and as the
/// analyzer would index it (stop words never chosen, so `payng` finds `paying`, whose term is `pai`). Only words of
/// plain letters `a`–`z` of 4 to 20 letters are corrected (shorter ones have too many neighbours to choose from, and
/// words with digits or other scripts are codes and names), and at most `SearchRequest.maximumCorrections` words per
/// query, so a hostile text causes at most that many × about 50 edited words per letter, each looked up as it is and as
/// a term.
///
/// The choice is by document frequency over all segments (Norvig's rule: among the candidates at the least distance,
/// the most common), ties to the smallest term in byte order, so it does not depend on the order of edits.
enum TypoCorrection {
    /// Words shorter than this are left as they are.
    static let minimumLength = 4
    /// Words longer than this are left as they are.
    static let maximumLength = 20

    /// Replaces each query term that no segment holds and `known` does not list by its correction, when it has one; a
    /// correction already in the query adds the typo's weight to it. Terms equal to `except` (the word being typed)
    /// are left as they are.
    /// - Parameter memo: the corrections worked out before for the same segments, if the caller keeps them.
    /// - Returns: whether a term was replaced.
    @discardableResult
    static func correct(
        _ query: inout Query, except: [UInt8]?, known: KnownWords, analyzer: Analyzer, segments: [some SegmentPostings],
        memo: CorrectionMemo? = nil
    ) -> Bool {
        var replaced: [Int: [UInt8]] = [:]
        var looked = 0
        // Most words are in the index: one look-up each settles them, before the list of known words is read.
        for (i, term) in query.terms.enumerated() where looked < SearchRequest.maximumCorrections {
            let word = term.bytes
            guard isCandidate(word), word != except, frequency(word, segments) == 0, !known.contains(term: word) else { continue }
            looked += 1
            let found = memo.map { $0.correction(of: word) { correction(of: word, analyzer: analyzer, segments: segments) } }
                ?? correction(of: word, analyzer: analyzer, segments: segments)
            if let found { replaced[i] = found }
        }
        guard !replaced.isEmpty else { return false }
        var corrected: [Query.Term] = []
        corrected.reserveCapacity(query.terms.count)
        var position: [[UInt8]: Int] = [:]
        for (i, term) in query.terms.enumerated() {
            if let found = replaced[i] { query.corrections.append((typo: term.bytes, term: found)) }
            let bytes = replaced[i] ?? term.bytes
            if let p = position[bytes] {
                corrected[p].weight += term.weight
            } else {
                position[bytes] = corrected.count
                corrected.append(Query.Term(bytes: bytes, weight: term.weight))
            }
        }
        query.terms = corrected
        return true
    }

    /// Whether `word` is corrected at all: 4 to 20 letters `a`–`z`.
    static func isCandidate(_ word: [UInt8]) -> Bool {
        (minimumLength...maximumLength).contains(word.count) && word.allSatisfy { $0 >= ascii("a") && $0 <= ascii("z") }
    }

    /// The most frequent term one edit from `word` (edited words looked up as they are and as index terms), or nil
    /// when none is in any segment.
    static func correction(of word: [UInt8], analyzer: Analyzer, segments: [some SegmentPostings]) -> [UInt8]? {
        guard isCandidate(word) else { return nil }
        var best: [UInt8]?
        var bestFrequency = 0
        func consider(_ edited: [UInt8]) {
            offer(edited)
            var term = edited
            if analyzer.term(for: &term, lettersOnly: true) {
                if term != edited { offer(term) }
            }
        }
        func offer(_ term: [UInt8]) {
            let f = frequency(term, segments)
            guard f > 0 else { return }
            if f > bestFrequency || (f == bestFrequency && term.lexicographicallyPrecedes(best!)) {
                best = term
                bestFrequency = f
            }
        }
        let n = word.count
        var edited = word
        // The first letter is kept: people seldom mistype it, and a real word the known words lack is often one first
        // letter away from another (`honey` and `money`, `leather` and `weather`).
        // A letter left out (deletion) or two neighbours swapped (transposition).
        for i in 1..<n {
            edited.remove(at: i)
            consider(edited)
            edited.insert(word[i], at: i)
            if i + 1 < n, word[i] != word[i + 1] {
                edited.swapAt(i, i + 1)
                consider(edited)
                edited.swapAt(i, i + 1)
            }
        }
        // A letter changed (substitution).
        for i in 1..<n {
            for letter in ascii("a")...ascii("z") where letter != word[i] {
                edited[i] = letter
                consider(edited)
            }
            edited[i] = word[i]
        }
        // A letter added (insertion); a letter equal to its left neighbour gives the same word as the neighbour's.
        for i in 1...n {
            edited.insert(0, at: i)
            for letter in ascii("a")...ascii("z") where letter != word[i - 1] {
                edited[i] = letter
                consider(edited)
            }
            edited.remove(at: i)
        }
        return best
    }

    /// Documents holding `term`, over all segments.
    static func frequency(_ term: [UInt8], _ segments: [some SegmentPostings]) -> Int {
        term.withUnsafeBufferPointer { key in
            segments.reduce(0) { sum, segment in
                sum + (segment.directory.dictionary.lookup(key).map { Int(segment.directory.termDocFreq[$0]) } ?? 0)
            }
        }
    }

    @inline(__always) private static func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(ascii: c) }
}

/// The corrections of one snapshot's words, worked out once: while a customer types, every keystroke searches the words
/// before the one being typed again, and a word's correction depends only on the snapshot's dictionaries. At most
/// `capacity` words are kept (all forgotten when it is reached), so the memory is bounded whatever the texts.
final class CorrectionMemo: Sendable {
    /// The most words kept.
    static let capacity = 4_096
    /// Word → its correction, empty when it has none.
    private let entries = Mutex<[[UInt8]: [UInt8]]>([:])

    /// The correction of `word`: kept from before, or made by `compute` and kept.
    func correction(of word: [UInt8], _ compute: () -> [UInt8]?) -> [UInt8]? {
        if let kept = entries.withLock({ $0[word] }) { return kept.isEmpty ? nil : kept }
        let found = compute()
        entries.withLock {
            if $0.count >= Self.capacity { $0.removeAll(keepingCapacity: true) }
            $0[word] = found ?? []
        }
        return found
    }

    /// Words kept.
    var count: Int { entries.withLock { $0.count } }
}
