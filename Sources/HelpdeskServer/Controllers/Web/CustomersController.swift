import Foundation
import HelpdeskCore
import Hummingbird

/// The customer pages for staff: `/admin/customers` (search, sort, page) and `/admin/customers/{id}` (contact
/// details, status, their tickets), plus the admin actions on a profile: deactivate, reactivate and resend the
/// confirmation mail. Agents and admins read; only admins act (agents get 403 from the core). Customers get 404,
/// like the other staff pages; anonymous visitors are sent to the login page.
struct CustomersController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/customers", use: list)
        group.get("admin/customers/:id", use: profile)
        group.post("admin/customers/:id/deactivate", use: deactivate)
        group.post("admin/customers/:id/reactivate", use: reactivate)
        group.post("admin/customers/:id/resend-confirmation", use: resendConfirmation)
    }

    /// The signed-in staff member; customers get 404 so the pages reveal nothing.
    func requireStaff(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role.isStaff else { throw ServerError.notFound }
        return user
    }

    /// The `:id` path parameter; a malformed id is a customer that does not exist.
    static func customerId(_ context: AppRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), raw.utf8.count <= 18, let id = Int64(raw), id > 0 else {
            throw HelpdeskError.notFound(entity: "customer", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    // MARK: - Pages

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try requireStaff(context)
        let parameters = try CustomerListParameters(request)
        let page = try await database.customers(parameters.query, for: user)
        let model = CustomerListPage(view: CustomerListView(page, parameters: parameters))
        return try services.views.render("admin-customers", Page(chrome: services.pageChrome(context, title: "Customers"), model: model))
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try requireStaff(context)
        let id = try Self.customerId(context)
        let query = CustomerListParameters.values(query: request.uri.query ?? "")
        let page = try RequestNumber.integer(query["page"], field: "page", in: 1...RequestNumber.maximumPage) ?? 1
        let pageSize =
            try RequestNumber.integer(query["pageSize"], field: "pageSize", in: 1...CustomerQuery.maximumPageSize)
            ?? CustomerProfileView.defaultPageSize
        let profile = try await database.customerProfile(id: id, page: page, pageSize: pageSize, for: user)
        let categories = try await services.categoryNames()
        let model = CustomerProfilePage(view: CustomerProfileView(profile, viewer: user, categories: categories))
        return try services.views.render(
            "admin-customer", Page(chrome: services.pageChrome(context, title: profile.customer.name), model: model))
    }

    // MARK: - Admin actions

    @Sendable func deactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try Self.customerId(context)
        let changed = try await database.deactivateCustomer(id: id, by: user)
        context.setFlash(changed ? "Deactivated. They can no longer sign in; their tickets stay." : "Already deactivated.")
        return redirect("/admin/customers/\(id)")
    }

    @Sendable func reactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try Self.customerId(context)
        let changed = try await database.reactivateCustomer(id: id, by: user)
        context.setFlash(changed ? "Reactivated. They can sign in again." : "Already active.")
        return redirect("/admin/customers/\(id)")
    }

    @Sendable func resendConfirmation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireStaff(context)
        let id = try Self.customerId(context)
        try await database.resendConfirmation(customerId: id, by: user)
        context.setFlash("A new confirmation link is on its way.")
        return redirect("/admin/customers/\(id)")
    }
}
