import Foundation
import HelpdeskCore
import Testing

@testable import HelpdeskServer

/// The types that list their fields for the templates themselves (`TemplateFields`) must give what reflection gives:
/// the same names, the same values, nil optionals left out. Otherwise a page would lose a field, or show one it should
/// not, when a property is added to the type and not to its list.
@Suite("Template fields without reflection")
struct TemplateFieldsTests {
    /// A value as a canonical string: dictionaries by sorted key, arrays in order, leaves with their type. A leaf
    /// wrapped in an optional (as reflection leaves it: the template engine unwraps it) reads as the leaf.
    static func canonical(_ value: Any?) -> String {
        guard let value else { return "nil" }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return canonical(mirror.children.first?.value) }
        switch value {
        case let fields as [String: Any]:
            return "{" + fields.keys.sorted().map { "\($0): \(canonical(fields[$0]))" }.joined(separator: ", ") + "}"
        case let items as [Any]:
            return "[" + items.map { canonical($0) }.joined(separator: ", ") + "]"
        default:
            return "\(type(of: value))(\(value))"
        }
    }

    /// What a template reads of `value` with the listed fields, and with reflection alone.
    static func readings(_ value: Any) -> (listed: String, reflected: String) {
        (canonical(TemplateContext.tree(value)), canonical(TemplateContext.tree(value, reflecting: true)))
    }

    static let user = User(
        id: 7, role: .customer, name: "Ana <Ruiz>", email: "ana@example.com", passwordHash: "x", isConfirmed: true,
        createdAt: Date(timeIntervalSince1970: 0))

    static let pagerWithEverything = Pager(current: 5, pageCount: 12) { "/help?q=card&page=\($0)" }
    static let pagerOnePage = Pager(current: 1, pageCount: 1) { "/help?page=\($0)" }

    static let result = HelpPage.Result(
        id: 42, titleHTML: "<mark>Payout</mark> delayed", snippetHTML: "Check the <mark>bank</mark> &amp; wait",
        category: "Payments", grade: "strong", gradeLabel: "Strong match")

    static let solution = SolutionRow(
        id: 3, title: "Reset a password", steps: [StepRow(number: 1, text: "Tap \"Forgot\""), StepRow(number: 2, text: "Open")],
        stepsText: "Tap \"Forgot\"\nOpen", category: "Account", categoryId: "account-access", isPublished: true,
        isCurrent: true, supersededById: 0, reuseCount: 12, solvedCount: 9, notSolvedCount: 1, updatedAt: "2026-12-01",
        mayApprove: true)

    @Test("every listed type reads as its reflection, with every optional set")
    func everythingSet() {
        let chrome = Chrome(title: "Help", csrf: "token", flash: "Saved.", flashRefused: true, user: SignedInUser(Self.user))
        let searched = HelpPage(
            q: "payout", popular: [Self.solution], searched: true, results: [Self.result, Self.result], count: 2,
            countText: "2 results", showing: "Showing 1–2 of 2 results", pager: Self.pagerWithEverything)
        let values: [Any] = [
            chrome, SignedInUser(Self.user), Self.pagerWithEverything, Self.pagerWithEverything.pages[0], searched,
            Self.result, Self.solution, Self.solution.steps[0], Page(chrome: chrome, model: searched),
        ]
        for value in values {
            let (listed, reflected) = Self.readings(value)
            #expect(listed == reflected, "\(type(of: value))")
            #expect(listed.count > 2, "\(type(of: value)) reads as empty")
        }
    }

    @Test("a nil optional is left out, as reflection leaves it out")
    func nothingSet() {
        let chrome = Chrome(title: "Help", csrf: nil, flash: nil, flashRefused: nil, user: nil)
        var row = Self.solution
        row.mayApprove = nil
        let start = HelpPage(q: "", popular: nil, searched: nil, results: nil, count: nil, countText: nil, showing: nil, pager: nil)
        for value in [chrome, Self.pagerOnePage, row, start, Page(chrome: chrome, model: start)] as [Any] {
            let (listed, reflected) = Self.readings(value)
            #expect(listed == reflected, "\(type(of: value))")
        }
        let fields = TemplateContext.tree(chrome) as? [String: Any]
        #expect(fields?.keys.sorted() == ["title"])
        let pager = TemplateContext.tree(Self.pagerOnePage) as? [String: Any]
        #expect(pager?["previous"] == nil && pager?["next"] == nil && pager?["hasPages"] as? Bool == false)
    }

    @Test("the help page renders the same HTML from the listed fields as from reflection")
    func samePage() async throws {
        let views = try await Views.load()
        let chrome = Chrome(title: "Help", csrf: "token", flash: nil, flashRefused: nil, user: SignedInUser(Self.user))
        let pages = [
            HelpPage(
                q: "payout <b>", popular: nil, searched: true, results: [Self.result, Self.result], count: 24,
                countText: "24 results", showing: "Showing 11–20 of 24 results", pager: Self.pagerWithEverything),
            HelpPage(q: "", popular: [Self.solution], searched: nil, results: nil, count: nil, countText: nil, showing: nil, pager: nil),
            HelpPage(
                q: "nothing", popular: nil, searched: true, results: [], count: 0, countText: "0 results", showing: nil,
                pager: Self.pagerOnePage),
        ]
        for model in pages {
            let page = Page(chrome: chrome, model: model)
            let listed = views.library.render(TemplateContext.tree(page) ?? [:], withTemplate: "help")
            let reflected = views.library.render(TemplateContext.tree(page, reflecting: true) ?? [:], withTemplate: "help")
            #expect(listed != nil && listed == reflected)
        }
        let html = views.library.render(TemplateContext.tree(Page(chrome: chrome, model: pages[0])) ?? [:], withTemplate: "help")
        #expect(html?.contains("<mark>Payout</mark> delayed") == true)
        #expect(html?.contains("payout &lt;b&gt;") == true)
        #expect(html?.contains("rel=\"next\"") == true)
    }
}
