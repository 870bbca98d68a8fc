import Embeddings
import Foundation

/// The meaning vectors of an index snapshot (each ticket's, and each solution's complaints' for both audiences), saved
/// beside the indexes so that a start embeds nothing it embedded before: without them a start reads every ticket back
/// from the database and embeds it again (at 1,000,000 tickets, most of the start).
///
/// The file holds the change-log position of each index it was saved with and a fingerprint of the model (the
/// vector of a fixed text): a load uses it only when both match the loaded indexes and the running model, and
/// otherwise derives the vectors from the database as before. Little-endian binary: a header line, the fingerprint,
/// the three checkpoints, then three tables of entries (id, filter, scale, one byte per dimension).
struct VectorSnapshot: Sendable {
    static let fileName = "vectors"
    private static let header = Array("care-vectors 1\n".utf8)
    /// The text whose vector identifies the model (its tokenizer and its weights alike).
    private static let probe = "Fingerprint: the quick brown fox can't sign in to 42 accounts — réseau, naïve, 東京."

    var complaints: ComplaintVectors
    var publicComplaints: ComplaintVectors
    var tickets: TicketVectors
    /// The checkpoints of the solutions, tickets and public solutions indexes the vectors are in step with.
    var checkpoints: [Int64]

    init(complaints: ComplaintVectors, publicComplaints: ComplaintVectors, tickets: TicketVectors, checkpoints: [Int64]) {
        self.complaints = complaints
        self.publicComplaints = publicComplaints
        self.tickets = tickets
        self.checkpoints = checkpoints
    }

    /// The bytes of the snapshot for vectors made by `model`.
    func serialized(model: StaticEmbeddingModel) -> Data {
        var out = Writer()
        out.bytes(Self.header)
        out.vector(PackedVector(model.embed(Self.probe)))
        out.integer(UInt64(checkpoints.count))
        for checkpoint in checkpoints { out.integer(UInt64(bitPattern: checkpoint)) }
        let unfiltered = { (vectors: [Int64: PackedVector]) in vectors.map { ($0.key, $0.value, String?.none) } }
        for table in [unfiltered(complaints.vectors), tickets.entries, unfiltered(publicComplaints.vectors)] {
            out.integer(UInt64(table.count))
            for (id, vector, filter) in table.sorted(by: { $0.0 < $1.0 }) {
                out.integer(UInt64(bitPattern: id))
                out.string(filter)
                out.vector(vector)
            }
        }
        return Data(out.bytes)
    }

    /// Reads `serialized(model:)`; nil when the bytes are malformed or were made by another model.
    init?(serialized data: Data, model: StaticEmbeddingModel) {
        var reader = Reader(Array(data))
        guard reader.bytes(Self.header.count) == Self.header,
            let fingerprint = reader.vector(), fingerprint == PackedVector(model.embed(Self.probe)),
            let count = reader.integer(), count == 3
        else { return nil }
        var checkpoints: [Int64] = []
        for _ in 0..<count {
            guard let checkpoint = reader.integer() else { return nil }
            checkpoints.append(Int64(bitPattern: checkpoint))
        }
        var tables: [[(Int64, PackedVector, String?)]] = []
        for _ in 0..<3 {
            guard let count = reader.integer(), count <= UInt64(data.count) else { return nil }
            var table: [(Int64, PackedVector, String?)] = []
            table.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let id = reader.integer(), let filter = reader.string(), let vector = reader.vector(),
                    vector.count == model.dimensions
                else { return nil }
                table.append((Int64(bitPattern: id), vector, filter))
            }
            tables.append(table)
        }
        guard reader.isAtEnd else { return nil }
        self.init(
            complaints: ComplaintVectors(vectors: Dictionary(tables[0].map { ($0.0, $0.1) }) { $1 }),
            publicComplaints: ComplaintVectors(vectors: Dictionary(tables[2].map { ($0.0, $0.1) }) { $1 }),
            tickets: TicketVectors(entries: tables[1]),
            checkpoints: checkpoints)
    }

    private struct Writer {
        var bytes: [UInt8] = []

        mutating func bytes(_ more: [UInt8]) { bytes += more }

        mutating func integer(_ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }

        /// Length (`UInt64.max` for nil), then UTF-8.
        mutating func string(_ value: String?) {
            guard let value else { return integer(.max) }
            integer(UInt64(value.utf8.count))
            bytes += value.utf8
        }

        /// Dimensions, the scale's bits, then the values.
        mutating func vector(_ vector: PackedVector) {
            integer(UInt64(vector.count))
            integer(UInt64(vector.scale.bitPattern))
            vector.values.withUnsafeBytes { bytes += $0 }
        }
    }

    private struct Reader {
        let data: [UInt8]
        var offset = 0

        init(_ data: [UInt8]) { self.data = data }

        var isAtEnd: Bool { offset == data.count }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, count <= data.count - offset else { return nil }
            defer { offset += count }
            return Array(data[offset..<offset + count])
        }

        mutating func integer() -> UInt64? {
            guard 8 <= data.count - offset else { return nil }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(data[offset + i]) << (8 * i) }
            offset += 8
            return value
        }

        /// A present or absent (`.some(nil)`) string; nil when malformed.
        mutating func string() -> String?? {
            guard let length = integer() else { return nil }
            if length == .max { return .some(nil) }
            guard length <= UInt64(data.count - offset), let utf8 = bytes(Int(length)),
                let text = String(validating: utf8, as: UTF8.self)
            else { return nil }
            return .some(text)
        }

        mutating func vector() -> PackedVector? {
            guard let count = integer(), count <= 4096, let bits = integer(), bits <= UInt64(UInt32.max),
                let values = bytes(Int(count))
            else { return nil }
            let scale = Float(bitPattern: UInt32(bits))
            guard scale.isFinite, scale >= 0 else { return nil }
            return PackedVector(values: values.map { Int8(bitPattern: $0) }, scale: scale)
        }
    }
}
