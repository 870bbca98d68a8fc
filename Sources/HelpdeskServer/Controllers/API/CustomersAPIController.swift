import Foundation
import HelpdeskCore
import Hummingbird

/// Customers for staff: `GET /api/v1/customers` (search, sort, page) and `GET /api/v1/customers/{id}` (with their
/// recent tickets). Customers get 404, exactly as for a route that does not exist, so the routes reveal nothing;
/// anonymous callers get 401 from `RequireUserMiddleware`.
struct CustomersAPIController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Tickets listed with a customer.
    static let recentTickets = 20

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers", use: list)
        group.get("customers/:id", use: show)
    }

    /// The signed-in staff member; customers get the 404 of an unknown route.
    func requireStaff(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role.isStaff else { throw ServerError.notFound }
        return user
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> CustomerListResponse {
        let user = try requireStaff(context)
        let parameters = try CustomerListParameters(request)
        let page = try await database.customers(parameters.query, for: user)
        return CustomerListResponse(
            customers: page.customers.map(CustomerResponse.init),
            total: page.total,
            page: page.page,
            pageSize: page.pageSize
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> CustomerDetailResponse {
        let user = try requireStaff(context)
        let id = try CustomersController.customerId(context)
        let profile = try await database.customerProfile(id: id, page: 1, pageSize: Self.recentTickets, for: user)
        let now = Date()
        return CustomerDetailResponse(
            customer: CustomerResponse(profile.customer),
            recentTickets: profile.tickets.tickets.map { TicketResponse($0, now: now) },
            visibleTickets: profile.tickets.total
        )
    }
}
