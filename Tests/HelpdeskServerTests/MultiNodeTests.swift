import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import HelpdeskServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several real `care serve` processes on one PostgreSQL database, as a team runs them behind a load balancer: what is
/// written through one node is found through the other, and each mail leaves once, even when a node dies mid-delivery.
@Suite(
    "Several app nodes on one PostgreSQL",
    .serialized,
    .enabled(if: CareBinary.missing == nil, Comment(rawValue: CareBinary.missing ?? "")),
    .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
)
struct MultiNodeTests {
    /// A node: its process, port and data folder.
    struct Node {
        var process: ChildProcess
        var port: Int
        var folder: URL
        var log: URL
        var logTail: String { String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(3000)) }
    }

    /// Starts `care serve` on `url` with a data folder of its own (its index snapshot and, without SMTP, its `.eml`
    /// files) and waits until it answers.
    static func start(
        _ name: String, url: String, in root: URL, port: Int? = nil, corpus: String? = nil, extra: [String] = []
    ) async throws -> Node {
        let binary = try #require(CareBinary.path)
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = root.appendingPathComponent("\(name).log")
        let port = try port ?? freeLoopbackPort()
        let process = try ChildProcess(
            binary,
            ["serve", "--data", folder.path, "--database", url, "--port", "\(port)", "--log-level", "warning",
             "--abuse-burst", "1000"] + (corpus.map { ["--corpus", $0] } ?? ["--no-corpus"]) + extra,
            log: log)
        let node = Node(process: process, port: port, folder: folder, log: log)
        do { try await waitUntilHealthy(port: port) } catch {
            process.send(SIGKILL)
            _ = await process.exitStatus()
            Issue.record("\(name) did not start:\n\(node.logTail)")
            throw error
        }
        return node
    }

    /// Stops a node with SIGTERM and expects a clean exit.
    static func stop(_ node: Node) async {
        node.process.send(SIGTERM)
        #expect(await node.process.exitStatus() == 0, "the node did not stop cleanly:\n\(node.logTail)")
    }

    @Test("a solution saved through one node is suggested by the other; the lag is reported")
    func writesPropagate() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("care-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (url, location) = try await PostgresTestDatabase.migratedURL()
        let accounts = try await CrashRecoveryTests.seedAccounts(location: location)

        // Given two nodes on one database
        let a = try await Self.start("a", url: url, in: root)
        let b = try await Self.start("b", url: url, in: root)
        let customerOnA = APIClient(port: a.port, bearer: accounts.customerTokens[0])
        let adminOnA = APIClient(port: a.port, bearer: accounts.adminToken)
        let adminOnB = APIClient(port: b.port, bearer: accounts.adminToken)

        // When a ticket is filed and resolved with a new solution through node A, twenty times
        var lags: [Duration] = []
        for round in 1...20 {
            let word = UniqueWord.make(.solution, round: round, worker: 7, number: round)
            let filed = try #require(
                await customerOnA.post(
                    "/api/v1/tickets", json: #"{"subject": "Gadget stops \#(word)", "description": "It stops."}"#))
            let ticketId = try #require(filed.json?["id"] as? Int, "\(filed.status) \(filed.text)")
            let body = #"{"solution": {"title": "Reset the \#(word) unit", "steps": ["Hold the \#(word) button."]}}"#
            let resolved = try #require(await adminOnA.post("/api/v1/tickets/\(ticketId)/resolve", json: body))
            #expect(resolved.status == 200, "\(resolved.text)")
            let saved = ContinuousClock.now

            // Then node B suggests it (its index followed the change), within seconds at most
            var found = false
            while !found, ContinuousClock.now - saved < .seconds(15) {
                let answer = await adminOnB.post("/api/v1/suggestions", json: #"{"text": "the \#(word) unit", "k": 3}"#)
                found = answer?.text.contains(word) == true
                if !found { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(found, "node B never suggested the solution saved through node A:\n\(b.logTail)")
            lags.append(ContinuousClock.now - saved)
        }
        await customerOnA.close()
        await adminOnA.close()
        await adminOnB.close()
        await Self.stop(a)
        await Self.stop(b)

        let sorted = lags.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }.sorted()
        print(
            "change propagation between two nodes (\(sorted.count) solutions): p50 \(Int(sorted[sorted.count / 2])) ms, "
                + "max \(Int(sorted.last ?? 0)) ms")
    }

    @Test("a node killed in the middle of sending leaves its mails to another node, which sends each once")
    func mailSurvivesANodeKilledMidDelivery() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("care-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (url, location) = try await PostgresTestDatabase.migratedURL()
        _ = try await CrashRecoveryTests.seedAccounts(location: location)
        let database = try await AppDatabase.open(location, connections: 1)
        defer { database.close() }
        let unsent = { try await database.sqlRead { sql in try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NULL") ?? 0 } }
        let claimed = {
            try await database.sqlRead { sql in
                try sql.int64("SELECT COUNT(*) FROM outboxMail WHERE sentAt IS NULL AND claimedBy IS NOT NULL") ?? 0
            }
        }
        let mails = try await database.outbox().compactMap(\.id)
        #expect(mails.count == CrashRecoveryTests.customers, "one confirmation per customer waits")

        // Given node A, whose SMTP server accepts the connection and then never answers
        let silent = try SilentListener()
        defer { silent.close() }
        let smtp = "smtp://127.0.0.1:\(silent.port)?from=help@example.com&starttls=never&timeout=120"
        let a = try await Self.start("a", url: url, in: root, extra: ["--smtp", smtp, "--mail-lease", "4"])
        let deadline = ContinuousClock.now + .seconds(30)
        while try await claimed() < Int64(mails.count), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await claimed() == Int64(mails.count), "node A never claimed the mails:\n\(a.logTail)")

        // When A is killed in the middle of sending them, and node B (writing mail to files) runs on
        a.process.send(SIGKILL)
        _ = await a.process.exitStatus()
        let b = try await Self.start("b", url: url, in: root, extra: ["--mail-lease", "4"])
        let sendBy = ContinuousClock.now + .seconds(60)
        while try await unsent() > 0, ContinuousClock.now < sendBy {
            try await Task.sleep(for: .milliseconds(100))
        }
        await Self.stop(b)

        // Then every mail was sent by B once: one attempt each, one file each, with the row's Message-ID
        let rows = try await database.outbox()
        #expect(rows.allSatisfy { $0.sentAt != nil && $0.attempts == 1 }, "\(rows.map { ($0.id, $0.sentAt, $0.attempts) })")
        let outbox = b.folder.appendingPathComponent("outbox")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(files == mails.map { "\($0).eml" }.sorted())
        for id in mails {
            let text = (try? String(contentsOf: outbox.appendingPathComponent("\(id).eml"), encoding: .utf8)) ?? ""
            #expect(text.contains("Message-ID: <outbox.\(id)."), "mail \(id) keeps its Message-ID")
        }
    }

    @Test("a rolling restart (each node stopped with SIGTERM and started again in turn) loses no acknowledged write")
    func rollingRestartUnderLoad() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("care-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (url, location) = try await PostgresTestDatabase.migratedURL()
        let accounts = try await CrashRecoveryTests.seedAccounts(location: location)
        var a = try await Self.start("a", url: url, in: root)
        var b = try await Self.start("b", url: url, in: root)
        let ports = [a.port, b.port]
        let ledger = CrashLedger()

        // Given customers filing tickets without pause, through either node: a client whose node went away (or
        // refuses while it stops) files its next ticket through the other one, as behind a load balancer
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for (worker, token) in accounts.customerTokens.enumerated() {
                    group.addTask {
                        var target = worker % 2
                        var client = APIClient(port: ports[target], bearer: token)
                        var number = 0
                        while !Task.isCancelled {
                            number += 1
                            let word = UniqueWord.make(.ticket, round: 9, worker: worker + 1, number: number)
                            ledger.attempted(ticket: word)
                            let body = #"{"subject": "Gadget fails \#(word)", "description": "It stops \#(word)."}"#
                            let answer = await client.post("/api/v1/tickets", json: body)
                            if let answer, answer.status == 201, let id = answer.json?["id"] as? Int {
                                ledger.acknowledged(ticket: word, id: Int64(id))
                            } else {
                                if let answer, answer.status != 503 { ledger.refused("POST /tickets", answer) }
                                await client.close()
                                target = 1 - target
                                client = APIClient(port: ports[target], bearer: token)
                                try? await Task.sleep(for: .milliseconds(20))
                            }
                        }
                        await client.close()
                    }
                }
            }
        }

        // When node A, then node B, is stopped gracefully and started again while the load runs
        try await Task.sleep(for: .seconds(1))
        await Self.stop(a)
        let duringA = ledger.acknowledged
        a = try await Self.start("a", url: url, in: root, port: ports[0])
        try await Task.sleep(for: .seconds(1))
        await Self.stop(b)
        b = try await Self.start("b", url: url, in: root, port: ports[1])
        try await Task.sleep(for: .seconds(1))
        load.cancel()
        await load.value
        await Self.stop(a)
        await Self.stop(b)

        // Then every acknowledged ticket is in the database, and no request was refused for any other reason
        let state = ledger.state.withLock { $0 }
        let database = try await AppDatabase.open(location, connections: 1)
        defer { database.close() }
        let admin = try await database.operatingAdmin()
        var lost: [String] = []
        for (word, id) in state.tickets {
            let ticket = try? await database.ticket(id: id, for: admin)
            if ticket?.description.contains(word) != true { lost.append("#\(id) \(word)") }
        }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.prefix(10))")
        #expect(state.refusals.isEmpty, "\(state.refusals.prefix(5))")
        #expect(duringA > 0 && state.tickets.count > duringA, "the load ran through both restarts")
        print("rolling restart of two nodes: \(state.tickets.count) tickets acknowledged, none lost")
    }

    @Test("two nodes starting together on an empty database load the knowledge base once")
    func knowledgeBaseLoadedOnce() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("care-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = try TestData.corpusFolder()
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let (url, location) = try await PostgresTestDatabase.migratedURL()

        // When two nodes start at the same moment, both told to load the corpus into the empty database
        async let first = Self.start("a", url: url, in: root, corpus: corpus)
        async let second = Self.start("b", url: url, in: root, corpus: corpus)
        let (a, b) = try await (first, second)
        await Self.stop(a)
        await Self.stop(b)

        // Then its solutions are there once each
        let database = try await AppDatabase.open(location, connections: 1)
        defer { database.close() }
        let titles = try await database.currentSolutions(includeUnpublished: true).map(\.title)
        #expect(titles.count == 4, "\(titles)")
        #expect(Set(titles).count == titles.count, "loaded twice: \(titles.sorted())")
    }

    @Test("two live nodes share the outbox: every mail leaves through exactly one of them")
    func twoWorkersSendEachMailOnce() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("care-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (url, location) = try await PostgresTestDatabase.migratedURL()
        let accounts = try await CrashRecoveryTests.seedAccounts(location: location)
        let database = try await AppDatabase.open(location, connections: 1)
        defer { database.close() }

        // Given two nodes delivering the same outbox
        let a = try await Self.start("a", url: url, in: root)
        let b = try await Self.start("b", url: url, in: root)

        // When customers file 30 tickets through both (each ticket mails its customer)
        await withTaskGroup(of: Void.self) { group in
            for (number, token) in accounts.customerTokens.enumerated() {
                group.addTask {
                    let client = APIClient(port: number % 2 == 0 ? a.port : b.port, bearer: token)
                    for ticket in 1...10 {
                        _ = await client.post(
                            "/api/v1/tickets", json: #"{"subject": "Gadget \#(ticket)", "description": "It stops."}"#)
                    }
                    await client.close()
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        var rows = try await database.outbox()
        while rows.contains(where: { $0.sentAt == nil }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            rows = try await database.outbox()
        }
        await Self.stop(a)
        await Self.stop(b)

        // Then each mail was sent once, by one node or the other
        #expect(rows.count >= 30 + CrashRecoveryTests.customers)
        #expect(rows.allSatisfy { $0.sentAt != nil && $0.attempts == 1 })
        let files = { (node: Node) in
            Set(((try? FileManager.default.contentsOfDirectory(atPath: node.folder.appendingPathComponent("outbox").path)) ?? [])
                .filter { $0.hasSuffix(".eml") })
        }
        let (fromA, fromB) = (files(a), files(b))
        #expect(fromA.isDisjoint(with: fromB), "sent by both nodes: \(fromA.intersection(fromB).sorted())")
        #expect(fromA.union(fromB) == Set(rows.compactMap(\.id).map { "\($0).eml" }))
        print("outbox shared by two nodes: \(fromA.count) mails sent by A, \(fromB.count) by B, none twice")
    }
}

/// A TCP listener on the loopback interface that never accepts: connections complete in the kernel's backlog and then
/// hear nothing, as from an SMTP server that hangs before its greeting.
final class SilentListener: Sendable {
    let port: Int
    private let socketDescriptor: Int32

    init() throws {
        let (fd, port) = try boundLoopbackSocket()
        guard listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        socketDescriptor = fd
        self.port = port
    }

    /// Stops listening.
    func close() {
        _ = Glibc.close(socketDescriptor)
    }
}
