import Foundation
import SearchEngine

/// Words customers use for the words of a solution, learned from the store: a translation model (IBM Model 1, as
/// in Berger & Lafferty 1999 and Xue, Jeon & Croft 2008 for question answering) trained on the pairs (a solution's
/// title and steps, one complaint it resolved).
///
/// A complaint rarely says what the solution's title says ("students don't see the homework" for "Assignment not
/// visible to students"), but the complaints a solution resolved show which words customers use for its words
/// (`visibl` → `see`, `show`, `homework`). Suggestions re-rank their best hits by how likely the complaint is under
/// each candidate's language model, mixed with what those words translate to (`score(_:candidates:)`), so a
/// candidate whose words customers describe the way this complaint does moves up among its siblings.
///
/// Learned from the solutions index's documents when the index is rebuilt, and saved with its snapshots. An
/// association is kept only when at least two complaints support it, so nothing is learned from one ticket alone.
public struct TermAssociations: Sendable, Hashable, Codable {
    /// `translations[t][q]`: P(q | t), the probability that a customer writes term `q` for the solution term `t`.
    let translations: [String: [String: Double]]
    /// Term counts of each solution's resolved complaints, by solution document id.
    let complaintCounts: [String: [String: Double]]
    /// The probability of each term in the whole collection (titles ×2, steps, complaints ×0.7), for smoothing.
    let collection: [String: Double]
    /// The same model over term numbers, for scoring: suggestions re-rank on every keystroke
    /// (`TermAssociations+Scoring.swift`).
    let compiled: Compiled

    private enum CodingKeys: String, CodingKey { case translations, complaintCounts, collection }

    /// The model with terms replaced by numbers.
    struct Compiled: Sendable {
        /// Term → number (every term of the collection).
        var numbers: [String: Int32] = [:]
        /// P(term) in the collection, by number.
        var collection: [Double] = []
        /// P(q | t) as (q, probability) pairs, by the number of t.
        var translations: [[(term: Int32, probability: Double)]] = []
        /// Each solution's complaint term counts by term number, and their sum.
        var complaints: [String: (counts: [Int32: Double], total: Double)] = [:]

        init() {}

        init(translations: [String: [String: Double]], complaintCounts: [String: [String: Double]], collection: [String: Double]) {
            for (term, p) in collection.sorted(by: { $0.key < $1.key }) {
                numbers[term] = Int32(self.collection.count)
                self.collection.append(p)
            }
            self.translations = Array(repeating: [], count: self.collection.count)
            for (source, targets) in translations {
                guard let t = numbers[source] else { continue }
                self.translations[Int(t)] = targets.compactMap { q, p in numbers[q].map { ($0, p) } }
            }
            for (id, counts) in complaintCounts {
                var byNumber: [Int32: Double] = [:]
                for (term, count) in counts { if let n = numbers[term] { byNumber[n] = count } }
                complaints[id] = (byNumber, counts.values.reduce(0, +))
            }
        }
    }

    public static func == (a: TermAssociations, b: TermAssociations) -> Bool {
        a.translations == b.translations && a.complaintCounts == b.complaintCounts && a.collection == b.collection
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(translations)
        hasher.combine(complaintCounts)
        hasher.combine(collection)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            translations: try container.decode([String: [String: Double]].self, forKey: .translations),
            complaintCounts: try container.decode([String: [String: Double]].self, forKey: .complaintCounts),
            collection: try container.decode([String: Double].self, forKey: .collection))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(translations, forKey: .translations)
        try container.encode(complaintCounts, forKey: .complaintCounts)
        try container.encode(collection, forKey: .collection)
    }

    /// EM iterations of the translation model.
    static let iterations = 8
    /// An association needs this many complaints in which both words occur (a solution word and a complaint word).
    static let minimumSupport = 2
    /// Associations below this probability are dropped (they move no score, and the snapshot stays small).
    static let minimumProbability = 0.01
    /// At most this many associations per solution word.
    static let maximumPerTerm = 32
    /// Weight of a complaint's term counts in a solution's language model, as in the index (`complaints` ×0.7).
    static let complaintWeight = 0.7
    /// Share of a solution's language model that comes from translating its title and steps.
    static let translationShare = 0.8
    /// Jelinek–Mercer smoothing with the collection model.
    static let smoothing = 0.5

    /// No associations: suggestions keep the search engine's order.
    public static let none = TermAssociations(translations: [:], complaintCounts: [:], collection: [:])

    init(translations: [String: [String: Double]], complaintCounts: [String: [String: Double]], collection: [String: Double]) {
        self.translations = translations
        self.complaintCounts = complaintCounts
        self.collection = collection
        compiled = Compiled(translations: translations, complaintCounts: complaintCounts, collection: collection)
    }

    /// Whether nothing was learned.
    public var isEmpty: Bool { translations.isEmpty }

    /// The number of learned associations (solution word → complaint word).
    public var count: Int { translations.values.reduce(0) { $0 + $1.count } }

    /// The complaint words associated with `term` (an analysed term), most likely first.
    public func associations(of term: String) -> [(term: String, probability: Double)] {
        (translations[term] ?? [:]).map { ($0.key, $0.value) }
            .sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.term < $1.term }
    }

    /// A solution's own words as the model reads them: its title twice (a title names the problem), then its steps.
    public static func sourceTerms(title: String, steps: String, analyzer: Analyzer) -> [String] {
        let title = analyzer.analyze(title)
        return title + title + analyzer.analyze(steps)
    }

    // MARK: - Learning

    /// Learns from solution documents with `title`, `steps` and `complaints` fields (complaints separated by a blank
    /// line, as `AppDatabase.solutionDocument` joins them), analysed with `analyzer`.
    public init(learningFrom documents: [Document], analyzer: Analyzer) {
        var ids: [String: Int32] = ["": 0]  // 0: the empty word, which explains a complaint's unrelated words
        var names: [String] = [""]
        func id(_ term: String) -> Int32 {
            if let known = ids[term] { return known }
            let new = Int32(names.count)
            ids[term] = new
            names.append(term)
            return new
        }
        /// (source terms with their counts, target terms with their counts) per complaint.
        var pairs: [(source: [(Int32, Double)], target: [(Int32, Double)])] = []
        var complaintCounts: [String: [String: Double]] = [:]
        var collection: [String: Double] = [:]
        for document in documents {
            let sourceTerms = Self.sourceTerms(
                title: document.fields["title"] ?? "", steps: document.fields["steps"] ?? "", analyzer: analyzer)
            var source: [Int32: Double] = [0: 1]
            for term in sourceTerms {
                source[id(term), default: 0] += 1
                collection[term, default: 0] += 1
            }
            let sourceList = source.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            var counts: [String: Double] = [:]
            for complaint in (document.fields["complaints"] ?? "").components(separatedBy: "\n\n") {
                var target: [Int32: Double] = [:]
                for term in analyzer.analyze(complaint) {
                    target[id(term), default: 0] += 1
                    counts[term, default: 0] += 1
                    collection[term, default: 0] += Self.complaintWeight
                }
                if !target.isEmpty { pairs.append((sourceList, target.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })) }
            }
            if !counts.isEmpty { complaintCounts[document.id] = counts }
        }
        let total = collection.values.reduce(0, +)
        self.init(
            translations: Self.train(pairs: pairs, names: names), complaintCounts: complaintCounts,
            collection: total > 0 ? collection.mapValues { $0 / total } : [:])
    }

    /// IBM Model 1 by expectation maximisation, then pruned (support, probability, count per term).
    private static func train(pairs: [(source: [(Int32, Double)], target: [(Int32, Double)])], names: [String])
        -> [String: [String: Double]]
    {
        guard !pairs.isEmpty else { return [:] }
        // Every (source, target) pair that co-occurs gets a slot; each complaint keeps its slots, row by row.
        var slotOf: [UInt64: Int32] = [:]
        var slotKeys: [UInt64] = []
        var support: [Int32] = []
        var slots: [[Int32]] = []
        slots.reserveCapacity(pairs.count)
        for pair in pairs {
            var row: [Int32] = []
            row.reserveCapacity(pair.source.count * pair.target.count)
            for (t, _) in pair.source {
                for (q, _) in pair.target {
                    let key = UInt64(UInt32(t)) << 32 | UInt64(UInt32(q))
                    let slot: Int32
                    if let known = slotOf[key] {
                        slot = known
                    } else {
                        slot = Int32(slotKeys.count)
                        slotOf[key] = slot
                        slotKeys.append(key)
                        support.append(0)
                    }
                    support[Int(slot)] += 1
                    row.append(slot)
                }
            }
            slots.append(row)
        }
        var probability = [Double](repeating: 1 / Double(names.count), count: slotKeys.count)
        var expected = [Double](repeating: 0, count: slotKeys.count)
        for _ in 0..<iterations {
            for i in expected.indices { expected[i] = 0 }
            for (pair, row) in zip(pairs, slots) {
                let width = pair.target.count
                for (j, (_, qCount)) in pair.target.enumerated() {
                    var sum = 0.0
                    for (i, (_, tCount)) in pair.source.enumerated() { sum += tCount * probability[Int(row[i * width + j])] }
                    guard sum > 0 else { continue }
                    for (i, (_, tCount)) in pair.source.enumerated() {
                        let slot = Int(row[i * width + j])
                        expected[slot] += qCount * tCount * probability[slot] / sum
                    }
                }
            }
            var totals: [UInt32: Double] = [:]
            for (slot, key) in slotKeys.enumerated() { totals[UInt32(key >> 32), default: 0] += expected[slot] }
            for (slot, key) in slotKeys.enumerated() {
                let total = totals[UInt32(key >> 32)] ?? 0
                probability[slot] = total > 0 ? expected[slot] / total : 0
            }
        }
        var translations: [String: [String: Double]] = [:]
        var bySource: [Int32: [(Int32, Double)]] = [:]
        for (slot, key) in slotKeys.enumerated() {
            let t = Int32(key >> 32), q = Int32(UInt32(truncatingIfNeeded: key))
            guard t != 0, support[slot] >= minimumSupport, probability[slot] >= minimumProbability else { continue }
            bySource[t, default: []].append((q, probability[slot]))
        }
        for (t, targets) in bySource {
            let kept = targets.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(maximumPerTerm)
            translations[names[Int(t)]] = Dictionary(kept.map { (names[Int($0.0)], $0.1) }, uniquingKeysWith: max)
        }
        return translations
    }

    // MARK: - Scoring

    // `TermAssociations+Scoring.swift`: compiling a solution's side and a query, and the log-likelihoods.

    // MARK: - Snapshots

    /// The associations as bytes (JSON, keys sorted, so equal models give equal bytes).
    func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(self)
    }

    /// Reads `serialized()` bytes; nil when they are not a saved model.
    init?(serialized data: Data) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        self = decoded
    }
}
