/// Approximate nearest neighbours by an inverted file (IVF): a coarse quantiser of `listCount` unit centroids
/// (spherical k-means, `train`) splits the vectors into lists, one per centroid, and a query reads only the lists of
/// its `probes` nearest centroids, scoring their vectors exactly as `PackedVector` does (int8 values, 16-bit query,
/// 32-bit sums). With `probes` ≥ `listCount` every vector is read and the answer is the exact one.
///
/// Each list keeps its vectors contiguous (values, scale, id and filter code per entry), so a probed list is one
/// sequential pass. Vectors can be set and removed at any time: before training everything is in one list (exact
/// search); after, a new vector goes to its nearest centroid and a removal moves its list's last entry into the gap.
/// About 0.3 KiB per vector at 256 dimensions (256 bytes of values, 16 of scale, id and filter, and the id's entry in
/// a dictionary), plus `listCount` × `dimensions` floats of centroids.
public struct InvertedFileIndex: Sendable {
    /// The filter code of a vector without one; such a vector matches only unfiltered queries.
    public static let noFilter: Int32 = -1

    /// One centroid's vectors, contiguous.
    struct List: Sendable {
        /// The values, `dimensions` per entry.
        var values: [Int8] = []
        /// Each entry's scale (never 0: zero vectors are not stored).
        var scales: [Float] = []
        /// Each entry's id.
        var ids: [Int64] = []
        /// Each entry's filter code.
        var filters: [Int32] = []

        /// Number of entries.
        var count: Int { ids.count }

        mutating func reserve(_ capacity: Int, dimensions: Int) {
            values.reserveCapacity(capacity * dimensions)
            scales.reserveCapacity(capacity)
            ids.reserveCapacity(capacity)
            filters.reserveCapacity(capacity)
        }

        mutating func append(id: Int64, values source: UnsafeBufferPointer<Int8>, scale: Float, filter: Int32) {
            values.append(contentsOf: source)
            scales.append(scale)
            ids.append(id)
            filters.append(filter)
        }
    }

    /// Where an id's vector is: its list and its position there.
    struct Location: Sendable {
        var list: Int32
        var position: Int32
    }

    /// The length of every vector.
    public let dimensions: Int
    /// The centroids, `dimensions` floats each, unit length; empty before training (one list, no centroid).
    var centroids: [Float] = []
    /// The lists, one per centroid (one in all before training).
    var lists: [List] = [List()]
    /// The list and position of each id.
    var locations: [Int64: Location] = [:]

    /// An empty index of vectors of `dimensions` values (untrained: one list, exact search).
    /// - Precondition: `dimensions` > 0.
    public init(dimensions: Int) {
        precondition(dimensions > 0, "an index of vectors without dimensions")
        self.dimensions = dimensions
    }

    /// Number of ids with a vector.
    public var count: Int { locations.count }

    /// Number of lists (centroids); 1 before training.
    public var listCount: Int { lists.count }

    /// Whether `train` has split the vectors into lists by centroid.
    public var isTrained: Bool { !centroids.isEmpty }

    /// Sets the vector and filter code of `id`, in the list of its nearest centroid (a vector of another length than
    /// `dimensions` is ignored, and so is a zero vector, which is nobody's neighbour).
    /// - Complexity: O(`listCount` × `dimensions`) to find the list, amortised O(`dimensions`) to append.
    public mutating func set(_ id: Int64, _ vector: PackedVector, filter: Int32 = noFilter) {
        guard vector.count == dimensions else { return }
        remove(id)
        guard vector.scale != 0 else { return }
        let list = isTrained ? nearestList(vector) : 0
        vector.values.withUnsafeBufferPointer { values in
            append(id: id, values: values, scale: vector.scale, filter: filter, to: list)
        }
    }

    /// Removes `id`'s vector (nothing when it has none).
    /// - Complexity: O(`dimensions`): the list's last entry moves into the gap.
    public mutating func remove(_ id: Int64) {
        guard let location = locations.removeValue(forKey: id) else { return }
        let list = Int(location.list)
        let position = Int(location.position)
        let last = lists[list].count - 1
        if position != last {
            let moved = lists[list].ids[last]
            lists[list].ids[position] = moved
            lists[list].scales[position] = lists[list].scales[last]
            lists[list].filters[position] = lists[list].filters[last]
            let d = dimensions
            lists[list].values.withUnsafeMutableBufferPointer { v in
                for i in 0..<d { v[position * d + i] = v[last * d + i] }
            }
            locations[moved] = location
        }
        lists[list].ids.removeLast()
        lists[list].scales.removeLast()
        lists[list].filters.removeLast()
        lists[list].values.removeLast(dimensions)
    }

    /// Whether `id` has a vector.
    public func contains(_ id: Int64) -> Bool { locations[id] != nil }

    /// Appends an entry to `list` and records where it is.
    mutating func append(id: Int64, values: UnsafeBufferPointer<Int8>, scale: Float, filter: Int32, to list: Int) {
        assert(values.count == dimensions && locations[id] == nil)
        locations[id] = Location(list: Int32(list), position: Int32(lists[list].count))
        lists[list].append(id: id, values: values, scale: scale, filter: filter)
    }

    /// The list whose centroid is nearest `vector` (the largest dot product; the first of equals).
    /// - Precondition: trained, and `vector.count == dimensions`.
    func nearestList(_ vector: PackedVector) -> Int {
        assert(isTrained && vector.count == dimensions)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: dimensions) { unpacked in
            for i in 0..<dimensions { unpacked[i] = Float(vector.values[i]) }
            return nearestCentroid(UnsafePointer(unpacked.baseAddress!))
        }
    }

    /// The index of the centroid with the largest dot product with `vector` (`dimensions` floats; any positive
    /// scale gives the same answer); the first of equals.
    func nearestCentroid(_ vector: UnsafePointer<Float>) -> Int {
        centroids.withUnsafeBufferPointer { c in
            var best = 0
            var bestDot = -Float.infinity
            for list in 0..<lists.count {
                let dot = VectorMath.dot(vector, c.baseAddress! + list * dimensions, count: dimensions)
                if dot > bestDot {
                    bestDot = dot
                    best = list
                }
            }
            return best
        }
    }

    /// Bytes held by the index (array capacities, the id dictionary's entries, the centroids), an estimate of its
    /// memory without allocator overhead.
    public var memoryFootprint: Int {
        var bytes = centroids.capacity * MemoryLayout<Float>.stride
        for list in lists {
            bytes += list.values.capacity + list.scales.capacity * 4 + list.ids.capacity * 8 + list.filters.capacity * 4
        }
        // A native dictionary: one key and one value per bucket, plus one bit of occupancy per bucket.
        let buckets = max(locations.capacity * 4 / 3, 1)
        bytes += buckets * (MemoryLayout<Int64>.stride + MemoryLayout<Location>.stride) + buckets / 8
        return bytes
    }
}
