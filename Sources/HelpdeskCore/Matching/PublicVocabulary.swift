import Foundation
import SearchEngine

/// The words of customers' complaints that anonymous visitors and customers may match: those written by at least
/// `minimumCustomers` distinct customers. A word only one customer wrote (an order number, a name, an address) never
/// reaches another customer's search, as a match, a snippet, a highlight or a ranking change; staff keep every word.
///
/// A solution's public `complaints` field keeps only the words whose every analysed term is public, so the public
/// index holds exactly the terms checked here. The vocabulary is learned when the indexes are rebuilt or relearned;
/// between those, a term that newly reaches the threshold waits for the next relearn (never the other way round: a
/// term is public only once enough customers wrote it).
struct PublicVocabulary: Sendable {
    /// How many distinct customers must have written a term.
    let minimumCustomers: Int
    /// The public terms (analysed, as the index sees them).
    private(set) var terms: Set<String>

    /// No public term at all: only staff-written text (titles, steps) is matched.
    static func none(minimumCustomers: Int) -> PublicVocabulary {
        PublicVocabulary(minimumCustomers: minimumCustomers, terms: [])
    }

    init(minimumCustomers: Int, terms: Set<String>) {
        self.minimumCustomers = max(1, minimumCustomers)
        self.terms = terms
    }

    /// Learns which terms at least `minimumCustomers` distinct customers wrote in `complaints`.
    /// - Complexity: O(total length of the complaints).
    init(learningFrom complaints: some Sequence<AuthoredComplaint>, analyzer: Analyzer, minimumCustomers: Int) {
        let minimum = max(1, minimumCustomers)
        var writers: [String: Set<Int64>] = [:]
        var seen: Set<AuthoredComplaint> = []
        var terms: Set<String> = []
        for complaint in complaints where seen.insert(complaint).inserted {
            for term in Set(analyzer.analyze(complaint.text)) where !terms.contains(term) {
                writers[term, default: []].insert(complaint.customerId)
                if writers[term]!.count >= minimum {
                    terms.insert(term)
                    writers[term] = nil
                }
            }
        }
        self.init(minimumCustomers: minimum, terms: terms)
    }

    /// `complaint` reduced to its public words, in order, separated by single spaces. A word (a run of text between
    /// white space, as `Boilerplate` reads words) stays when every term it analyses to is public; so do stop words
    /// and punctuation, which say nothing about anyone but keep the stock phrases learnable. A word with a letter or
    /// digit run the analyzer would drop for its length is dropped too, and symbols other than ASCII punctuation are
    /// removed, so nothing kept is more than the public terms and stop words.
    /// - Parameter memo: decisions per word, shared across the complaints of one build.
    func publicText(of complaint: String, analyzer: Analyzer, memo: inout [Substring: Substring?]) -> String {
        var kept: [Substring] = []
        for word in complaint.split(whereSeparator: \.isWhitespace) {
            let decided: Substring?
            if let known = memo[word] {
                decided = known
            } else {
                decided = publicForm(of: word, analyzer: analyzer)
                memo[word] = decided
            }
            if let decided, !decided.isEmpty { kept.append(decided) }
        }
        return kept.joined(separator: " ")
    }

    /// `word` as the public text keeps it, or nil when it carries a term fewer customers wrote.
    private func publicForm(of word: Substring, analyzer: Analyzer) -> Substring? {
        let cleaned = word.filter { $0.isLetter || $0.isNumber || ($0.isASCII && $0.isPunctuation) }
        let longest = cleaned.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(\.utf8.count).max() ?? 0
        guard longest <= analyzer.maxTokenLength, analyzer.analyze(cleaned).allSatisfy(terms.contains) else { return nil }
        return Substring(cleaned)
    }

    /// The public form of a solutions-index change: the same document with its `complaints` field rebuilt from the
    /// public words of each complaint (complaints still separated by a blank line); deletes pass through.
    func publicChange(_ change: IndexChange, complaints: [AuthoredComplaint]?, analyzer: Analyzer,
                      memo: inout [Substring: Substring?]) -> IndexChange {
        guard case .upsert(var document) = change else { return change }
        let texts = (complaints ?? []).map { publicText(of: $0.text, analyzer: analyzer, memo: &memo) }
        document.fields["complaints"] = texts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return .upsert(document)
    }

    // MARK: - Persistence

    /// The threshold on the first line, then one term per line.
    func serialized() -> Data {
        Data(([String(minimumCustomers)] + terms.sorted()).joined(separator: "\n").utf8)
    }

    /// Reads `serialized()`; nil when malformed.
    init?(serialized data: Data) {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let minimum = Int(first), minimum >= 1 else { return nil }
        self.init(minimumCustomers: minimum, terms: Set(lines.dropFirst().filter { !$0.isEmpty }.map(String.init)))
    }
}
