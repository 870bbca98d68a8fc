extension InvertedFileIndex {
    /// The `k` ids nearest `query` (a unit vector) among the lists of its `probes` nearest centroids, of filter code
    /// `filter` when given, best first; ties by id. Each similarity is the one an exact pass computes
    /// (`Float(int dot) × query scale × vector scale`), so with `probes` ≥ `listCount` the answer is the exact one.
    /// - Parameters:
    ///   - query: the query, quantised once.
    ///   - k: how many neighbours at most.
    ///   - probes: how many lists to read, nearest centroid first (at least 1).
    ///   - filter: the filter code a vector must have, or nil for any vector.
    /// - Returns: up to `k` pairs of id and cosine, best first; empty when `query` has another length.
    /// - Complexity: O(`listCount` × `dimensions`) to rank the centroids, plus O(*m* × `dimensions`) for the *m*
    ///   vectors of the probed lists. Allocates only the result (the rest is on the stack).
    public func nearest(
        _ query: PackedQuery, k: Int, probes: Int, filter: Int32? = nil
    ) -> [(id: Int64, similarity: Double)] {
        guard k > 0, query.count == dimensions, query.scale != 0 else { return [] }
        var best: [(id: Int64, similarity: Double)] = []
        best.reserveCapacity(k + 1)
        let probes = max(1, min(probes, lists.count))
        query.values.withUnsafeBufferPointer { q in
            if probes == lists.count {
                for list in lists.indices {
                    scan(list, q.baseAddress!, queryScale: query.scale, k: k, filter: filter, into: &best)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: probes) { chosen in
                let found = nearestLists(q.baseAddress!, probes: probes, into: chosen.baseAddress!)
                for i in 0..<found {
                    scan(Int(chosen[i]), q.baseAddress!, queryScale: query.scale, k: k, filter: filter, into: &best)
                }
            }
        }
        return best
    }

    /// Writes the indices of the `probes` centroids with the largest dot products with the query (`dimensions`
    /// 16-bit values) to `chosen`, best first (the lower index of equals first); returns how many (`probes`).
    /// - Precondition: trained, 0 < `probes` ≤ `listCount`, `chosen` has room for `probes`.
    /// - Complexity: O(`listCount` × `dimensions` + `listCount` × `probes`) at worst; the second term is usually far
    ///   smaller, as few centroids beat the current `probes`-th.
    func nearestLists(_ query: UnsafePointer<Int16>, probes: Int, into chosen: UnsafeMutablePointer<Int32>) -> Int {
        assert(isTrained && probes > 0 && probes <= lists.count)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: dimensions + probes) { scratch in
            let vector = scratch.baseAddress!
            let dots = scratch.baseAddress! + dimensions
            for i in 0..<dimensions { vector[i] = Float(query[i]) }
            var found = 0
            centroids.withUnsafeBufferPointer { c in
                for list in 0..<lists.count {
                    let dot = VectorMath.dot(vector, c.baseAddress! + list * dimensions, count: dimensions)
                    if found == probes && !(dot > dots[found - 1]) { continue }
                    // Insertion into the sorted few: shift the worse ones down.
                    var at = found == probes ? probes - 1 : found
                    while at > 0 && dot > dots[at - 1] {
                        dots[at] = dots[at - 1]
                        chosen[at] = chosen[at - 1]
                        at -= 1
                    }
                    dots[at] = dot
                    chosen[at] = Int32(list)
                    if found < probes { found += 1 }
                }
            }
            return found
        }
    }

    /// Scores every entry of `list` with the filter code `filter` (any when nil) and keeps the `k` best in `best`
    /// (sorted: higher similarity first, then lower id, as `VectorTable.nearest` orders them).
    /// - Precondition: `best` is sorted so and holds at most `k` entries.
    func scan(
        _ list: Int,
        _ query: UnsafePointer<Int16>,
        queryScale: Float,
        k: Int,
        filter: Int32?,
        into best: inout [(id: Int64, similarity: Double)]
    ) {
        assert(best.count <= k)
        let d = dimensions
        let entries = lists[list]
        entries.values.withUnsafeBufferPointer { v in
            entries.scales.withUnsafeBufferPointer { scales in
                entries.filters.withUnsafeBufferPointer { filters in
                    entries.ids.withUnsafeBufferPointer { ids in
                        for position in 0..<ids.count where filter == nil || filters[position] == filter {
                            let similarity = Double(
                                Float(PackedVector.dot(query, v.baseAddress! + position * d, count: d)) * queryScale
                                    * scales[position])
                            let id = ids[position]
                            if best.count == k, let last = best.last,
                                !(similarity > last.similarity || (similarity == last.similarity && id < last.id))
                            {
                                continue
                            }
                            var at = best.count
                            while at > 0
                                && (best[at - 1].similarity < similarity
                                    || (best[at - 1].similarity == similarity && best[at - 1].id > id))
                            {
                                at -= 1
                            }
                            best.insert((id, similarity), at: at)
                            if best.count > k { best.removeLast() }
                        }
                    }
                }
            }
        }
    }
}

extension InvertedFileIndex {
    /// The number of vectors in each list, by list.
    public var listSizes: [Int] { lists.map(\.count) }

    /// The lists `nearest(_:k:probes:filter:)` reads for `query`, in the order it reads them.
    public func probedLists(_ query: PackedQuery, probes: Int) -> [Int] {
        let probes = max(1, min(probes, lists.count))
        guard query.count == dimensions, probes < lists.count else { return Array(lists.indices) }
        return query.values.withUnsafeBufferPointer { q in
            [Int32](unsafeUninitializedCapacity: probes) { chosen, initialised in
                initialised = nearestLists(q.baseAddress!, probes: probes, into: chosen.baseAddress!)
            }.map(Int.init)
        }
    }
}
