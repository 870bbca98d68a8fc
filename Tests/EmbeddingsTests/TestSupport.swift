import Foundation
import Testing

@testable import Embeddings

/// The shipped model (Models/wordllama-l2-supercat at the repository root), opened once for all tests.
enum Shipped {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models/wordllama-l2-supercat").path
    static let weightsPath = folder + "/" + StaticEmbeddingModel.weightsFileName
    static let tokenizerPath = folder + "/" + StaticEmbeddingModel.tokenizerFileName
    static let model: StaticEmbeddingModel = try! StaticEmbeddingModel(directory: folder)
}

/// One line of `Fixtures/tokens.jsonl`: WordLlama's token ids for a text.
struct TokenFixture: Decodable {
    let text: String
    let ids: [Int32]
}

/// One line of `Fixtures/vectors.jsonl`: WordLlama's unit-length embedding of a text, rounded to 5 decimals.
struct VectorFixture: Decodable {
    let text: String
    let dimensions: Int
    let vector: [Float]
}

/// The lines of a JSONL fixture (written by Benchmarks/Scripts/embedding_fixtures.py), decoded.
/// Decoded with `JSONDecoder`, which keeps every scalar of a string (`JSONSerialization` drops a U+FEFF).
func loadFixture<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    let decoder = JSONDecoder()
    return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(T.self, from: Data($0)) }
}

/// A temporary file holding `bytes`, removed when the returned value goes away.
final class TemporaryFile {
    let path: String

    init(_ bytes: [UInt8], suffix: String = ".safetensors") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("embeddings-test-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    convenience init(_ text: String, suffix: String = ".json") throws {
        try self.init(Array(text.utf8), suffix: suffix)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Builds a safetensors file: the header for `tensors` (in order, packed), padded with spaces to 8 bytes.
func safetensors(_ tensors: [(name: String, dtype: String, shape: [Int], data: [UInt8])], metadata: String? = nil) -> [UInt8] {
    var entries: [String] = []
    if let metadata { entries.append("\"__metadata__\":\(metadata)") }
    var offset = 0
    for t in tensors {
        entries.append("\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":\(t.shape),\"data_offsets\":[\(offset),\(offset + t.data.count)]}")
        offset += t.data.count
    }
    var header = Array("{\(entries.joined(separator: ","))}".utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var file: [UInt8] = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
    file += header
    for t in tensors { file += t.data }
    return file
}

/// The little-endian bytes of `values`.
func bytes<T: BitwiseCopyable>(of values: [T]) -> [UInt8] {
    values.withUnsafeBytes(Array.init)
}
