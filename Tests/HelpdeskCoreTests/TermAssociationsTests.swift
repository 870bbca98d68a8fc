import Foundation
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Term associations learned from the store")
struct TermAssociationsTests {
    static let analyzer = Analyzer()

    /// Two sibling solutions whose customers describe their problems in words their titles and steps do not use.
    static let documents = [
        Document(
            id: "1",
            fields: [
                "title": "Assignment not visible to students", "steps": "Open the assignment and set it to published.",
                "complaints": "Pupils cannot find the homework\n\nThe kids cannot find my homework\n\nhomework missing for pupils",
            ], filter: "classroom"),
        Document(
            id: "2",
            fields: [
                "title": "Copy an assignment to another class", "steps": "Open the assignment, choose Copy and pick the class.",
                "complaints": "How do I duplicate a task for my other group\n\nduplicate the task into the second group",
            ], filter: "classroom"),
    ]

    /// The analysed terms of a candidate's title (twice) and steps, as suggestions pass them.
    static func source(_ document: Document) -> [String] {
        TermAssociations.sourceTerms(
            title: document.fields["title"] ?? "", steps: document.fields["steps"] ?? "", analyzer: analyzer)
    }

    @Test("a complaint worded differently from a solution finds it through the words its customers used")
    func paraphraseFindsSolution() throws {
        // Given solutions whose complaints say "homework" and "pupils" for an assignment students cannot see
        let associations = TermAssociations(learningFrom: Self.documents, analyzer: Self.analyzer)
        // Then the title's words are associated with the customers' words
        let visible = try #require(Self.analyzer.analyze("visible").first)
        let homework = try #require(Self.analyzer.analyze("homework").first)
        #expect(associations.associations(of: visible).contains { $0.term == homework })
        // And a new complaint in the customers' words is likelier under the visibility solution than its sibling
        let query = Self.analyzer.analyze("my pupils can't find the homework")
        let both = try #require(
            associations.logLikelihoods(
                of: query, candidates: Self.documents.map { (id: $0.id, source: Self.source($0)) }))
        #expect(both[0] > both[1])
        // And so is a solution with the same title that has resolved nothing yet: the association comes from its words
        let fresh = try #require(
            associations.logLikelihoods(
                of: query, candidates: [("new", Self.source(Self.documents[0])), ("2", Self.source(Self.documents[1]))]))
        #expect(fresh[0] > fresh[1])
        // And the model survives a round trip through its saved form
        #expect(TermAssociations(serialized: try associations.serialized()) == associations)
    }

    @Test("nothing is learned from one ticket alone")
    func oneTicketTeachesNothing() {
        // Given solutions that each resolved a single complaint
        let single = zip(Self.documents, ["pupils cannot find the homework", "duplicate a task for my other group"]).map {
            d, complaint in Document(id: d.id, fields: d.fields.merging(["complaints": complaint]) { $1 }, filter: d.filter)
        }
        // When associations are learned
        let associations = TermAssociations(learningFrom: single, analyzer: Self.analyzer)
        // Then no association has the support of two complaints, and suggestions keep the search engine's order
        #expect(associations.isEmpty)
        #expect(associations.logLikelihoods(of: ["homework"], candidates: [("1", Self.source(single[0]))]) == nil)
        // And neither is anything learned from solutions without complaints
        let bare = Self.documents.map { Document(id: $0.id, fields: ["title": $0.fields["title"] ?? ""], filter: $0.filter) }
        #expect(TermAssociations(learningFrom: bare, analyzer: Self.analyzer).isEmpty)
    }

    @Test("the shipped corpus's associations are learned at rebuild, saved with the snapshot, and off in the ablation")
    func shippedCorpus() async throws {
        // Given the shipped corpus with a rebuilt index
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        #expect(!index.associations.isEmpty && index.associations.count > 1000)
        // Then suggestions still find the plain request's solution first, with positive scores
        let hits = index.suggestSolutions(for: "I forgot my password and cannot sign in", k: 3, viewer: nil)
        let plainHits = index.suggestSolutions(
            for: "I forgot my password and cannot sign in", k: 3, associations: false, viewer: nil)
        #expect(hits.first != nil && hits.first?.solution.id == plainHits.first?.solution.id)
        #expect(hits.allSatisfy { $0.score > 0 })
        // And a saved snapshot brings the same associations back
        let (loaded, rebuilt) = try f.savedAndLoaded(index)
        #expect(!rebuilt && loaded.associations == index.associations)
        // And the ablation learns nothing
        let plain = HelpdeskIndex(learnsAssociations: false)
        try plain.rebuild(from: f.db)
        #expect(plain.associations.isEmpty)
    }

    @Test("reuse teaches the associations when they are learned again, and a complaint judged not solved teaches nothing")
    func relearningFromReuse() async throws {
        // Given a printer solution in a live store, and nothing learned yet
        let f = try await Fixture.make()
        let (index, customer, agent, _, printer) = try await f.resolvedScene(
            title: "Reinstall the printer driver", steps: ["Remove the driver", "Install it again"])
        #expect(index.associations.isEmpty)
        // When two customers describe their problem in their own words and the solution is reused for both, solved,
        // and two unrelated complaints get it too but say it did not solve them
        for (subject, description, verdict) in [
            ("Spooler jams", "The spooler jams on every job I send.", Verdict.solved),
            ("Spooler jams again", "Since Monday the spooler jams, nothing comes out.", .solved),
            ("Parcel missing", "The courier says the parcel was delivered.", .notSolved),
            ("Parcel lost", "My parcel never arrived, the courier lost it.", .notSolved),
        ] {
            let reused = try await f.db.createTicket(by: customer, subject: subject, description: description)
            try await f.db.take(ticketId: reused.requiredID, by: agent)
            _ = try await f.db.resolve(ticketId: reused.requiredID, by: agent, with: .existing(id: printer.requiredID))
            _ = try await f.db.recordVerdict(ticketId: reused.requiredID, by: customer, verdict)
        }
        try index.relearn(from: f.db)
        // Then the solution's words are associated with the words of the complaints it solved, not of the others
        let analyzer = Self.analyzer
        let associated = Set(analyzer.analyze("printer driver").flatMap { index.associations.associations(of: $0).map(\.term) })
        #expect(associated.contains(try #require(analyzer.analyze("spooler").first)))
        #expect(!associated.contains(try #require(analyzer.analyze("parcel").first)))
        #expect(!associated.contains(try #require(analyzer.analyze("courier").first)))
        // And the indexes were left as they were
        #expect(index.suggestSolutions(for: "spooler jams", viewer: agent).first?.solution.id == printer.id)
    }
}

