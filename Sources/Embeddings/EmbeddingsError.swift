/// Why a model file could not be opened or used. Every case names the file and the cause.
public enum EmbeddingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, measured or mapped.
    case io(path: String, reason: String)
    /// The weights file is not a valid safetensors file (truncated, corrupt header, offsets out of range).
    case malformedWeights(path: String, reason: String)
    /// The tokenizer file is not valid JSON or lacks a field the BPE model needs.
    case malformedTokenizer(path: String, reason: String)
    /// The file is valid but asks for something this library does not implement (another tokenizer model,
    /// normalizer or tensor type).
    case unsupported(path: String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "cannot read \(path): \(reason)"
        case .malformedWeights(let path, let reason): "weights file \(path) is damaged: \(reason)"
        case .malformedTokenizer(let path, let reason): "tokenizer file \(path) is damaged: \(reason)"
        case .unsupported(let path, let reason): "\(path) is not supported: \(reason)"
        }
    }
}
