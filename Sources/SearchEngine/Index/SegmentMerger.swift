/// Merges segments into one, dropping deleted documents: the compaction step.
enum SegmentMerger {
    /// The merged segment and, for each input segment, the new number of each old document (-1 when
    /// it was deleted).
    struct Result {
        let segment: Segment
        let mapping: [[Int32]]
    }

    /// Merges `segments` (in order) leaving out the documents set in `deletions`.
    /// - Complexity: O(P + T log T) for P postings and T distinct terms.
    static func merge(_ segments: [Segment], deletions: [FrozenArray<UInt64>?]) -> Result {
        var ids: [String] = []
        var docLength: [Float] = []
        var inverseNorm: [Float] = []
        var docFilter: [UInt32] = []
        var filterValues: [String] = []
        var filterIndex: [String: UInt32] = [:]
        var mapping: [[Int32]] = []
        for (s, segment) in segments.enumerated() {
            var map = [Int32](repeating: -1, count: segment.directory.docCount)
            let filterRemap: [UInt32] = [0] + segment.directory.filterValues.map { value in
                if let o = filterIndex[value] { return o }
                filterValues.append(value)
                filterIndex[value] = UInt32(filterValues.count)
                return UInt32(filterValues.count)
            }
            for d in 0..<segment.directory.docCount {
                if let del = deletions[s], del[d >> 6] & (1 << UInt64(d & 63)) != 0 { continue }
                map[d] = Int32(ids.count)
                ids.append(segment.directory.externalID(d))
                docLength.append(segment.docLength[d])
                inverseNorm.append(segment.inverseNorm[d])
                docFilter.append(filterRemap[Int(segment.directory.filterOrdinal(of: d))])
            }
            mapping.append(map)
        }
        // All distinct terms, sorted: a k-way merge of the sorted dictionaries.
        var cursor = [Int](repeating: 0, count: segments.count)
        var writer = PostingsWriter(docLength: docLength, inverseNorm: inverseNorm)
        var termBytes: [UInt8] = []
        var termOffsets: [UInt32] = [0]
        var docs: [UInt32] = []
        var tfs: [UInt32] = []
        var segmentDocs: [UInt32] = []
        var segmentTfs: [UInt32] = []
        while true {
            var smallest: UnsafeBufferPointer<UInt8>?
            for (s, segment) in segments.enumerated() where cursor[s] < segment.directory.dictionary.count {
                let t = segment.directory.dictionary.term(cursor[s])
                if smallest == nil || lexicographicallyPrecedes(t, smallest!) { smallest = t }
            }
            guard let term = smallest.map(Array.init) else { break }
            docs.removeAll(keepingCapacity: true)
            tfs.removeAll(keepingCapacity: true)
            for (s, segment) in segments.enumerated() where cursor[s] < segment.directory.dictionary.count {
                guard segment.directory.dictionary.term(cursor[s]).elementsEqual(term) else { continue }
                segmentDocs.removeAll(keepingCapacity: true)
                segmentTfs.removeAll(keepingCapacity: true)
                segment.decodePostings(term: cursor[s], docs: &segmentDocs, values: &segmentTfs)
                for (d, tf) in zip(segmentDocs, segmentTfs) {
                    let newDoc = mapping[s][Int(d)]
                    if newDoc >= 0 {
                        docs.append(UInt32(newDoc))
                        tfs.append(tf)
                    }
                }
                cursor[s] += 1
            }
            if docs.isEmpty { continue }
            termBytes.append(contentsOf: term)
            termOffsets.append(UInt32(termBytes.count))
            docs.withUnsafeBufferPointer { d in tfs.withUnsafeBufferPointer { f in writer.addTerm(docs: d, tfs: f) } }
        }
        let segment = Segment(
            ids: ids, docLength: docLength, inverseNorm: inverseNorm, docFilter: docFilter,
            filterValues: filterValues, termBytes: termBytes, termOffsets: termOffsets, postings: writer)
        return Result(segment: segment, mapping: mapping)
    }
}
