/// A byte-pair-encoding tokenizer read from a Hugging Face `tokenizers` JSON file, producing the same ids
/// as that library for the configurations it accepts.
///
/// What it implements, as the `tokenizers` library does:
/// - **Added tokens** (`added_tokens`, e.g. `<unk>`, `<s>`, `</s>`): found in the raw text first, leftmost
///   and longest match; each becomes its own id, and the text between them is encoded piece by piece.
/// - **Normalizer** `Sequence` of `Prepend` (prepend a string to a non-empty piece) and `Replace` with a
///   literal pattern. WordLlama's `l2_supercat` file uses exactly `Prepend("▁")` then `Replace(" ", "▁")`, the
///   Llama-2 SentencePiece convention (the same result as the `Metaspace` pre-tokenizer with
///   `prepend_scheme: always` and no split).
/// - **No pre-tokenizer**: each normalised piece is one BPE word.
/// - **BPE model**: one symbol per Unicode scalar; a scalar missing from the vocabulary becomes the tokens of
///   its UTF-8 bytes (`<0x41>` …) with `byte_fallback`, else the unknown token (runs fused with `fuse_unk`);
///   then the pair with the lowest merge rank is merged, leftmost first, until no pair has a rule.
///
/// Anything else in the file (a pre-tokenizer, a regex `Replace`, a dropout, subword prefixes, added tokens
/// that strip or match only whole words) is refused with `EmbeddingsError.unsupported`, rather than encoded
/// differently from the reference. The post-processor, truncation and padding are not applied: WordLlama
/// encodes without special tokens and without truncation.
public struct BPETokenizer: Sendable {
    /// A step of the normaliser, on UTF-8 bytes.
    enum NormalizerStep: Sendable, Equatable {
        case prepend([UInt8])
        case replace(pattern: [UInt8], content: [UInt8])
    }

    /// An added token matched in the raw text.
    struct AddedToken: Sendable {
        let content: [UInt8]
        let id: Int32
    }

    /// The token strings by id (`vocabulary[id]`).
    public let vocabulary: [String]
    let ids: TokenTable
    /// Ids of one-scalar tokens in the Basic Multilingual Plane, indexed by scalar value (-1: none).
    let scalarIDs: [Int32]
    /// Ids of one-scalar tokens outside it.
    let astralScalarIDs: [UInt32: Int32]
    /// The ids of `<0x00>` … `<0xFF>` (-1 where missing); empty without byte fallback.
    let byteIDs: [Int32]
    let unknownID: Int32?
    let fuseUnknown: Bool
    let ignoreMerges: Bool
    let merges: PairTable
    let normalizer: [NormalizerStep]
    let addedTokens: [AddedToken]
    /// The UTF-8 bytes that the normaliser puts for a space ("▁"), when words split at it can be merged one by
    /// one: a word starts at each "▁" that follows something else, and no vocabulary token holds a "▁" after
    /// another character, so no merge rule spans two words. (`tokenizers` merges the whole piece at once; with
    /// this property the result is the same, and each word's queue is short.) `nil` when the file lacks it.
    let wordMarker: [UInt8]?
    let wordCache: WordCache
    let mergeCache: MergeCache

    /// Number of token ids (the largest id + 1).
    public var vocabularySize: Int { vocabulary.count }

    /// The id of `token`, if it is in the vocabulary or among the added tokens.
    public func id(of token: String) -> Int32? { ids.id(of: token) }

    /// Reads a tokenizer file (`tokenizer.json`).
    /// - Throws: `EmbeddingsError.io` if the file cannot be read, `.malformedTokenizer` if it is not valid
    ///   JSON or lacks the BPE model's fields, `.unsupported` for a configuration this type does not implement.
    public init(path: String) throws {
        let file = try MappedFile(path: path)
        let root: JSONValue
        do {
            root = try JSONReader.parse(file.bytes)
        } catch {
            throw EmbeddingsError.malformedTokenizer(path: path, reason: "invalid JSON: \(error)")
        }
        try self.init(json: root, path: path)
    }

    init(json root: JSONValue, path: String) throws {
        func damaged(_ reason: String) -> EmbeddingsError { .malformedTokenizer(path: path, reason: reason) }
        func unsupported(_ reason: String) -> EmbeddingsError { .unsupported(path: path, reason: reason) }

        guard case .object = root else { throw damaged("the file holds \(root.kind), not an object") }
        guard let model = root["model"], case .object = model else { throw damaged("no \"model\" object") }
        let type = model["type"]?.stringValue ?? "BPE"
        guard type == "BPE" else { throw unsupported("model type \(type); only BPE is implemented") }
        if let dropout = model["dropout"], !dropout.isNull, dropout != .number(0) {
            throw unsupported("BPE dropout (it makes tokenisation random)")
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = model[key], !value.isNull, value != .string("") { throw unsupported("BPE \(key)") }
        }

        // Vocabulary.
        guard let vocab = model["vocab"]?.objectValue else { throw damaged("model.vocab is missing or not an object") }
        let addedList = root["added_tokens"]?.arrayValue ?? []
        var ids = TokenTable(capacity: vocab.count + addedList.count)
        var largest = -1
        for (token, value) in vocab {
            guard let id = value.nonNegativeInteger, id < Int(Int32.max) else {
                throw damaged("vocabulary entry \"\(token)\" has an id that is not a non-negative integer")
            }
            ids.insert(token, id: Int32(id))
            largest = max(largest, id)
        }
        var addedTokens: [AddedToken] = []
        for (index, entry) in addedList.enumerated() {
            guard let content = entry["content"]?.stringValue, !content.isEmpty,
                let id = entry["id"]?.nonNegativeInteger, id < Int(Int32.max)
            else { throw damaged("added_tokens[\(index)] needs a non-empty content and an id") }
            for flag in ["single_word", "lstrip", "rstrip", "normalized"] where entry[flag]?.boolValue == true {
                throw unsupported("added token \"\(content)\" sets \(flag)")
            }
            ids.insert(content, id: Int32(id))
            largest = max(largest, id)
            addedTokens.append(AddedToken(content: Array(content.utf8), id: Int32(id)))
        }
        var vocabulary = [String](repeating: "", count: largest + 1)
        for (token, id) in ids.entries { vocabulary[Int(id)] = token }

        // One-scalar tokens.
        var scalarIDs = [Int32](repeating: -1, count: 0x1_0000)
        var astral: [UInt32: Int32] = [:]
        for (token, value) in vocab {
            let scalars = token.unicodeScalars
            guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex,
                let id = value.nonNegativeInteger.map(Int32.init)
            else { continue }
            if scalar.value < 0x1_0000 { scalarIDs[Int(scalar.value)] = id } else { astral[scalar.value] = id }
        }

        // Byte fallback and the unknown token.
        var byteIDs: [Int32] = []
        if model["byte_fallback"]?.boolValue == true {
            let digits = Array("0123456789ABCDEF")
            byteIDs = (0..<256).map { b in ids.id(of: "<0x\(digits[b >> 4])\(digits[b & 15])>") ?? -1 }
        }
        var unknownID: Int32?
        if let unk = model["unk_token"], !unk.isNull {
            guard let name = unk.stringValue, let id = ids.id(of: name) else {
                throw damaged("model.unk_token is not a token of the vocabulary")
            }
            unknownID = id
        }

        // Merges: "left right" strings (the older format) or [left, right] pairs.
        guard let mergeList = model["merges"]?.arrayValue else { throw damaged("model.merges is missing or not an array") }
        var merges = PairTable(capacity: mergeList.count)
        var joined: [UInt8] = []
        func rule(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> (Int32, Int32, Int32)? {
            joined.removeAll(keepingCapacity: true)
            joined.append(contentsOf: left)
            joined.append(contentsOf: right)
            guard let a = ids.id(of: left), let b = ids.id(of: right), let ab = joined.withUnsafeBytes({ ids.id(of: $0) }) else {
                return nil
            }
            return (a, b, ab)
        }
        for (rank, entry) in mergeList.enumerated() {
            let found: (Int32, Int32, Int32)?
            switch entry {
            case .string(var line):
                // "left right": exactly one space (tokens never hold one: the normaliser replaced them).
                found = try line.withUTF8 { bytes in
                    let raw = UnsafeRawBufferPointer(bytes)
                    guard let space = raw.firstIndex(of: UInt8(ascii: " ")),
                        raw[(space + 1)...].firstIndex(of: UInt8(ascii: " ")) == nil
                    else { throw damaged("merges[\(rank)] \"\(String(decoding: raw, as: UTF8.self))\" is not two tokens separated by a space") }
                    return rule(UnsafeRawBufferPointer(rebasing: raw[..<space]), UnsafeRawBufferPointer(rebasing: raw[(space + 1)...]))
                }
            case .array(let parts) where parts.count == 2:
                guard var left = parts[0].stringValue, var right = parts[1].stringValue else { fallthrough }
                found = left.withUTF8 { l in right.withUTF8 { r in rule(UnsafeRawBufferPointer(l), UnsafeRawBufferPointer(r)) } }
            default:
                throw damaged("merges[\(rank)] is neither \"left right\" nor [left, right]")
            }
            guard let (a, b, merged) = found else {
                throw damaged("merges[\(rank)] uses a token that is not in the vocabulary")
            }
            merges.insert(a, b, PairTable.Merge(rank: UInt32(rank), merged: merged))
        }

        if let pre = root["pre_tokenizer"], !pre.isNull {
            throw unsupported("pre_tokenizer \(pre["type"]?.stringValue ?? "?"); only files without one are implemented")
        }

        self.vocabulary = vocabulary
        self.ids = ids
        self.scalarIDs = scalarIDs
        self.astralScalarIDs = astral
        self.byteIDs = byteIDs
        self.unknownID = unknownID
        self.fuseUnknown = model["fuse_unk"]?.boolValue ?? false
        self.ignoreMerges = model["ignore_merges"]?.boolValue ?? false
        self.merges = merges
        let normalizer = try Self.normalizerSteps(root["normalizer"] ?? .null, damaged: damaged, unsupported: unsupported)
        self.normalizer = normalizer
        self.wordMarker = Self.wordMarker(normalizer: normalizer, vocabulary: vocabulary, scalarIDs: scalarIDs)
        self.wordCache = WordCache(count: vocabulary.count)
        self.mergeCache = MergeCache(capacity: 16_384)
        // Longest first, so that the first match at a position is the longest.
        self.addedTokens = addedTokens.sorted { $0.content.count > $1.content.count }
    }

    /// The space marker if it is a token and no token holds it after another character (see `wordMarker`).
    private static func wordMarker(normalizer: [NormalizerStep], vocabulary: [String], scalarIDs: [Int32]) -> [UInt8]? {
        guard case .replace(let pattern, let content)? = normalizer.last(where: { if case .replace = $0 { true } else { false } }),
            pattern == [0x20], let marker = String(validating: content, as: UTF8.self)?.unicodeScalars.first,
            String(marker).utf8.elementsEqual(content), marker.value < 0x1_0000, scalarIDs[Int(marker.value)] >= 0
        else { return nil }
        for token in vocabulary {
            var previous: Unicode.Scalar?
            for scalar in token.unicodeScalars {
                if scalar == marker, let previous, previous != marker { return nil }
                previous = scalar
            }
        }
        return content
    }

    private static func normalizerSteps(
        _ value: JSONValue,
        damaged: (String) -> EmbeddingsError,
        unsupported: (String) -> EmbeddingsError
    ) throws -> [NormalizerStep] {
        if value.isNull { return [] }
        switch value["type"]?.stringValue {
        case "Sequence":
            guard let steps = value["normalizers"]?.arrayValue else { throw damaged("a Sequence normalizer has no normalizers") }
            return try steps.flatMap { try normalizerSteps($0, damaged: damaged, unsupported: unsupported) }
        case "Prepend":
            guard let text = value["prepend"]?.stringValue else { throw damaged("a Prepend normalizer has no prepend string") }
            return [.prepend(Array(text.utf8))]
        case "Replace":
            guard let pattern = value["pattern"]?["String"]?.stringValue else {
                throw unsupported("a Replace normalizer whose pattern is not a literal String")
            }
            guard !pattern.isEmpty, let content = value["content"]?.stringValue else {
                throw damaged("a Replace normalizer needs a non-empty pattern and a content")
            }
            return [.replace(pattern: Array(pattern.utf8), content: Array(content.utf8))]
        case let other:
            throw unsupported("normalizer \(other ?? "without a type")")
        }
    }
}
