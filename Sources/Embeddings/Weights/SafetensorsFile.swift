/// A safetensors file (https://github.com/huggingface/safetensors), memory-mapped.
///
/// Layout: an 8-byte little-endian header length *N*, *N* bytes of JSON that map each tensor name to its
/// `dtype`, `shape` and `data_offsets` (begin and end, relative to the data section), an optional
/// `__metadata__` object of strings, then the data section. Opening checks every rule the format states
/// (offsets inside the data section, sizes matching dtype × shape, tensors covering the data section without
/// holes or overlaps), so a truncated or corrupt file fails here with a reason instead of reading garbage later.
public struct SafetensorsFile: Sendable {
    /// Element types. The file may name others; they are listed but cannot be read as embeddings.
    public enum DType: String, Sendable {
        case float16 = "F16"
        case bfloat16 = "BF16"
        case float32 = "F32"
        case float64 = "F64"
        case int8 = "I8"
        case uint8 = "U8"
        case int16 = "I16"
        case int32 = "I32"
        case int64 = "I64"
        case bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .int8, .uint8, .bool: 1
            case .float16, .bfloat16, .int16: 2
            case .float32, .int32: 4
            case .float64, .int64: 8
            }
        }
    }

    /// One tensor's description.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// The tensor's bytes, relative to the start of the data section.
        public let byteRange: Range<Int>
    }

    /// The path the file was opened by.
    public var path: String { file.path }
    /// The tensors by name.
    public let tensors: [String: Tensor]
    /// The free-form `__metadata__` strings (empty when the file has none).
    public let metadata: [String: String]

    let file: MappedFile
    /// Offset of the data section in the file.
    let dataStart: Int

    /// Maps and validates the file at `path`.
    /// - Throws: `EmbeddingsError.io` when the file cannot be read, `.malformedWeights` when it breaks the
    ///   format (for example a truncated file), `.unsupported` for an unknown dtype.
    public init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        let bytes = file.bytes
        func damaged(_ reason: String) -> EmbeddingsError { .malformedWeights(path: path, reason: reason) }

        guard bytes.count >= 8 else {
            throw damaged("the file has \(bytes.count) bytes, fewer than the 8-byte header length (truncated or empty)")
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw damaged(
                "the header claims \(headerLength) bytes but only \(bytes.count - 8) follow the length (truncated, or not a safetensors file)"
            )
        }
        dataStart = 8 + Int(headerLength)
        let dataLength = bytes.count - dataStart
        let header: JSONValue
        do {
            header = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        } catch {
            throw damaged("the JSON header is invalid: \(error) of the header")
        }
        guard let members = header.objectValue else {
            throw damaged("the JSON header is \(header.kind), not an object")
        }

        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                guard let entries = value.objectValue else { throw damaged("__metadata__ is \(value.kind), not an object") }
                for (key, entry) in entries {
                    guard let text = entry.stringValue else { throw damaged("__metadata__ entry '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard tensors[name] == nil else { throw damaged("tensor '\(name)' is listed twice") }
            tensors[name] = try Self.tensor(name, value, dataLength: dataLength, damaged: damaged, path: path)
        }

        // The tensors must tile the data section: no holes, no overlaps, nothing left over.
        var expected = 0
        for tensor in tensors.values.sorted(by: {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
        }) {
            guard tensor.byteRange.lowerBound == expected else {
                throw damaged(
                    tensor.byteRange.lowerBound < expected
                        ? "tensor '\(tensor.name)' overlaps another tensor" : "the data section has a hole before tensor '\(tensor.name)'"
                )
            }
            expected = tensor.byteRange.upperBound
        }
        guard expected == dataLength else {
            throw damaged("the tensors cover \(expected) bytes but the data section has \(dataLength)")
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    private static func tensor(
        _ name: String,
        _ value: JSONValue,
        dataLength: Int,
        damaged: (String) -> EmbeddingsError,
        path: String
    ) throws -> Tensor {
        guard case .object = value else { throw damaged("tensor '\(name)' is \(value.kind), not an object") }
        guard let dtypeName = value["dtype"]?.stringValue else { throw damaged("tensor '\(name)' has no dtype") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw EmbeddingsError.unsupported(path: path, reason: "tensor '\(name)' has the unknown dtype '\(dtypeName)'")
        }
        guard let shapeValues = value["shape"]?.arrayValue else { throw damaged("tensor '\(name)' has no shape") }
        var count = 1
        var shape: [Int] = []
        for dimension in shapeValues {
            guard let n = dimension.nonNegativeInteger else {
                throw damaged("tensor '\(name)' has a shape entry that is not a non-negative integer")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw damaged("tensor '\(name)' has a shape too large to address") }
            count = product
            shape.append(n)
        }
        guard let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
            let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger
        else { throw damaged("tensor '\(name)' needs data_offsets [begin, end] of non-negative integers") }
        guard begin <= end else { throw damaged("tensor '\(name)' has data_offsets that end before they begin") }
        guard end <= dataLength else {
            throw damaged(
                "tensor '\(name)' needs bytes \(begin)..<\(end) of the data section but the file has only \(dataLength) (truncated)"
            )
        }
        let (size, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, size == end - begin else {
            throw damaged("tensor '\(name)' spans \(end - begin) bytes but its shape \(shape) of \(dtypeName) needs \(count)×\(dtype.size)")
        }
        return Tensor(name: name, dtype: dtype, shape: shape, byteRange: begin..<end)
    }

    /// The bytes of `tensor`, valid while this value (or a copy of it) lives.
    public func bytes(of tensor: Tensor) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(dataStart + tensor.byteRange.lowerBound)..<(dataStart + tensor.byteRange.upperBound)])
    }
}
