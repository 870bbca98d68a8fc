import Embeddings
import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine

/// Calibrates `HelpdeskIndex.duplicateFloor`: the least strength at which a ticket is called a possible duplicate of
/// the one being filed ("this looks like #1234").
///
/// Most tickets filed have no duplicate open, and a flag on each of them would teach people to ignore it. So the rule,
/// fixed before measuring, bounds the false alarms: the lowest floor at which at most `falseAlarmTarget` (5 %) of the
/// texts whose duplicates are taken out still get a flag. As in `FloorCalibration`, the set without the duplicates
/// needs no second index: the same results with the right ones taken out; the tickets left first are the hardest
/// neighbours there are, same topic, different problem. Reported beside: how many of the texts that do have a
/// duplicate get it flagged first (recall), and how many flags are right.
///
/// The floor is chosen on every set at once: the lowest that keeps the bound on each (the highest of the sets' own
/// choices), and cross-validated by folds within each set.
public enum DuplicateCalibration {
    /// The share of texts without a duplicate that may still be flagged.
    public static let falseAlarmTarget = 0.05

    /// The floors tried: 0 to 1 in steps of 0.01.
    public static let grid: [Double] = (0...100).map { Double($0) / 100 }

    /// The figures of one floor over a set of texts.
    public struct Point: Sendable, Hashable {
        public var floor: Double
        /// Texts with at least one duplicate among their candidates.
        public var answerable = 0
        /// Share of those whose first candidate is above the floor and a duplicate.
        public var recall = 0.0
        /// Share of the texts flagged (first candidate above the floor) whose first candidate is a duplicate.
        public var precision = 0.0
        /// Share of all texts flagged once their duplicates are taken out.
        public var falseAlarm = 0.0
    }

    /// The figures of `floor` over `queries` (candidates best first, `relevant` meaning a duplicate).
    public static func point(floor: Double, _ queries: some Collection<FloorCalibration.Query>) -> Point {
        var point = Point(floor: floor)
        var flagged = 0
        var right = 0
        var alarms = 0
        for q in queries {
            if let first = q.results.first(where: { !$0.relevant }), first.strength >= floor { alarms += 1 }
            if let first = q.results.first, first.strength >= floor {
                flagged += 1
                if first.relevant { right += 1 }
            }
            if q.relevant > 0 { point.answerable += 1 }
        }
        point.recall = Double(right) / Double(max(point.answerable, 1))
        point.precision = flagged > 0 ? Double(right) / Double(flagged) : 0
        point.falseAlarm = queries.isEmpty ? 0 : Double(alarms) / Double(queries.count)
        return point
    }

    /// The lowest floor of the grid that keeps the false alarms of every set within `falseAlarmTarget`.
    public static func chooseFloor(_ sets: [[FloorCalibration.Query]]) -> Double {
        sets.map { queries in
            grid.first { point(floor: $0, queries).falseAlarm <= falseAlarmTarget + 1e-12 } ?? 1
        }.max() ?? 1
    }

    /// One held-out fold: the floor chosen on the other folds of every set, and its figures on this fold of each.
    public struct Fold: Sendable, Hashable {
        public var chosen: Double
        public var heldOut: [Point]
    }

    /// k-fold cross-validation across sets: fold `f` of every set is held out, the floor is chosen on the rest of all
    /// of them, and measured on fold `f` of each.
    public static func crossValidate(_ sets: [[FloorCalibration.Query]], folds: Int = 5) -> [Fold] {
        guard folds > 1, sets.allSatisfy({ $0.count >= folds }) else { return [] }
        return (0..<folds).map { fold in
            let training = sets.map { set in set.indices.filter { $0 % folds != fold }.map { set[$0] } }
            let testing = sets.map { set in set.indices.filter { $0 % folds == fold }.map { set[$0] } }
            let floor = chooseFloor(training)
            return Fold(chosen: floor, heldOut: testing.map { point(floor: floor, $0) })
        }
    }

    /// `Corpus/eval`: each complaint as a new ticket, its candidates the stored tickets (all of them resolved) as the
    /// agent's ticket page matches them; a duplicate is a ticket that was resolved by one of the complaint's own
    /// solutions, the same problem.
    /// - Parameter embeddings: the model the app matches meaning with (the strengths are then the fused ones).
    public static func corpus(
        _ corpus: String, depth: Int = 10, embeddings: StaticEmbeddingModel? = nil
    ) async throws -> [FloorCalibration.Query] {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        try CorpusImporter(folder: corpus).run(into: database)
        let adminEmail = "evaluation-admin@care.invalid"
        let adminPassword = "Evaluation-Admin-1"
        _ = try await database.ensureInitialAdmin(email: adminEmail, password: adminPassword)
        let admin = try await database.login(email: adminEmail, password: adminPassword)
        let index = HelpdeskIndex(embeddings: embeddings)
        try index.rebuild(from: database)
        let external = try await database.solutionExternalIds()
        var queries: [FloorCalibration.Query] = []
        for c in try CorpusEvaluation.readComplaints(corpus + "/eval/complaints.jsonl") {
            let text = HelpdeskIndex.complaintQuery(subject: c.subject, description: c.description)
            let matches = try await index.searchTickets(
                text, k: depth, meaningWeight: embeddings == nil ? nil : HelpdeskIndex.defaultTicketMeaningWeight,
                for: admin, in: database)
            let links = try await database.solutionIds(forTickets: matches.map(\.ticket.requiredID))
            let right = Set(c.solutions)
            let results = matches.map { match in
                let solutions = links[match.ticket.requiredID] ?? []
                return FloorCalibration.Query.Result(
                    strength: match.strength,
                    relevant: solutions.contains { external[$0].map(right.contains) ?? false })
            }
            queries.append(FloorCalibration.Query(results: results, relevant: results.filter(\.relevant).count))
        }
        return queries
    }

    /// SemEval-2016 subtask B: each original question as a new ticket, its ten related questions the candidates,
    /// indexed as tickets are (subject ×2, body) and asked as a complaint is; a duplicate is one the task marks
    /// "PerfectMatch" (the same question asked again), not merely "Relevant".
    public static func semEval(_ data: SemEvalData, embeddings: StaticEmbeddingModel? = nil) -> [FloorCalibration.Query] {
        let index = SearchIndex(configuration: IndexConfiguration(fields: [
            .init(name: "subject", weight: 2), .init(name: "description", weight: 1),
        ]))
        var documents: [Document] = []
        for q in data.questions {
            for r in q.related {
                documents.append(Document(id: r.id, fields: ["subject": r.subject, "description": r.body], filter: q.id))
            }
        }
        index.apply(documents.map { .upsert($0) })
        let weight = embeddings == nil ? 0 : HelpdeskIndex.defaultTicketMeaningWeight
        return data.questions.map { q in
            let text = HelpdeskIndex.complaintQuery(subject: q.subject, description: q.body)
            let (hits, ceiling) = index.searchWithCeiling(SearchRequest(text: text, k: q.related.count, filter: q.id))
            let words = Dictionary(
                hits.map { ($0.id, ceiling > 0 ? min(1, max(0, $0.score / ceiling)) : 0) }, uniquingKeysWith: max)
            let meaning = embeddings?.embed(text)
            let results = q.related.map { r in
                var strength = words[r.id] ?? 0
                if let embeddings, let meaning {
                    let similarity = max(0, Double(VectorMath.dot(embeddings.embed(r.subject + "\n" + r.body), meaning)))
                    strength = (strength + weight * similarity) / (1 + weight)
                }
                return FloorCalibration.Query.Result(strength: strength, relevant: r.perfectMatch)
            }.filter { $0.strength > 0 }.sorted { $0.strength > $1.strength }
            return FloorCalibration.Query(results: results, relevant: q.related.filter(\.perfectMatch).count)
        }
    }
}
