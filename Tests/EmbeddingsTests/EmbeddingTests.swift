import Foundation
import Testing

@testable import Embeddings

@Suite("Static embeddings")
struct EmbeddingTests {
    let model = Shipped.model

    @Test("vectors are within 1e-4 of WordLlama's, at 256 and at 64 dimensions")
    func fixtureMatchesReference() throws {
        let fixtures = try loadFixture("vectors.jsonl", as: VectorFixture.self)
        #expect(fixtures.filter { $0.dimensions == 256 }.count == 300 && fixtures.filter { $0.dimensions == 64 }.count == 40)
        let small = try StaticEmbeddingModel(directory: Shipped.folder, dimensions: 64)
        var worst: (difference: Float, text: String) = (0, "")
        for fixture in fixtures {
            let vector = (fixture.dimensions == 64 ? small : model).embed(fixture.text)
            try #require(vector.count == fixture.dimensions)
            for (a, b) in zip(vector, fixture.vector) where abs(a - b) > worst.difference { worst = (abs(a - b), fixture.text) }
        }
        #expect(worst.difference < 1e-4, "largest difference \(worst.difference) for \(worst.text.debugDescription.prefix(80))")
    }

    @Test("vectors have unit length; a text without tokens gets the zero vector")
    func unitLength() {
        for text in ["password reset", "x", "😀", String(repeating: "long complaint ", count: 200)] {
            let v = model.embed(text)
            #expect(abs(VectorMath.dot(v, v) - 1) < 1e-5, "\(text.prefix(20))")
        }
        #expect(model.embed("") == [Float](repeating: 0, count: 256))
        #expect(model.similarity("", "anything") == 0)
    }

    @Test("the vector is the normalised mean of the token rows")
    func meanOfRows() {
        let ids = model.tokenizer.encode("frost alert")
        var mean = [Float](repeating: 0, count: 256)
        for id in ids { mean = zip(mean, model.matrix.row(Int(id))).map { $0 + $1 / Float(ids.count) } }
        let norm = VectorMath.dot(mean, mean).squareRoot()
        let expected = mean.map { $0 / norm }
        let got = model.embed("frost alert")
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(model.embed(tokenIDs: ids) == got)
    }

    @Test("paraphrases score higher than unrelated complaints")
    func meaning() {
        let query = "I forgot my password and cannot sign in"
        let paraphrase = model.similarity(query, "Reset a forgotten password")
        let unrelated = model.similarity(query, "The frost alert came after the frost")
        #expect(paraphrase > unrelated + 0.1, "paraphrase \(paraphrase), unrelated \(unrelated)")
    }

    @Test("the SIMD dot product equals the plain sum for every length and offset", arguments: [0, 1, 15, 16, 17, 63, 64, 65, 130, 256])
    func dotProduct(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let a = (0..<(count + 3)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(count + 3)).map { _ in Float.random(in: -1...1, using: &generator) }
        for offset in 0..<3 {
            let plain = (0..<count).reduce(Float(0)) { $0 + a[$1 + offset] * b[$1 + offset] }
            let simd = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in VectorMath.dot(a.baseAddress! + offset, b.baseAddress! + offset, count: count) }
            }
            #expect(abs(plain - simd) <= 1e-5 * Float(max(count, 1)))
        }
        #expect(VectorMath.cosine([3, 4], [6, 8]) == 1 && VectorMath.cosine([1, 0], [0, 0]) == 0)
    }


    @Test("a quantised query scores a packed vector as the float query does, and extremes do not wrap")
    func packedQuery() {
        let texts = ["I forgot my password and cannot sign in", "Reset a forgotten password", "Router keeps dropping Wi-Fi"]
        let vectors = texts.map { model.embed($0) }
        for a in vectors {
            let query = PackedQuery(a)
            #expect(query.count == a.count)
            for b in vectors {
                let stored = PackedVector(b)
                // Only the query's 16-bit rounding separates the two: far below the stored vector's own 8 bits.
                #expect(abs(stored.dot(query) - stored.dot(a)) <= 1e-4, "\(stored.dot(query)) against \(stored.dot(a))")
            }
        }
        // Every dimension at its extreme: 512 × 32,767 × 128 stays below 2³¹.
        let extreme = PackedVector([Float](repeating: -1, count: 512))
        let largest = PackedQuery([Float](repeating: 1, count: 512))
        #expect(abs(extreme.dot(largest) + 512) <= 0.05)
        #expect(PackedQuery([0, 0]).scale == 0 && PackedVector([1, 0]).dot(PackedQuery([0, 0])) == 0)
        #expect(PackedVector([1, 0]).dot(PackedQuery([1, 0, 0])) == 0, "lengths differ")
    }
    @Test("the model refuses more dimensions than the matrix has, naming the file")
    func tooManyDimensions() {
        #expect(throws: EmbeddingsError.unsupported(path: Shipped.weightsPath, reason: "300 dimensions asked, the matrix has 256")) {
            try StaticEmbeddingModel(directory: Shipped.folder, dimensions: 300)
        }
    }
}
