/// A named text field and its weight in scoring (BM25F-style: a term in a field of weight 2 counts as
/// two occurrences). Weights are rounded to multiples of 1/8.
public struct FieldDefinition: Sendable, Hashable, Codable {
    /// The field's name, as used in `Document.fields`.
    public var name: String
    /// The field's weight (≥ 0; 0 leaves the field out of the index).
    public var weight: Double

    /// Creates a field definition.
    public init(name: String, weight: Double) {
        self.name = name
        self.weight = weight
    }
}

/// What an index holds and how it analyses text; fixed for the life of an index and its snapshots.
public struct IndexConfiguration: Sendable {
    /// The indexed fields, in a fixed order.
    public var fields: [FieldDefinition]
    /// The analyzer for documents and queries.
    public var analyzer: Analyzer

    /// Creates a configuration.
    /// - Parameters:
    ///   - fields: the indexed fields (default: `title` weight 2, `body` weight 1).
    ///   - analyzer: the analyzer (default: English, stemmed).
    public init(
        fields: [FieldDefinition] = [FieldDefinition(name: "title", weight: 2), FieldDefinition(name: "body", weight: 1)],
        analyzer: Analyzer = Analyzer()
    ) {
        self.fields = fields
        self.analyzer = analyzer
    }
}

/// A document to index: an external id, text per field and an optional filter value.
public struct Document: Sendable, Hashable {
    /// The caller's id; adding a document with an id already present replaces it.
    public var id: String
    /// Text per field name; names not in the configuration are ignored.
    public var fields: [String: String]
    /// A value queries can restrict to (a category, a tenant) without affecting scores.
    public var filter: String?

    /// Creates a document.
    public init(id: String, fields: [String: String], filter: String? = nil) {
        self.id = id
        self.fields = fields
        self.filter = filter
    }
}

/// One change to an index.
public enum IndexChange: Sendable, Hashable {
    /// Adds the document, replacing any document with the same id.
    case upsert(Document)
    /// Removes the document with this id (nothing happens when there is none).
    case delete(id: String)
}

/// The top-k strategy. All return the same results; they differ in speed.
public enum RetrievalAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Score every matching document.
    case exhaustive
    /// WAND with list-wide bounds.
    case wand
    /// Block-max WAND.
    case blockMaxWAND
    /// MaxScore with essential and non-essential lists, document at a time.
    case maxScore
    /// MaxScore over windows with block bounds and term-at-a-time scoring of essential lists (the
    /// default: fastest for long queries).
    case blockMaxScore
}

/// A query.
public struct SearchRequest: Sendable {
    /// Free text: a whole complaint, a few words, or text still being typed.
    public var text: String
    /// How many results to return.
    public var k: Int
    /// BM25 or TF-IDF.
    public var scoring: Scoring
    /// Only documents with this filter value.
    public var filter: String?
    /// Whether the last word, when the text ends inside it, also matches as a prefix (`passw` →
    /// `password`), bounded to the `maxExpansions` most frequent completions.
    public var prefixLastTerm: Bool
    /// Completions considered for a trailing partial word.
    public var maxExpansions: Int
    /// The top-k strategy.
    public var algorithm: RetrievalAlgorithm
    /// `text` already analysed with the index's analyzer; when set, `text` is not read.
    public var analyzed: AnalyzedQuery?
    /// When set, a word that no document holds and that is not one of these known words is read as the most
    /// frequent term one edit away (a letter left out, added, changed, or two neighbours swapped: `stors` →
    /// `store`, `shsre` → `share`), as people mistype (`TypoCorrection`); nil leaves every word as it is. A word
    /// being typed (`prefixLastTerm`) is left as it is.
    public var typoCorrection: KnownWords?

    /// The most results one request returns; a larger `k` is lowered to it.
    public static let maximumK = 10_000
    /// The most distinct query terms searched; terms past it are ignored. A 20,000-character complaint has
    /// fewer, so real queries never reach it; it bounds the work a hostile text can cause.
    public static let maximumTerms = 1_024
    /// The most completions of a trailing partial word; a larger `maxExpansions` is lowered to it.
    public static let maximumExpansions = 64
    /// The most words of one query that `typoCorrection` looks at; later unknown words stay as they are. It bounds
    /// the dictionary look-ups a hostile text can cause (about 50 edited words per letter of each word, each looked up
    /// as it is and as a term, in every segment).
    public static let maximumCorrections = 8

    /// Creates a request.
    public init(
        text: String, k: Int = 10, scoring: Scoring = .bm25, filter: String? = nil, prefixLastTerm: Bool = false,
        maxExpansions: Int = 8, algorithm: RetrievalAlgorithm = .blockMaxScore
    ) {
        self.text = text
        self.k = k
        self.scoring = scoring
        self.filter = filter
        self.prefixLastTerm = prefixLastTerm
        self.maxExpansions = maxExpansions
        self.algorithm = algorithm
    }

    /// Creates a request for query text the caller has analysed already (with the index's analyzer), so that a caller
    /// that also needs the terms analyses the text once.
    public init(
        analyzed: AnalyzedQuery, k: Int = 10, scoring: Scoring = .bm25, filter: String? = nil, prefixLastTerm: Bool = false,
        maxExpansions: Int = 8, algorithm: RetrievalAlgorithm = .blockMaxScore
    ) {
        self.init(
            text: "", k: k, scoring: scoring, filter: filter, prefixLastTerm: prefixLastTerm, maxExpansions: maxExpansions,
            algorithm: algorithm)
        self.analyzed = analyzed
    }
}

/// Query text as the index's analyzer reads it: what `SearchRequest(analyzed:)` searches.
public struct AnalyzedQuery: Sendable, Hashable {
    /// The terms, in order, repeats included.
    public var terms: [String]
    /// The folded, unstemmed last word when the text ends inside one, for `prefixLastTerm`; nil otherwise.
    public var trailingPartialWord: String?

    /// Creates an analysed query.
    public init(terms: [String], trailingPartialWord: String? = nil) {
        self.terms = terms
        self.trailingPartialWord = trailingPartialWord
    }
}

/// One result.
public struct SearchHit: Sendable, Hashable {
    /// The document's external id.
    public let id: String
    /// Its score (higher is better).
    public let score: Double
}

/// Why a snapshot could not be saved or opened.
public enum SearchIndexError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read or written.
    case io(path: String, reason: String)
    /// The file is not a snapshot, is truncated or fails its checksum; nothing was loaded.
    case corrupted(path: String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "cannot access index snapshot \(path): \(reason)"
        case .corrupted(let path, let reason): "index snapshot \(path) is damaged: \(reason)"
        }
    }
}

/// Words of the language that are never read as typing slips, however rare in an index (`SearchRequest.typoCorrection`):
/// a word missing from a small index is more often a real word its documents do not use than a typo.
public struct KnownWords: Sendable {
    /// The words' terms, as the analyzer they were made with indexes them.
    let terms: Set<[UInt8]>
    /// More known terms, already analysed (`adding(terms:)`).
    let extra: Set<String>

    /// The known words `words`, analysed with `analyzer` (the analyzer of the indexes searched with them).
    public init(_ words: some Sequence<String>, analyzer: Analyzer) {
        var terms = Set<[UInt8]>()
        for word in words {
            analyzer.forEachTerm(in: word) { terms.insert(Array($0)) }
        }
        self.terms = terms
        extra = []
    }

    private init(terms: Set<[UInt8]>, extra: Set<String>) {
        self.terms = terms
        self.extra = extra
    }

    /// These words and the terms `more` (analysed already, as an index's vocabulary is), without copying either set.
    /// - Precondition: this value has no `extra` terms yet.
    public func adding(terms more: Set<String>) -> KnownWords {
        assert(extra.isEmpty)
        return KnownWords(terms: terms, extra: more)
    }

    /// Whether the term `term` (analysed) is known.
    func contains(term: [UInt8]) -> Bool {
        terms.contains(term) || (!extra.isEmpty && extra.contains(String(decoding: term, as: UTF8.self)))
    }

    /// Whether `word`'s terms are all known.
    public func contains(_ word: String, analyzer: Analyzer) -> Bool {
        var all = true
        analyzer.forEachTerm(in: word) { if !contains(term: Array($0)) { all = false } }
        return all
    }
}
