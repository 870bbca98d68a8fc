import Foundation
import HelpdeskCore
import Hummingbird

/// The query string of a customer list (`/admin/customers` and `GET /api/v1/customers`), read and range-checked
/// before anything uses it: `q` (at most `CustomerQuery.maximumSearchLength` characters), `sort` (one of
/// `CustomerSort`), `order` (`asc` or `desc`), `page` (1…`RequestNumber.maximumPage`) and `pageSize`
/// (1…`CustomerQuery.maximumPageSize`). The OpenAPI document states the same limits.
struct CustomerListParameters: Sendable, Hashable {
    /// The search as typed (empty when none).
    var q: String
    /// The sort key.
    var sort: CustomerSort
    /// The sort direction.
    var order: SortDirection
    /// The 1-based page.
    var page: Int
    /// Customers per page.
    var pageSize: Int

    /// Customers per page when the request names no size.
    static let defaultPageSize = 25

    /// Reads the parameters of `request`.
    /// - Throws: `.invalidInput` naming `q`, `sort`, `order`, `page` or `pageSize`.
    init(_ request: Request) throws {
        try self.init(Self.values(query: request.uri.query ?? ""))
    }

    /// Reads the parameters from decoded query values.
    /// - Throws: `.invalidInput` naming `q`, `sort`, `order`, `page` or `pageSize`.
    init(_ values: [String: String]) throws {
        q = values["q"] ?? ""
        guard q.unicodeScalars.count <= CustomerQuery.maximumSearchLength else {
            throw HelpdeskError.invalidInput(
                field: "q", message: "Search with at most \(CustomerQuery.maximumSearchLength) characters.")
        }
        if let raw = values["sort"] {
            guard let sort = CustomerSort(rawValue: raw) else {
                throw HelpdeskError.invalidInput(
                    field: "sort", message: "Sort by \(CustomerSort.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            self.sort = sort
        } else {
            sort = .name
        }
        if let raw = values["order"] {
            guard let order = SortDirection(rawValue: raw) else {
                throw HelpdeskError.invalidInput(field: "order", message: "Use asc or desc.")
            }
            self.order = order
        } else {
            order = sort.defaultDirection
        }
        page = try RequestNumber.integer(values["page"], field: "page", in: 1...RequestNumber.maximumPage) ?? 1
        pageSize =
            try RequestNumber.integer(values["pageSize"], field: "pageSize", in: 1...CustomerQuery.maximumPageSize)
            ?? Self.defaultPageSize
    }

    /// The core query these parameters ask for.
    var query: CustomerQuery {
        CustomerQuery(search: q, sort: sort, direction: order, page: page, pageSize: pageSize)
    }

    /// The first value of each parameter of a raw query string, decoded as a browser's GET form encodes it (`+` is a
    /// space, then percent-decoding; a malformed escape keeps the text as sent). The first value of a name wins.
    static func values(query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            guard values[key] == nil else { continue }
            values[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return values
    }

    /// `+` to space, then percent-decoding.
    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
