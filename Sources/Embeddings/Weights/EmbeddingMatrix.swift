/// A token-embedding matrix (one row per token id) read in place from a memory-mapped safetensors file.
///
/// Supported encodings of the `[rows, columns]` tensor:
/// - `F32`, `F16` and `BF16`: the values themselves;
/// - `I8` with a companion `F32` tensor of shape `[rows]` named `<name>.scale` (for example
///   `embedding.weight.scale`): value = scale[row] × int8. `Benchmarks/Scripts/quantize_int8.py` writes such
///   a file.
///
/// Rows are never copied: `accumulate(row:into:)` widens them to `Float` as it adds them.
// @unchecked Sendable: every stored property is immutable after `init`, and the pointers point into the
// read-only mapping owned by `file`, which lives as long as this object.
public final class EmbeddingMatrix: @unchecked Sendable {
    enum Storage {
        case float32(UnsafePointer<Float>)
        case float16(UnsafePointer<UInt16>)
        case bfloat16(UnsafePointer<UInt16>)
        case int8(UnsafePointer<Int8>, scales: UnsafeRawPointer)  // scales may be unaligned
    }

    /// Number of rows (the vocabulary size).
    public let rows: Int
    /// Number of columns stored per row.
    public let columns: Int
    /// The element type as stored.
    public let dtype: SafetensorsFile.DType
    let storage: Storage
    private let file: SafetensorsFile

    /// Opens the tensor `name` of `file` as an embedding matrix.
    /// - Throws: `EmbeddingsError.malformedWeights` when the tensor is missing, not two-dimensional, holds a
    ///   non-finite value, or its int8 scales are missing; `.unsupported` for another dtype.
    public init(file: SafetensorsFile, tensor name: String = "embedding.weight") throws {
        let path = file.path
        guard let tensor = file.tensors[name] else {
            let names = file.tensors.keys.sorted().joined(separator: ", ")
            throw EmbeddingsError.malformedWeights(path: path, reason: "no tensor named '\(name)' (the file has: \(names))")
        }
        guard tensor.shape.count == 2, tensor.shape[0] > 0, tensor.shape[1] > 0 else {
            throw EmbeddingsError.malformedWeights(path: path, reason: "tensor '\(name)' has shape \(tensor.shape), not [rows, columns]")
        }
        rows = tensor.shape[0]
        columns = tensor.shape[1]
        dtype = tensor.dtype
        self.file = file
        let base = file.bytes(of: tensor).baseAddress!
        guard Int(bitPattern: base) % tensor.dtype.size == 0 else {
            throw EmbeddingsError.unsupported(path: path, reason: "tensor '\(name)' is not aligned to its \(tensor.dtype.size)-byte elements")
        }
        let count = rows * columns
        switch tensor.dtype {
        case .float32:
            storage = .float32(base.assumingMemoryBound(to: Float.self))
        case .float16:
            storage = .float16(base.assumingMemoryBound(to: UInt16.self))
        case .bfloat16:
            storage = .bfloat16(base.assumingMemoryBound(to: UInt16.self))
        case .int8:
            let scaleName = name + ".scale"
            guard let scale = file.tensors[scaleName], scale.dtype == .float32, scale.shape == [rows] else {
                throw EmbeddingsError.malformedWeights(
                    path: path,
                    reason: "int8 tensor '\(name)' needs an F32 tensor '\(scaleName)' of shape [\(rows)]"
                )
            }
            storage = .int8(base.assumingMemoryBound(to: Int8.self), scales: file.bytes(of: scale).baseAddress!)
        default:
            throw EmbeddingsError.unsupported(
                path: path,
                reason: "tensor '\(name)' is \(tensor.dtype.rawValue); embeddings must be F32, F16, BF16 or I8"
            )
        }
        if let row = Self.firstNonFiniteRow(storage, count: count, rows: rows, columns: columns) {
            throw EmbeddingsError.malformedWeights(path: path, reason: "tensor '\(name)' row \(row) holds an infinite or NaN value")
        }
    }

    /// Adds the first `count` values of row `row` to `destination`.
    /// - Precondition: `0 <= row < rows` and `count <= columns`.
    /// - Complexity: O(`count`), vectorised.
    @inline(__always)
    public func accumulate(row: Int, into destination: UnsafeMutablePointer<Float>, count: Int) {
        precondition(row >= 0 && row < rows && count <= columns, "row \(row) is outside the \(rows)×\(columns) matrix")
        let offset = row * columns
        switch storage {
        case .float32(let values): Self.add(values + offset, to: destination, count: count)
        case .float16(let values): Self.addFloat16(values + offset, to: destination, count: count)
        case .bfloat16(let values): Self.addBFloat16(values + offset, to: destination, count: count)
        case .int8(let values, let scales):
            Self.addInt8(values + offset, scale: scales.loadUnaligned(fromByteOffset: row * 4, as: Float.self), to: destination, count: count)
        }
    }

    /// Row `row` as `Float`s.
    public func row(_ row: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: columns) { buffer, initialized in
            buffer.initialize(repeating: 0)
            accumulate(row: row, into: buffer.baseAddress!, count: columns)
            initialized = columns
        }
    }

    // MARK: Kernels. Plain loops over scalars, which the optimiser vectorises.

    static func add(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += source[i] }
    }

    /// Half → single precision without the F16C instructions (which the baseline x86-64 target lacks, and
    /// without which `Float(Float16)` is a library call per element): move the exponent and mantissa into
    /// place and rescale by 2^112, which also makes subnormal halves exact; then put the sign back.
    /// Exact for every finite half; the matrix is checked for non-finite values when it is opened.
    static func addFloat16(_ source: UnsafePointer<UInt16>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        let rescale = Float(sign: .plus, exponent: 112, significand: 1)
        for i in 0..<count {
            let half = UInt32(source[i])
            let magnitude = Float(bitPattern: (half & 0x7fff) << 13) * rescale
            destination[i] += Float(bitPattern: magnitude.bitPattern | (half & 0x8000) << 16)
        }
    }

    static func addBFloat16(_ source: UnsafePointer<UInt16>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += Float(bitPattern: UInt32(source[i]) << 16) }
    }

    static func addInt8(_ source: UnsafePointer<Int8>, scale: Float, to destination: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { destination[i] += Float(source[i]) * scale }
    }

    /// The first row holding an infinite or NaN value, if any.
    /// - Complexity: O(rows × columns); it also brings the mapped pages in, so the first queries do not fault.
    private static func firstNonFiniteRow(_ storage: Storage, count: Int, rows: Int, columns: Int) -> Int? {
        func scan<T: FixedWidthInteger>(_ bits: UnsafePointer<T>, mask: T) -> Int? {
            // Branch-free within a row so that the loop vectorises.
            for row in 0..<rows {
                var bad: T = 0
                let start = bits + row * columns
                for i in 0..<columns { bad |= (start[i] & mask) == mask ? 1 : 0 }
                if bad != 0 { return row }
            }
            return nil
        }
        switch storage {
        case .float32(let values):
            return values.withMemoryRebound(to: UInt32.self, capacity: count) { scan($0, mask: 0x7f80_0000) }
        case .float16(let values):
            return scan(values, mask: 0x7c00)
        case .bfloat16(let values):
            return scan(values, mask: 0x7f80)
        case .int8(_, let scales):
            return (0..<rows).first { !scales.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self).isFinite }
        }
    }
}
