import Embeddings
import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine

/// Calibrates the relevance floor of a `MatchGrade.Scale`: the least match strength a suggestion needs to be shown, and
/// the strength from which a match is called strong.
///
/// A floor is for the complaint whose answer is not in the knowledge base: better to show nothing than the best of
/// the wrong answers. So each evaluation query is asked twice. As it is, where its right answers are in the set (does
/// one of them still show above the floor?), and without them, as a new problem would be (is nothing shown?). The
/// second needs no second index: the results of the first with the right answers taken out are what a set without
/// them ranks (the other documents' scores do not depend on them, but for idf). Those wrong answers are the hardest
/// there are, near neighbours of the right one in the same topic; a text about something else entirely scores far
/// lower.
///
/// The rule, fixed before measuring: the highest floor that still shows a right answer for `keep` (99 %) of the
/// answerable queries that showed one at floor 0, since a customer who is not shown the answer files a ticket, while
/// one shown a partial match reads a title and moves on. "Strong" starts at the lowest strength whose results are
/// right at least half of the time. Both are chosen by k-fold cross-validation, so the figures are those of values
/// nobody tuned on the queries measured; balanced accuracy (answer shown, silence without answer) is reported beside.
public enum FloorCalibration {
    /// One query's results at floor 0, best first: each one's strength and whether it is a right answer.
    public struct Query: Sendable, Hashable {
        public var results: [Result]
        /// How many right answers the query has.
        public var relevant: Int
        /// Distinct terms searched for (`Suggestions.queryTerms`).
        public var terms = 0

        public struct Result: Sendable, Hashable {
            public var strength: Double
            public var relevant: Bool
        }
    }

    /// The figures of one floor over a set of queries.
    public struct Point: Sendable, Hashable {
        public var floor: Double
        /// Queries with at least one right answer.
        public var answerable = 0
        /// Results shown per answerable query.
        public var shownPerQuery = 0.0
        /// Share of answerable queries with a right answer among the first `k` shown.
        public var answerShown = 0.0
        /// Share of answerable queries whose first result shown is right.
        public var p1 = 0.0
        /// Share of the results shown that are right.
        public var precision = 0.0
        /// Share of queries that show nothing once their right answers are taken out.
        public var silentWithoutAnswer = 0.0
        /// The mean of `answerShown` and `silentWithoutAnswer`: what picks the floor.
        public var balanced: Double { (answerShown + silentWithoutAnswer) / 2 }
    }

    /// The floors tried: 0 to 0.40 in steps of 0.01.
    public static let grid: [Double] = (0...40).map { Double($0) / 100 }

    /// The figures of `floor` over `queries`, with at most `k` results shown.
    public static func point(floor: Double, _ queries: some Collection<Query>, k: Int) -> Point {
        var point = Point(floor: floor)
        var shown = 0
        var rightShown = 0
        var silent = 0
        var answered = 0
        var first = 0
        for q in queries {
            let above = q.results.filter { $0.strength >= floor }
            let without = above.filter { !$0.relevant }
            if without.isEmpty { silent += 1 }
            guard q.relevant > 0 else { continue }
            point.answerable += 1
            let list = above.prefix(k)
            shown += list.count
            rightShown += list.filter(\.relevant).count
            if list.contains(where: \.relevant) { answered += 1 }
            if list.first?.relevant == true { first += 1 }
        }
        let n = Double(max(point.answerable, 1))
        point.shownPerQuery = Double(shown) / n
        point.answerShown = Double(answered) / n
        point.p1 = Double(first) / n
        point.precision = shown > 0 ? Double(rightShown) / Double(shown) : 0
        point.silentWithoutAnswer = queries.isEmpty ? 0 : Double(silent) / Double(queries.count)
        return point
    }

    /// One held-out fold: the floor chosen on the other folds and its figures on this one.
    public struct Fold: Sendable, Hashable {
        /// The floor chosen on the other folds.
        public var chosen: Double
        /// The start of "strong" chosen on the other folds.
        public var strongFrom: Double
        /// The floor's figures on this fold.
        public var heldOut: Point
        /// The share of right results among those from the start of "strong" on this fold.
        public var strongPrecision: Double
    }

    /// Share of the answers shown at floor 0 that the chosen floor must keep.
    public static let keep = 0.99
    /// Share of right results from which a match is called strong.
    public static let strongPrecision = 0.5

    /// The highest floor of the grid that keeps `keep` of the answers `queries` show at floor 0.
    public static func chooseFloor(_ queries: [Query], k: Int) -> Double {
        let base = point(floor: 0, queries, k: k).answerShown
        return grid.last { point(floor: $0, queries, k: k).answerShown >= keep * base - 1e-12 } ?? 0
    }

    /// The lowest strength of the grid (from 0 to 1 in steps of 0.01) from which at least `strongPrecision` of the
    /// results shown are right; 1 when none is.
    public static func chooseStrong(_ queries: [Query], k: Int) -> Double {
        let strengths = (0...100).map { Double($0) / 100 }
        return strengths.first { point(floor: $0, queries, k: k).precision >= strongPrecision } ?? 1
    }

    /// k-fold cross-validation (queries dealt to folds in turn): on each fold, the floor and the start of "strong"
    /// chosen on the others, and the floor's figures on the fold with the share of its results from the "strong" start
    /// that are right.
    public static func crossValidate(_ queries: [Query], k: Int, folds: Int = 5) -> [Fold] {
        guard queries.count >= folds, folds > 1 else { return [] }
        return (0..<folds).map { fold in
            let training = queries.indices.filter { $0 % folds != fold }.map { queries[$0] }
            let testing = queries.indices.filter { $0 % folds == fold }.map { queries[$0] }
            let floor = chooseFloor(training, k: k)
            let strong = chooseStrong(training, k: k)
            return Fold(
                chosen: floor, strongFrom: strong, heldOut: point(floor: floor, testing, k: k),
                strongPrecision: point(floor: strong, testing, k: k).precision)
        }
    }

    /// `Corpus/eval`'s queries: the suggestions the new-complaint form asks for (the complaint's topic first, as an
    /// anonymous visitor may see them) at floor 0, the first `depth`; right answers are the complaint's own solutions.
    /// - Parameter subjectsOnly: ask with the complaints' subjects alone, a few words, as people type into the help
    ///   centre's search box.
    /// - Parameter embeddings: the model the app matches meaning with (the strengths are then the fused ones).
    public static func corpus(
        _ corpus: String, subjectsOnly: Bool = false, depth: Int = 15, embeddings: StaticEmbeddingModel? = nil
    ) async throws -> [Query] {
        let database = try AppDatabase.inMemory()
        try CorpusImporter(folder: corpus).run(into: database)
        let index = HelpdeskIndex(embeddings: embeddings)
        try index.rebuild(from: database)
        let external = try await database.solutionExternalIds()
        return try CorpusEvaluation.readComplaints(corpus + "/eval/complaints.jsonl").map { c in
            let text = subjectsOnly ? c.subject : HelpdeskIndex.complaintQuery(subject: c.subject, description: c.description)
            let right = Set(c.solutions)
            let topic = subjectsOnly ? nil : c.category
            let suggestions = index.suggestions(for: text, topicId: topic, k: depth, floor: 0, viewer: nil)
            let results = suggestions.matches.map {
                Query.Result(strength: $0.strength, relevant: external[$0.solution.requiredID].map(right.contains) ?? false)
            }
            return Query(results: results, relevant: right.count, terms: suggestions.queryTerms)
        }
    }

    /// SemEval-2016 subtask B's queries: each original question's related questions ranked by the product's BM25
    /// (subject ×2 + body + comments ×0.25, the question asked subject twice, as complaints are), with their strength;
    /// right answers are those the task marks relevant. Questions without any relevant one count as unanswerable only.
    /// With `embeddings`, each strength is fused with the similarity of meaning as the app fuses it
    /// (`HelpdeskIndex.defaultMeaningWeight`), and every related question is a result.
    public static func semEval(_ data: SemEvalData, embeddings: StaticEmbeddingModel? = nil) -> [Query] {
        let index = SearchIndex(configuration: IndexConfiguration(fields: [
            .init(name: "subject", weight: 2), .init(name: "body", weight: 1), .init(name: "comments", weight: 0.25),
        ]))
        var documents: [Document] = []
        for q in data.questions {
            for r in q.related {
                documents.append(Document(id: r.id, fields: ["subject": r.subject, "body": r.body, "comments": r.comments], filter: q.id))
            }
        }
        index.apply(documents.map { .upsert($0) })
        return data.questions.map { q in
            let request = SearchRequest(text: q.subject + "\n" + q.subject + "\n" + q.body, k: q.related.count, filter: q.id)
            let (hits, ceiling) = index.searchWithCeiling(request)
            let right = Set(q.related.filter(\.relevant).map(\.id))
            var results = hits.map {
                Query.Result(strength: ceiling > 0 ? min(1, $0.score / ceiling) : 0, relevant: right.contains($0.id))
            }
            if let embeddings {
                let weight = HelpdeskIndex.defaultMeaningWeight
                let query = embeddings.embed(q.subject + "\n" + q.body)
                let strengths = Dictionary(zip(hits.map(\.id), results.map(\.strength)), uniquingKeysWith: max)
                results = q.related.map { r in
                    let similarity = max(0, Double(VectorMath.dot(embeddings.embed(r.subject + "\n" + r.body), query)))
                    let strength = ((strengths[r.id] ?? 0) + weight * similarity) / (1 + weight)
                    return Query.Result(strength: strength, relevant: right.contains(r.id))
                }.sorted { $0.strength > $1.strength }
            }
            return Query(results: results, relevant: right.count)
        }
    }
}
