import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine

/// `care eval corpus --feedback`: does learning from reuse help, and can a wrong reuse hurt?
///
/// The eval complaints are split in two: the even-numbered ones are the feedback, the odd-numbered ones the test.
/// Three stores are measured on the test half with the app's own suggestion path: the corpus as shipped (static);
/// the corpus after each feedback complaint was filed as a ticket, resolved by reusing its right solution and judged
/// "solved" by its customer (replay; measured again after the stock phrases and term associations were learned again,
/// as the server does hourly); and after each was resolved with a wrong solution from another category and
/// judged "not solved" (wrong reuse), where the count of test complaints whose top suggestion became one of those
/// wrongly reused solutions shows whether a wrong reuse can drag an unrelated solution to the top.
enum FeedbackReplay {
    struct Figures {
        var mrr = 0.0
        var p1 = 0.0
        var recall5 = 0.0
        var count = 0
    }

    struct Report {
        var feedback = 0
        var test = 0
        var staticFigures = Figures()
        var replay = Figures()
        var replayRelearned = Figures()
        var wrong = Figures()
        var draggedToTop = 0
    }

    /// Loads the corpus into a fresh store with its index.
    static func store(corpus: String) async throws -> (AppDatabase, HelpdeskIndex) {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        try CorpusImporter(folder: corpus).run(into: database)
        let index = HelpdeskIndex()
        try index.rebuild(from: database)
        database.attach(index: index)
        return (database, index)
    }

    /// The top ten suggestions (external ids) for each complaint.
    static func rankings(
        _ complaints: [CorpusEvalCommand.Complaint], database: AppDatabase, index: HelpdeskIndex, topic: Bool
    ) async throws -> [[String]] {
        _ = try index.catchUp(from: database)
        let ids = try await database.solutionExternalIds()
        var out: [[String]] = []
        for c in complaints {
            let matches = index.suggestSolutions(
                for: HelpdeskIndex.complaintQuery(subject: c.subject, description: c.description),
                topicId: topic ? c.category : nil, k: 10, viewer: nil)
            out.append(matches.compactMap { ids[$0.solution.requiredID] })
        }
        return out
    }

    static func figures(_ complaints: [CorpusEvalCommand.Complaint], _ rankings: [[String]]) -> Figures {
        var f = Figures(count: complaints.count)
        for (c, ranked) in zip(complaints, rankings) {
            guard let r = ranked.firstIndex(where: c.solutions.contains) else { continue }
            f.mrr += 1 / Double(r + 1)
            if r == 0 { f.p1 += 1 }
            if r < 5 { f.recall5 += 1 }
        }
        let n = Double(max(complaints.count, 1))
        return Figures(mrr: f.mrr / n, p1: f.p1 / n, recall5: f.recall5 / n, count: complaints.count)
    }

    /// Files each feedback complaint as a ticket of a corpus customer, resolves it with `solutionFor` (an external
    /// id) and records the customer's verdict.
    static func replay(
        _ feedback: [CorpusEvalCommand.Complaint], into database: AppDatabase,
        solutionFor: (CorpusEvalCommand.Complaint) -> String, verdict: Verdict
    ) async throws {
        _ = try await database.ensureInitialAdmin(email: "replay-admin@care.example", password: "Replay-Passw0rd")
        let admin = try await database.login(email: "replay-admin@care.example", password: "Replay-Passw0rd")
        let customers = try await database.users(role: .customer, for: admin)
        let agents = Dictionary(
            try await database.users(role: .agent, for: admin).compactMap { u in u.externalId.map { ($0, u) } },
            uniquingKeysWith: { a, _ in a })
        let rowIds = Dictionary(try await database.solutionExternalIds().map { ($0.value, $0.key) }, uniquingKeysWith: max)
        for (n, c) in feedback.enumerated() {
            let customer = customers[n % customers.count]
            let ticket = try await database.createTicket(by: customer, subject: c.subject, description: c.description)
            // The complaint's own agent, or whoever has room (the corpus fills some agents to capacity).
            let candidates = (c.agents.compactMap { agents[$0] } + agents.values.sorted { $0.requiredID < $1.requiredID })
            var assigned = false
            for agent in candidates where !assigned {
                do {
                    _ = try await database.assign(ticketId: ticket.requiredID, to: agent.requiredID, by: admin)
                    assigned = true
                } catch HelpdeskError.conflict {
                    continue
                }
            }
            guard assigned else { continue }
            guard let solution = rowIds[solutionFor(c)] else { continue }
            _ = try await database.resolve(ticketId: ticket.requiredID, by: admin, with: .existing(id: solution))
            _ = try await database.recordVerdict(ticketId: ticket.requiredID, by: customer, verdict)
        }
    }

    /// - Parameter topic: ask with each complaint's topic, as the new-complaint form does once the customer picks one.
    static func run(corpus: String, complaints: [CorpusEvalCommand.Complaint], topic: Bool) async throws -> Report {
        let feedback = complaints.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let test = complaints.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        var report = Report(feedback: feedback.count, test: test.count)

        let (staticDB, staticIndex) = try await store(corpus: corpus)
        let before = try await rankings(test, database: staticDB, index: staticIndex, topic: topic)
        report.staticFigures = figures(test, before)

        let (replayDB, replayIndex) = try await store(corpus: corpus)
        try await replay(feedback, into: replayDB, solutionFor: { $0.solutions[0] }, verdict: .solved)
        report.replay = figures(test, try await rankings(test, database: replayDB, index: replayIndex, topic: topic))
        // Then learned again from the solutions, as the server does hourly (`HelpdeskIndex.relearn`).
        try replayIndex.relearn(from: replayDB)
        report.replayRelearned = figures(test, try await rankings(test, database: replayDB, index: replayIndex, topic: topic))

        // Wrong reuse: the solution of a complaint from another category, chosen deterministically.
        let (wrongDB, wrongIndex) = try await store(corpus: corpus)
        var wrongFor: [String: String] = [:]
        for (n, c) in feedback.enumerated() {
            let start = (n + feedback.count / 2) % feedback.count
            let rotated = Array(feedback[start...]) + Array(feedback[..<start])
            let other: CorpusEvalCommand.Complaint? = rotated.first { $0.category != c.category }
            wrongFor[c.id] = other?.solutions.first ?? c.solutions[0]
        }
        try await replay(feedback, into: wrongDB, solutionFor: { wrongFor[$0.id]! }, verdict: .notSolved)
        try wrongIndex.relearn(from: wrongDB)
        let after = try await rankings(test, database: wrongDB, index: wrongIndex, topic: topic)
        report.wrong = figures(test, after)
        let wronglyReused = Set(wrongFor.values)
        for (c, (old, new)) in zip(test, zip(before, after)) {
            guard let top = new.first, top != old.first, wronglyReused.contains(top), !c.solutions.contains(top) else { continue }
            report.draggedToTop += 1
        }
        return report
    }

    static func table(_ r: Report) -> String {
        func row(_ name: String, _ f: Figures) -> String {
            name.padding(toLength: 46, withPad: " ", startingAt: 0) + String(format: "%6.3f  %6.3f  %6.3f", f.mrr, f.p1, f.recall5)
        }
        return [
            "Feedback replay: \(r.feedback) complaints replayed as reuse, measured on the other \(r.test)",
            "store                                            MRR@10     P@1  recall@5",
            row("static (the corpus as shipped)", r.staticFigures),
            row("replay: right reuse, judged solved", r.replay),
            row("  and learned again (hourly in the server)", r.replayRelearned),
            row("wrong reuse, judged not solved, learned again", r.wrong),
            "test complaints whose top suggestion became a wrongly reused solution: \(r.draggedToTop)",
        ].joined(separator: "\n")
    }
}
