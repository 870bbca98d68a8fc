/// The paging controls under a list: previous and next, the numbered pages around the current one, and the first and
/// last page when those do not reach them.
struct Pager {
    /// A numbered page link.
    struct PageLink {
        var number: Int
        var href: String
        var isCurrent: Bool
    }

    /// The previous page's link, nil on the first page.
    var previous: String?
    /// The next page's link, nil on the last page.
    var next: String?
    /// Up to five numbered links around the current page.
    var pages: [PageLink]
    /// A link to the first page when the numbered links do not reach it.
    var first: PageLink?
    /// A link to the last page when the numbered links do not reach it.
    var last: PageLink?
    /// Whether there is more than one page (otherwise the controls are not shown).
    var hasPages: Bool

    /// The controls for page `current` (1-based; past the end, "previous" leads to the last page) of `pageCount`, each
    /// page's address made by `link`.
    init(current: Int, pageCount: Int, link: (Int) -> String) {
        let last = max(pageCount, 1)
        previous = current > 1 ? link(min(current - 1, last)) : nil
        next = current < last ? link(current + 1) : nil
        let window = max(1, min(current, last) - 2)...min(last, max(current, 1) + 2)
        pages = window.map { PageLink(number: $0, href: link($0), isCurrent: $0 == current) }
        first = window.lowerBound > 1 ? PageLink(number: 1, href: link(1), isCurrent: false) : nil
        self.last = window.upperBound < last ? PageLink(number: last, href: link(last), isCurrent: false) : nil
        hasPages = last > 1
    }

    /// "Showing 31–60 of 261 solutions" (or "Showing 0 of 0 solutions").
    static func showing(firstShown: Int, lastShown: Int, total: Int, singular: String, plural: String) -> String {
        let noun = total == 1 ? singular : plural
        return lastShown < firstShown ? "Showing 0 of \(total) \(noun)" : "Showing \(firstShown)–\(lastShown) of \(total) \(noun)"
    }
}
