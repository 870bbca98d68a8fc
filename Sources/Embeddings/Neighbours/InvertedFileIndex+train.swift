extension InvertedFileIndex {
    /// Learns `lists` centroids from the vectors held now (spherical k-means on a seeded sample) and moves every
    /// vector to the list of its nearest centroid. Vectors set later go to their nearest centroid as they come; train
    /// again when the collection has changed much (the lists then drift from balance, not from correctness).
    /// With fewer than 2 vectors, or `lists` < 2, the index goes back to one list (exact search).
    /// - Parameters:
    ///   - lists: how many centroids (at most the number of vectors); about √*n* to 4√*n* for *n* vectors.
    ///   - iterations: k-means rounds over the sample.
    ///   - samplesPerList: the sample holds this many vectors per centroid (all vectors when there are fewer).
    ///   - seed: the seed of the sample and of the starting centroids; the same vectors, set in the same order, and
    ///     the same seed give the same index.
    /// - Complexity: O(`iterations` × *s* × `lists` × `dimensions`) for a sample of *s* vectors, plus
    ///   O(*n* × `lists` × `dimensions`) to place the *n* vectors.
    public mutating func train(lists wanted: Int, iterations: Int = 10, samplesPerList: Int = 32, seed: UInt64 = 0) {
        let listCount = min(wanted, count)
        guard listCount >= 2 else {
            redistribute(centroids: [])
            return
        }
        let d = dimensions
        var generator = SplitMix64(seed: seed)
        // The sample: a seeded partial shuffle of the ids in increasing order.
        var ids = locations.keys.sorted()
        let sampleCount = min(ids.count, max(listCount, listCount * max(samplesPerList, 1)))
        for i in 0..<sampleCount {
            let j = i + Int(generator.next() % UInt64(ids.count - i))
            ids.swapAt(i, j)
        }
        var sample = [Float](repeating: 0, count: sampleCount * d)
        for i in 0..<sampleCount {
            let location = locations[ids[i]]!
            let list = lists[Int(location.list)]
            let scale = list.scales[Int(location.position)]
            let start = Int(location.position) * d
            for j in 0..<d { sample[i * d + j] = Float(list.values[start + j]) * scale }
        }
        ids = []
        // Starting centroids: the first `listCount` sample vectors (in shuffled order, so a random choice).
        centroids = Array(sample[0..<(listCount * d)])
        var sums = [Float](repeating: 0, count: listCount * d)
        var sizes = [Int](repeating: 0, count: listCount)
        for _ in 0..<max(iterations, 1) {
            for i in sums.indices { sums[i] = 0 }
            for i in sizes.indices { sizes[i] = 0 }
            sample.withUnsafeBufferPointer { s in
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<sampleCount {
                        let point = s.baseAddress! + i * d
                        let nearest = nearestCentroid(point, among: listCount)
                        sizes[nearest] += 1
                        for j in 0..<d { sums[nearest * d + j] += point[j] }
                    }
                }
            }
            for c in 0..<listCount {
                if sizes[c] == 0 {
                    // An empty cluster restarts at a random sample vector.
                    let i = Int(generator.next() % UInt64(sampleCount))
                    for j in 0..<d { sums[c * d + j] = sample[i * d + j] }
                }
                var norm: Float = 0
                for j in 0..<d { norm += sums[c * d + j] * sums[c * d + j] }
                let inverse: Float = norm > 0 ? 1 / norm.squareRoot() : 0
                for j in 0..<d { centroids[c * d + j] = sums[c * d + j] * inverse }
            }
        }
        redistribute(centroids: centroids)
    }

    /// The index of the nearest of the first `count` centroids (see `nearestCentroid(_:)`); used while `lists`
    /// does not yet match `centroids`.
    private func nearestCentroid(_ vector: UnsafePointer<Float>, among count: Int) -> Int {
        centroids.withUnsafeBufferPointer { c in
            var best = 0
            var bestDot = -Float.infinity
            for list in 0..<count {
                let dot = VectorMath.dot(vector, c.baseAddress! + list * dimensions, count: dimensions)
                if dot > bestDot {
                    bestDot = dot
                    best = list
                }
            }
            return best
        }
    }

    /// Moves every vector to the list of its nearest centroid in `centroids` (all to one list when empty), with
    /// each new list allocated once at its final size; an old list is freed as soon as it has been moved.
    private mutating func redistribute(centroids newCentroids: [Float]) {
        let d = dimensions
        let listCount = max(newCentroids.count / d, 1)
        centroids = newCentroids
        // Where each entry goes, old list by old list.
        var targets: [[Int32]] = []
        targets.reserveCapacity(lists.count)
        var sizes = [Int](repeating: 0, count: listCount)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: d) { unpacked in
            for list in lists {
                var listTargets = [Int32](repeating: 0, count: list.count)
                if listCount > 1 {
                    list.values.withUnsafeBufferPointer { v in
                        for position in 0..<list.count {
                            for j in 0..<d { unpacked[j] = Float(v[position * d + j]) }
                            let nearest = nearestCentroid(UnsafePointer(unpacked.baseAddress!), among: listCount)
                            listTargets[position] = Int32(nearest)
                        }
                    }
                }
                for target in listTargets { sizes[Int(target)] += 1 }
                targets.append(listTargets)
            }
        }
        var old = lists
        lists = sizes.map { size in
            var list = List()
            list.reserve(size, dimensions: d)
            return list
        }
        for index in old.indices {
            let moving = old[index]
            old[index] = List()
            moving.values.withUnsafeBufferPointer { v in
                for position in 0..<moving.count {
                    let id = moving.ids[position]
                    locations[id] = nil
                    append(
                        id: id,
                        values: UnsafeBufferPointer(rebasing: v[(position * d)..<((position + 1) * d)]),
                        scale: moving.scales[position],
                        filter: moving.filters[position],
                        to: Int(targets[index][position]))
                }
            }
            targets[index] = []
        }
    }
}

/// A small seeded generator (SplitMix64, Steele, Lea and Flood 2014): the same seed gives the same numbers on every
/// platform, unlike `SystemRandomNumberGenerator`.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
