/// Hooks for the micro-benchmarks in `Benchmarks/` (SPI `Benchmarks`, not part of the public API).
///
/// Posting decode is internal to the engine, and calling the cursor from another module would measure
/// unspecialised generic calls instead of the inlined query-time loop, so the walk runs here.
extension SearchIndex {
    /// Walks every posting of one index term in every segment with the query-time cursor
    /// (`BlockPostingCursor`), block by block, deleted documents included.
    /// - Parameters:
    ///   - term: an index term, as `analyze(_:)` returns it (already folded and stemmed).
    ///   - scoring: whether each posting is also scored with BM25 (which decodes the frequencies of
    ///     every block too); otherwise only document numbers are decoded.
    /// - Returns: the number of postings and a checksum of their documents (and scores), so that the
    ///   work cannot be optimised away.
    /// - Complexity: O(postings of `term`).
    @_spi(Benchmarks) public func walkPostings(of term: String, scoring: Bool) -> (postings: Int, checksum: UInt64) {
        let snap = snapshot
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * PostingsWriter.blockSize)
        defer { buffer.deallocate() }
        var postings = 0
        var checksum: UInt64 = 0
        let averageLength = snap.statistics.averageLength
        for segment in snap.segments {
            var key = term
            guard let t = key.withUTF8({ segment.directory.dictionary.lookup($0) }) else { continue }
            let scorer = BM25Scorer(
                queryWeight: 1, idf: 1, k1: BM25.defaultK1, b: BM25.defaultB, averageLength: averageLength,
                docLength: UnsafePointer(segment.docLength.base))
            var cursor = BlockPostingCursor(
                segment: segment, term: t, scorer: TermBlockScorer(segment: segment, term: t, scorer: scorer), buffer: buffer)
            if scoring {
                var sum: Float = 0
                while cursor.doc != DocID.terminated {
                    sum += cursor.score()
                    checksum &+= UInt64(cursor.doc)
                    postings += 1
                    cursor.advance()
                }
                checksum &+= UInt64(sum.bitPattern)
            } else {
                while cursor.doc != DocID.terminated {
                    checksum &+= UInt64(cursor.doc)
                    postings += 1
                    cursor.advance()
                }
            }
        }
        return (postings, checksum)
    }
}
