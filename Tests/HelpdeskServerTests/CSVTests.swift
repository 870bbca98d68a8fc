import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The reports' CSV downloads open in a spreadsheet as text: a cell that would start a formula gets a leading `'`.
@Suite struct CSVTests {
    @Test("text cells that start a formula are neutralised, then quoted as usual")
    func formulaCellsAreNeutralised() {
        let csv = CSV(
            filename: "t.csv",
            header: ["subject", "count"],
            rows: [
                [#"=HYPERLINK("http://x","y")"#, "3"],
                ["+1+1", "0"],
                ["@SUM(A1)", "12"],
                ["-2+3", "1"],
                ["\tcmd", "2"],
                ["\rcmd", "2"],
                ["Printer, 2nd floor", "4"],
                ["a = b", "5"],
            ]
        )
        #expect(
            csv.text == """
                subject,count\r
                "'=HYPERLINK(""http://x"",""y"")",3\r
                '+1+1,0\r
                '@SUM(A1),12\r
                '-2+3,1\r
                '\tcmd,2\r
                "'\rcmd",2\r
                "Printer, 2nd floor",4\r
                a = b,5\r

                """
        )
    }

    @Test("a CRLF inside a cell is quoted")
    func lineBreaksAreQuoted() {
        #expect(CSV.field("one\r\ntwo") == "\"one\r\ntwo\"")
    }

    @Test("an agent named like a formula comes out of agents.csv as text")
    func agentsDownloadNeutralisesNames() async throws {
        try await TestEnvironment.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            let names = [#"=HYPERLINK("http://x","y")"#, "+1+1", "@SUM(A1)", "-2+3"]
            for (number, name) in names.enumerated() {
                _ = try await env.database.createAgent(
                    by: admin.user!, name: name, email: "formula\(number)@staff.test", skills: [], capacity: 3)
            }

            let response = try await env.page(client, "/admin/reports/agents.csv", as: admin)

            #expect(response.status == .ok)
            let lines = String(buffer: response.body).components(separatedBy: "\r\n")
            #expect(lines.contains { $0.hasPrefix(#""'=HYPERLINK(""http://x"",""y"")","#) })
            #expect(lines.contains { $0.hasPrefix("'+1+1,") })
            #expect(lines.contains { $0.hasPrefix("'@SUM(A1),") })
            #expect(lines.contains { $0.hasPrefix("'-2+3,") })
            #expect(!lines.contains { $0.hasPrefix("=") || $0.hasPrefix("+") || $0.hasPrefix("@") || $0.hasPrefix("-") })
        }
    }
}
