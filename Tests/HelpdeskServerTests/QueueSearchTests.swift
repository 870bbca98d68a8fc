import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The queue's search box takes what agents type in practice: a ticket number opens the ticket, a requester's e-mail
/// lists that customer's tickets, and words go through the search engine.
@Suite struct QueueSearchTests {
    typealias Env = TestEnvironment

    @Test func ticketNumbersOpenTheTicketAndAddressesListTheRequestersTickets() async throws {
        try await Env.run { client, env in
            let mia = try await env.customer(client, name: "Mia Requester")
            let ola = try await env.customer(client, name: "Ola Other")
            let first = try await env.ticket(client, by: mia, subject: "Card declined", description: "My card is declined.")
            let second = try await env.ticket(client, by: mia, subject: "Router offline", description: "No Wi-Fi since noon.")
            let other = try await env.ticket(client, by: ola, subject: "Card declined too", description: "Same here.")
            let admin = try await env.admin(client)
            for q in ["\(first)", "%23\(first)", "+%23\(first)+"] {
                let response = try await env.page(client, "/agent?q=\(q)", as: admin)
                #expect(response.status == .seeOther, "\(q)")
                #expect(response.headers[.location] == "/agent/tickets/\(first)", "\(q)")
            }
            // A number that is no ticket is searched as text, and says how many match.
            let none = try await env.page(client, "/agent?q=987654", as: admin)
            #expect(none.status == .ok)
            #expect(String(buffer: none.body).contains("0 tickets match"))
            // The requester's address lists her tickets, and only hers.
            let byAddress = String(buffer: try await env.page(client, "/agent?q=mia.requester%40customer.test", as: admin).body)
            #expect(byAddress.contains("/agent/tickets/\(first)") && byAddress.contains("/agent/tickets/\(second)"))
            #expect(!byAddress.contains("/agent/tickets/\(other)"))
            #expect(byAddress.contains("2 tickets match"))
            // A customer cannot use the agent queue at all.
            #expect(try await env.page(client, "/agent?q=\(other)", as: mia).status != .seeOther)
        }
    }
}
