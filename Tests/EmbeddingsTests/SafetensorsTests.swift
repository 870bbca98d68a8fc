import Foundation
import Testing

@testable import Embeddings

@Suite("Safetensors weights")
struct SafetensorsTests {
    @Test("the shipped weights: one F16 matrix of 32,000 tokens × 256 dimensions, every value finite")
    func shippedWeights() throws {
        let file = try SafetensorsFile(path: Shipped.weightsPath)
        #expect(file.tensors.count == 1)
        let tensor = try #require(file.tensors["embedding.weight"])
        #expect(tensor.dtype == .float16 && tensor.shape == [32_000, 256] && tensor.byteRange == 0..<16_384_000)
        let matrix = try EmbeddingMatrix(file: file)
        #expect(matrix.rows == 32_000 && matrix.columns == 256)
        // The widening kernel agrees with the standard library's Float16 → Float conversion.
        let raw = file.bytes(of: tensor)
        let row = matrix.row(22172)
        for i in 0..<256 {
            let half = Float16(bitPattern: raw.loadUnaligned(fromByteOffset: (22172 * 256 + i) * 2, as: UInt16.self))
            #expect(row[i] == Float(half))
        }
    }

    @Test("every half-precision value widens exactly, subnormals and signed zeros included")
    func float16Widening() {
        let finite = (0...UInt16.max).filter { !Float16(bitPattern: $0).isNaN && !Float16(bitPattern: $0).isInfinite }
        var sums = [Float](repeating: 0, count: finite.count)
        finite.withUnsafeBufferPointer { h in
            sums.withUnsafeMutableBufferPointer { s in EmbeddingMatrix.addFloat16(h.baseAddress!, to: s.baseAddress!, count: h.count) }
        }
        let wrong = zip(finite, sums).filter {
            Float(Float16(bitPattern: $0)).bitPattern != $1.bitPattern && !($1 == 0 && Float16(bitPattern: $0) == 0)
        }
        #expect(finite.count == 63_488)
        #expect(wrong.isEmpty, "\(wrong.count) halves widen wrongly, e.g. \(wrong.prefix(3))")
    }

    @Test("F32, BF16 and I8-with-scales matrices read back their values; metadata is kept")
    func otherEncodings() throws {
        let values: [Float] = [1, -2, 0.5, 3, 0, -0.25]
        let f32 = try TemporaryFile(safetensors([("embedding.weight", "F32", [3, 2], bytes(of: values))], metadata: #"{"format":"pt"}"#))
        let m32 = try EmbeddingMatrix(file: SafetensorsFile(path: f32.path))
        #expect(m32.row(1) == [0.5, 3] && m32.dtype == .float32)
        #expect(try SafetensorsFile(path: f32.path).metadata == ["format": "pt"])

        let bf16 = try TemporaryFile(safetensors([("embedding.weight", "BF16", [3, 2], bytes(of: values.map { UInt16($0.bitPattern >> 16) }))]))
        #expect(try EmbeddingMatrix(file: SafetensorsFile(path: bf16.path)).row(2) == [0, -0.25])

        let q: [Int8] = [127, -127, 10, 20, 0, -1]
        let scales: [Float] = [0.5, 2, 4]
        let i8 = try TemporaryFile(
            safetensors([("embedding.weight", "I8", [3, 2], bytes(of: q)), ("embedding.weight.scale", "F32", [3], bytes(of: scales))])
        )
        let m8 = try EmbeddingMatrix(file: SafetensorsFile(path: i8.path))
        #expect(m8.row(0) == [63.5, -63.5] && m8.row(1) == [20, 40] && m8.row(2) == [0, -4])
    }

    /// The error that opening `bytes` as weights throws.
    func openingError(_ bytes: [UInt8]) throws -> (path: String, error: EmbeddingsError?) {
        let file = try TemporaryFile(bytes)
        let error = #expect(throws: EmbeddingsError.self) { try EmbeddingMatrix(file: SafetensorsFile(path: file.path)) }
        return (file.path, error)
    }

    @Test("a truncated copy of the shipped weights is refused, naming the file and the missing bytes")
    func truncatedFile() throws {
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Shipped.weightsPath)))
        let (path, error) = try openingError(Array(whole.prefix(whole.count - 1000)))
        #expect(
            error
                == .malformedWeights(
                    path: path,
                    reason: "tensor 'embedding.weight' needs bytes 0..<16384000 of the data section but the file has only 16383000 (truncated)"
                )
        )
        #expect(error?.description.hasPrefix("weights file \(path) is damaged: ") == true)

        let (shortPath, headerCut) = try openingError(Array(whole.prefix(50)))
        #expect(
            headerCut
                == .malformedWeights(
                    path: shortPath,
                    reason: "the header claims 88 bytes but only 42 follow the length (truncated, or not a safetensors file)"
                )
        )

        let (tinyPath, tiny) = try openingError([1, 2, 3])
        #expect(tiny == .malformedWeights(path: tinyPath, reason: "the file has 3 bytes, fewer than the 8-byte header length (truncated or empty)"))
    }

    @Test("corrupt headers and inconsistent tensors are refused with the cause")
    func corruptHeaders() throws {
        var garbled = safetensors([("embedding.weight", "F32", [1, 2], bytes(of: [Float(1), 2]))])
        garbled[8] = UInt8(ascii: "#")  // the header's opening brace
        let (p1, e1) = try openingError(garbled)
        guard case .malformedWeights(p1, let reason) = e1 else {
            Issue.record("wrong error \(String(describing: e1))")
            return
        }
        #expect(reason.hasPrefix("the JSON header is invalid: "))

        let (p2, e2) = try openingError(safetensors([("embedding.weight", "F32", [2, 2], bytes(of: [Float(1), 2]))]))
        #expect(e2 == .malformedWeights(path: p2, reason: "tensor 'embedding.weight' spans 8 bytes but its shape [2, 2] of F32 needs 4×4"))

        let (p3, e3) = try openingError(safetensors([("other", "F32", [1, 1], bytes(of: [Float(1)]))]))
        #expect(e3 == .malformedWeights(path: p3, reason: "no tensor named 'embedding.weight' (the file has: other)"))

        let (p4, e4) = try openingError(safetensors([("embedding.weight", "F64", [1, 1], bytes(of: [Double(1)]))]))
        #expect(e4 == .unsupported(path: p4, reason: "tensor 'embedding.weight' is F64; embeddings must be F32, F16, BF16 or I8"))

        let (p5, e5) = try openingError(safetensors([("embedding.weight", "F32", [1, 2], bytes(of: [Float(1), .infinity]))]))
        #expect(e5 == .malformedWeights(path: p5, reason: "tensor 'embedding.weight' row 0 holds an infinite or NaN value"))

        let (p6, e6) = try openingError(safetensors([("embedding.weight", "I8", [1, 2], bytes(of: [Int8(1), 2]))]))
        #expect(
            e6 == .malformedWeights(path: p6, reason: "int8 tensor 'embedding.weight' needs an F32 tensor 'embedding.weight.scale' of shape [1]")
        )

        // Data left over after the last tensor.
        let (p7, e7) = try openingError(safetensors([("embedding.weight", "F32", [1, 1], bytes(of: [Float(1)]))]) + [0, 0, 0, 0])
        #expect(e7 == .malformedWeights(path: p7, reason: "the tensors cover 4 bytes but the data section has 8"))

        #expect(throws: EmbeddingsError.io(path: "/nonexistent.safetensors", reason: "No such file or directory")) {
            try SafetensorsFile(path: "/nonexistent.safetensors")
        }
    }

    @Test("the JSON reader decodes escapes and surrogate pairs and rejects malformed text")
    func jsonReader() throws {
        func parse(_ text: String) throws -> JSONValue {
            var text = text
            return try text.withUTF8 { try JSONReader.parse(UnsafeRawBufferPointer($0)) }
        }
        #expect(
            try parse(#" {"a": [1, -2.5e1, true, null, "x\n\u00e9\ud83d\ude00\"/"]} "#)
                == .object([("a", .array([.number(1), .number(-25), .bool(true), .null, .string("x\né😀\"/")]))])
        )
        for bad in [#"{"a":1"#, #"[1,]"#, #""\ud800""#, "\"a\u{01}\"", "01", "[1] 2", "{'a':1}", String(repeating: "[", count: 100)] {
            #expect(throws: JSONReader.Failure.self, "\(bad)") { try parse(bad) }
        }
    }
}
