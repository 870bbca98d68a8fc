/// A static (token-averaging) sentence embedding, computed as WordLlama computes it: tokenise with the
/// model's BPE tokenizer (no special tokens, no truncation), look up each token's row of the embedding
/// matrix, average the rows, and scale the average to unit length (WordLlama's `embed(text, norm=True)`).
///
/// Opening is cheap: the weights stay in the memory-mapped file; only the tokenizer is parsed.
/// The model is immutable and `Sendable`; any number of threads may embed at once.
public struct StaticEmbeddingModel: Sendable {
    /// The tokenizer.
    public let tokenizer: BPETokenizer
    /// The token embedding matrix.
    public let matrix: EmbeddingMatrix
    /// The length of the vectors this model returns (the leading columns of the matrix; WordLlama's
    /// Matryoshka training makes every prefix 64, 128, … an embedding of its own).
    public let dimensions: Int

    /// The weights file's name inside a model folder.
    public static let weightsFileName = "weights.safetensors"
    /// The tokenizer file's name inside a model folder.
    public static let tokenizerFileName = "tokenizer.json"

    /// Opens a model from a weights file and a tokenizer file.
    /// - Parameters:
    ///   - weightsPath: a safetensors file holding `tensor` (F32, F16, BF16, or I8 with scales).
    ///   - tokenizerPath: a Hugging Face `tokenizer.json`.
    ///   - tensor: the name of the embedding matrix in the weights file.
    ///   - dimensions: keep only the first `dimensions` columns (WordLlama's `trunc_dim`); all when `nil`.
    /// - Throws: `EmbeddingsError` naming the file and cause, also when the tokenizer produces ids beyond the
    ///   matrix's rows or `dimensions` exceeds its columns.
    public init(weightsPath: String, tokenizerPath: String, tensor: String = "embedding.weight", dimensions: Int? = nil) throws {
        let matrix = try EmbeddingMatrix(file: SafetensorsFile(path: weightsPath), tensor: tensor)
        let tokenizer = try BPETokenizer(path: tokenizerPath)
        guard tokenizer.vocabularySize <= matrix.rows else {
            throw EmbeddingsError.unsupported(
                path: weightsPath,
                reason: "the matrix has \(matrix.rows) rows but the tokenizer \(tokenizerPath) has \(tokenizer.vocabularySize) tokens"
            )
        }
        let dimensions = dimensions ?? matrix.columns
        guard dimensions > 0, dimensions <= matrix.columns else {
            throw EmbeddingsError.unsupported(path: weightsPath, reason: "\(dimensions) dimensions asked, the matrix has \(matrix.columns)")
        }
        self.matrix = matrix
        self.tokenizer = tokenizer
        self.dimensions = dimensions
    }

    /// Opens the model in `directory`, which holds `weights.safetensors` and `tokenizer.json`.
    public init(directory: String, dimensions: Int? = nil) throws {
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        try self.init(
            weightsPath: folder + Self.weightsFileName,
            tokenizerPath: folder + Self.tokenizerFileName,
            dimensions: dimensions
        )
    }

    /// The unit-length embedding of `text`. A text with no tokens (the empty string) has no direction:
    /// it gets the zero vector, whose similarity to anything is 0 (WordLlama returns NaNs there).
    /// - Complexity: O(*n* log *n*) to tokenise *n* characters, plus O(tokens × `dimensions`).
    public func embed(_ text: String) -> [Float] {
        embed(tokenIDs: tokenizer.encode(text))
    }

    /// The unit-length average of the rows of `tokenIDs` (the zero vector for no ids).
    /// - Precondition: every id is below `matrix.rows`.
    public func embed(tokenIDs: [Int32]) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        guard !tokenIDs.isEmpty else { return vector }
        vector.withUnsafeMutableBufferPointer { sum in
            for id in tokenIDs { matrix.accumulate(row: Int(id), into: sum.baseAddress!, count: dimensions) }
            // Mean first, then unit length, in this order as WordLlama does (for float agreement).
            let count = Float(tokenIDs.count)
            for i in sum.indices { sum[i] /= count }
        }
        VectorMath.normalize(&vector)
        return vector
    }

    /// The cosine similarity of the embeddings of two texts, in [-1, 1].
    public func similarity(_ a: String, _ b: String) -> Float {
        VectorMath.dot(embed(a), embed(b))
    }
}
