import Foundation
import HelpdeskCore
import Hummingbird

/// A customer as the API shows it to staff (schema `Customer`).
struct CustomerResponse: ResponseEncodable, Sendable {
    var id: Int64
    var name: String
    var email: String
    var isConfirmed: Bool
    var isActive: Bool
    /// `password` and/or the linked providers.
    var signInMethods: [String]
    var openTickets: Int
    var totalTickets: Int
    var lastActivityAt: Date
    var createdAt: Date

    init(_ customer: CustomerSummary) {
        id = customer.id
        name = customer.name
        email = customer.email
        isConfirmed = customer.isConfirmed
        isActive = customer.isActive
        signInMethods = customer.signInMethods
        openTickets = customer.openTickets
        totalTickets = customer.totalTickets
        lastActivityAt = customer.lastActivityAt
        createdAt = customer.createdAt
    }
}

/// `GET /api/v1/customers` (schema `CustomerList`).
struct CustomerListResponse: ResponseEncodable, Sendable {
    var customers: [CustomerResponse]
    var total: Int
    var page: Int
    var pageSize: Int
}

/// `GET /api/v1/customers/{id}` (schema `CustomerDetail`): the customer and their most recent tickets the caller
/// may open.
struct CustomerDetailResponse: ResponseEncodable, Sendable {
    var customer: CustomerResponse
    /// Most recently updated first, at most `CustomersAPIController.recentTickets`.
    var recentTickets: [TicketResponse]
    /// How many of the customer's tickets the caller may open.
    var visibleTickets: Int
}
