import Foundation
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Stock phrases learned from the store")
struct BoilerplateTests {
    /// Solution documents whose complaints share a sign-off across three categories, and a problem phrase within one.
    static let documents = [
        Document(id: "1", fields: ["complaints": "Printer offline since Monday. Thank you very much!"], filter: "devices"),
        Document(id: "2", fields: ["complaints": "Printer offline again\n\nthank you very much"], filter: "devices"),
        Document(id: "3", fields: ["complaints": "Parcel never arrived. Thank you very much."], filter: "delivery"),
        Document(id: "4", fields: ["complaints": "Charged twice this month. Thank you VERY much"], filter: "billing"),
    ]

    @Test("a phrase written in the complaints of three categories is stripped, a problem phrase is kept")
    func learnsStockPhrases() {
        // Given complaints from three categories
        // When the stock phrases are learned
        let boilerplate = Boilerplate(learningFrom: Self.documents, field: "complaints")
        // Then the sign-off goes, whatever its case and punctuation, and the problem stays
        #expect(boilerplate.strip("Printer offline. Thank you very much!") == "Printer offline.")
        #expect(boilerplate.strip("printer offline since monday") == "printer offline since monday")
        // And a text made only of stock words is kept whole, rather than searched as nothing
        #expect(boilerplate.strip("Thank you very much") == "Thank you very much")
        // And two categories are not enough to make a phrase stock
        let two = Boilerplate(learningFrom: Array(Self.documents.prefix(3)), field: "complaints")
        #expect(two.isEmpty)
        // And the learned phrases survive a round trip through their saved form
        #expect(Boilerplate(serialized: boilerplate.serialized()) == boilerplate)
    }

    @Test("while a customer types, stock phrases go from all but the word being typed, which stays last and whole")
    func strippedWhileTyping() {
        // Given the sign-off learned as a stock phrase
        let boilerplate = Boilerplate(learningFrom: Self.documents, field: "complaints")
        // When the text ends inside a word, Then the words before it are stripped and the partial word is kept last
        #expect(HelpdeskIndex.strippedWhileTyping("Thank you very much, my printer is offl", boilerplate) == "my printer is offl")
        // And the word being typed is kept even when it may finish a stock phrase
        #expect(HelpdeskIndex.strippedWhileTyping("Printer offline. Thank you very mu", boilerplate) == "Printer offline. mu")
        // When the text ends between words, Then all of it is stripped and it still ends between words
        #expect(HelpdeskIndex.strippedWhileTyping("Printer offline. Thank you very much!", boilerplate) == "Printer offline. ")
        // And a single word being typed is left alone
        #expect(HelpdeskIndex.strippedWhileTyping("printe", boilerplate) == "printe")
    }

    @Test("the shipped corpus's stock phrases leave its complaints' problems searchable")
    func shippedCorpus() async throws {
        // Given the shipped corpus with a rebuilt index
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        // Then greetings and grievances are stock, and the problem words are not
        let stripped = index.boilerplate.strip(
            "Dear Sir/Madam, I forgot my password and cannot sign in. This is ridiculous. Thank you very much.")
        #expect(stripped.contains("forgot my password"))
        #expect(!stripped.contains("ridiculous") && !stripped.contains("Thank you"))
        // And a complaint padded with stock sentences gets the same first suggestion as the bare one, for staff (who
        // match every word of the complaints) and for customers (who match their public words)
        let admin = try await f.admin()
        for viewer in [admin, nil] {
            let bare = index.suggestSolutions(for: "I forgot my password", k: 1, viewer: viewer)
            let padded = index.suggestSolutions(
                for: "Dear Sir/Madam, I hope you can help. I forgot my password. Looking forward to hearing from you.", k: 1,
                viewer: viewer)
            #expect(bare.first != nil && padded.first?.solution.id == bare.first?.solution.id, "\(viewer?.role.rawValue ?? "anonymous")")
            // And so does the same complaint while its last word is still being typed
            let typing = index.suggestSolutions(
                for: "Dear Sir/Madam, I hope you can help. I forgot my passw", k: 1, prefixLastTerm: true, viewer: viewer)
            #expect(typing.first?.solution.id == bare.first?.solution.id, "\(viewer?.role.rawValue ?? "anonymous")")
        }
        // And a saved snapshot brings the same stock phrases back
        let (loaded, rebuilt) = try f.savedAndLoaded(index)
        #expect(!rebuilt && loaded.boilerplate == index.boilerplate && !loaded.boilerplate.isEmpty)
        // And the ablation leaves complaints whole
        let plain = HelpdeskIndex(learnsBoilerplate: false)
        try plain.rebuild(from: f.db)
        #expect(plain.boilerplate.isEmpty)
    }
}
