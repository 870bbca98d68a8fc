import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import SearchEngine
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durability of the real `care serve` binary: concurrent API clients file tickets, reply (each reply with a file) and
/// resolve them with new solutions while the server is killed with SIGKILL at seeded random moments (under load, and
/// once while it is still starting). After every kill, every write that got its 2xx answer must be in the database,
/// every acknowledged reply must have its file, every attachment row its file on disk with the content its digest
/// names, and the search index loaded the way `care serve` loads it (snapshot + change-log catch-up) must find it and
/// answer exactly as an index rebuilt from the database does. The seed is fixed (`CARE_CRASH_SEED` overrides it).
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["CARE_CRASH_SEED"] ?? "") ?? 20_261_125
    /// Server runs; the one in `startupKillRound` is killed while it starts, the others under load.
    static let rounds = 4
    static let startupKillRound = 3
    static let customers = 3

    @Test(
        "acknowledged writes survive SIGKILL, and the recovered index answers as the database says",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "crash test skipped: \(CareBinary.missing ?? "")")),
        // About 15 s alone; much more on a loaded machine, on PostgreSQL's debug client.
        .timeLimit(.minutes(12))
    )
    func sigkillUnderLoad() async throws {
        let binary = try #require(CareBinary.path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("serve.log")
        let corpus = try TestData.corpusFolder()
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        var random = SplitMix64(testSeed: Self.seed)
        let started = ContinuousClock.now

        // Given a data folder (and the store of the run) with an admin and confirmed customers, each with an API token
        let (location, storeArguments) = try await TestStore.location(folder: folder.path)
        let accounts = try await Self.seedAccounts(location: location)
        let ledger = CrashLedger()
        let serve = { (port: Int) throws -> ChildProcess in
            try ChildProcess(
                binary,
                // Durability is measured here, not the abuse limits: a fast server must not turn clients away.
                ["serve", "--data", folder.path, "--port", "\(port)", "--corpus", corpus, "--log-level", "warning", "--abuse-burst", "1000"]
                    + storeArguments,
                log: log
            )
        }

        let logTail = { String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2000)) }
        let healthy = { (server: ChildProcess, port: Int) async throws in
            do { try await waitUntilHealthy(port: port) } catch {
                server.send(SIGKILL)
                _ = await server.exitStatus()
                Issue.record("care serve did not start:\n\(logTail())")
                throw error
            }
        }

        var checked = Duration.zero
        for round in 1...Self.rounds {
            let port = try freeLoopbackPort()
            let server = try serve(port)
            if round == Self.startupKillRound {
                // When the server is killed while it opens the database, loads and saves the index snapshot
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...800, using: &random)))
                server.send(SIGKILL)
                _ = await server.exitStatus()
            } else {
                // When clients write under load and the server is killed at a random moment after the first answer
                try await healthy(server, port)
                let before = ledger.acknowledged
                // A debug build answers several times slower on PostgreSQL (its client's generic code unoptimised):
                // the kill comes later there, so that each round still acknowledges tickets, messages and solutions.
                let slower = TestStore.current == .postgres ? 4 : 1
                let delay = Duration.milliseconds(Int.random(in: 150...1200, using: &random) * slower)
                let seeds = (0...Self.customers).map { _ in random.next() }
                await withTaskGroup(of: Void.self) { group in
                    for (worker, token) in accounts.customerTokens.enumerated() {
                        group.addTask {
                            await Self.customerLoad(port: port, bearer: token, round: round, worker: worker + 1, seed: seeds[worker], ledger: ledger)
                        }
                    }
                    group.addTask { await Self.resolverLoad(port: port, bearer: accounts.adminToken, round: round, ledger: ledger) }
                    let deadline = ContinuousClock.now + .seconds(60)
                    while ledger.acknowledged == before, ContinuousClock.now < deadline {
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                    try? await Task.sleep(for: delay)
                    server.send(SIGKILL)
                    _ = await server.exitStatus()
                    group.cancelAll()
                }
                #expect(ledger.acknowledged > before, "round \(round): no write was acknowledged:\n\(logTail())")
            }
            // Then every acknowledged write is in the database and the recovered index, which agrees with a rebuild
            let checking = ContinuousClock.now
            try await Self.verifyRecovery(folder: folder.path, location: location, ledger: ledger, round: round)
            checked += ContinuousClock.now - checking
        }

        // And a restarted server serves them all through the API, then stops cleanly
        let port = try freeLoopbackPort()
        let server = try serve(port)
        try await healthy(server, port)
        await Self.verifyThroughAPI(port: port, bearer: accounts.adminToken, ledger: ledger)
        server.send(SIGTERM)
        #expect(await server.exitStatus() == 0, "care serve did not stop cleanly:\n\(logTail())")

        let state = ledger.state.withLock { $0 }
        #expect(state.refusals.isEmpty, "unexpected answers: \(state.refusals.prefix(5))")
        #expect(state.tickets.count >= Self.rounds && !state.solutions.isEmpty, "too little load to test anything")
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        print(
            "crash test (seed \(Self.seed)): \(Self.rounds) SIGKILLs, acknowledged \(state.tickets.count) tickets, "
                + "\(state.messages.count) messages, \(state.solutions.count) solutions, "
                + "\(state.snapshotsReused)/\(Self.rounds) restarts reused the snapshot, \(Int(seconds)) s "
                + "(\(checked.components.seconds) s of it checking)"
        )
    }

    // MARK: - Setup

    struct Accounts: Sendable {
        var adminToken: String
        var customerTokens: [String]
    }

    /// Creates the admin and the customers straight in the database, with API tokens for the clients.
    static func seedAccounts(location: StoreLocation) async throws -> Accounts {
        let database = try await AppDatabase.open(location, connections: 2, configuration: HelpdeskConfiguration(bcryptCost: 4))
        let admin = try await database.createAdmin(name: "Crash Admin", email: "admin@crash.test", password: TestData.adminPassword)
        let adminToken = try await database.createAPIToken(for: admin.admin, name: "crash test").plain
        var customerTokens: [String] = []
        for number in 1...customers {
            let email = "customer\(number)@crash.test"
            try await database.register(name: "Customer \(number)", email: email, password: TestData.password)
            let mail = try #require(try await database.outbox(recipient: email).last { $0.kind == .confirmEmail })
            let customer = try await database.confirmEmail(token: try #require(mail.payloadValues["token"]))
            customerTokens.append(try await database.createAPIToken(for: customer, name: "crash test").plain)
        }
        return Accounts(adminToken: adminToken, customerTokens: customerTokens)
    }

    // MARK: - Load

    /// One customer: files tickets (a unique word in each) and replies to a random one of them, until the connection
    /// dies.
    static func customerLoad(port: Int, bearer: String, round: Int, worker: Int, seed: UInt64, ledger: CrashLedger) async {
        var random = SplitMix64(testSeed: seed)
        let client = APIClient(port: port, bearer: bearer)
        var own: [Int64] = []
        var number = 0
        while !Task.isCancelled {
            number += 1
            let word = UniqueWord.make(.ticket, round: round, worker: worker, number: number)
            ledger.attempted(ticket: word)
            let body = #"{"subject": "Gadget fails \#(word)", "description": "Since today the gadget \#(word) stops after a minute."}"#
            guard let created = await client.post("/api/v1/tickets", json: body) else { break }
            if created.status == 201, let id = created.json?["id"] as? Int {
                ledger.acknowledged(ticket: word, id: Int64(id))
                own.append(Int64(id))
            } else {
                ledger.refused("POST /tickets", created)
            }
            guard number % 2 == 0, let target = own.randomElement(using: &random) else { continue }
            let note = UniqueWord.make(.message, round: round, worker: worker, number: number)
            ledger.attempted(message: note)
            guard
                let reply = await client.post(
                    "/api/v1/tickets/\(target)/messages", field: ("body", "More details: \(note)"),
                    file: (name: "\(note).log", text: "trace of \(note)\n"))
            else { break }
            if reply.status == 201, let id = reply.json?["id"] as? Int {
                ledger.acknowledged(message: note, id: Int64(id), ticketId: target)
            } else {
                ledger.refused("POST /tickets/\(target)/messages", reply)
            }
        }
        await client.close()
    }

    /// The admin: resolves acknowledged tickets with a new solution each (a unique word in its title and steps),
    /// until the connection dies.
    static func resolverLoad(port: Int, bearer: String, round: Int, ledger: CrashLedger) async {
        let client = APIClient(port: port, bearer: bearer)
        var number = 0
        while !Task.isCancelled {
            guard let ticketId = ledger.nextToResolve() else {
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            number += 1
            let word = UniqueWord.make(.solution, round: round, worker: 0, number: number)
            ledger.attempted(solution: word)
            let body = #"{"solution": {"title": "Reset the \#(word) unit", "steps": ["Hold the \#(word) button for ten seconds.", "Try again."]}}"#
            guard let resolved = await client.post("/api/v1/tickets/\(ticketId)/resolve", json: body) else { break }
            if resolved.status == 200, let solution = resolved.json?["solution"] as? [String: Any], let id = solution["id"] as? Int {
                ledger.acknowledged(solution: word, id: Int64(id), ticketId: ticketId)
            } else {
                ledger.refused("POST /tickets/\(ticketId)/resolve", resolved)
            }
        }
        await client.close()
    }

    // MARK: - Checks

    /// Opens the database and loads the index as `care serve` does on start, then checks every acknowledged write,
    /// and compares the index with one rebuilt from the database for every word the clients ever sent.
    static func verifyRecovery(folder: String, location: StoreLocation, ledger: CrashLedger, round: Int) async throws {
        let state = ledger.state.withLock { $0 }
        let database = try await AppDatabase.open(location, connections: 2, configuration: HelpdeskConfiguration(bcryptCost: 4))
        let admin = try await database.operatingAdmin()

        var lost: [String] = []
        for (word, id) in state.tickets {
            let ticket = try? await database.ticket(id: id, for: admin)
            if ticket?.description.contains(word) != true { lost.append("ticket #\(id) (\(word))") }
        }
        for (ticketId, acknowledged) in Dictionary(grouping: state.messages, by: \.ticketId) {
            let detail = try? await database.ticketDetail(id: ticketId, for: admin)
            let stored = detail?.messages ?? []
            let bodies = Dictionary(stored.map { ($0.id ?? 0, $0.body) }, uniquingKeysWith: { first, _ in first })
            for message in acknowledged where bodies[message.id]?.contains(message.word) != true {
                lost.append("message #\(message.id) on ticket #\(ticketId) (\(message.word))")
            }
            let files = Dictionary(
                (detail?.attachments ?? []).map { ($0.messageId ?? 0, $0.fileName) }, uniquingKeysWith: { first, _ in first })
            for message in acknowledged where files[message.id] != "\(message.word).log" {
                lost.append("the file of message #\(message.id) on ticket #\(ticketId) (\(message.word))")
            }
        }
        // No attachment row without its file, whole: the file is in place before the row's transaction commits.
        let store = AttachmentStore(folder: folder + "/attachments")
        for digest in try await database.attachmentDigests() {
            let bytes = store.existingPath(sha256: digest).flatMap { FileManager.default.contents(atPath: $0) }
            let hex = bytes.map { Hashing.hex(Hashing.sha256($0)) }
            if hex != digest { lost.append("the file \(digest) (\(bytes == nil ? "missing" : "damaged"))") }
        }
        for resolution in state.solutions {
            let solution = try? await database.solution(id: resolution.id, for: admin)
            let detail = try? await database.ticketDetail(id: resolution.ticketId, for: admin)
            if solution?.title.contains(resolution.word) != true || detail?.solutions.contains(where: { $0.id == resolution.id }) != true {
                lost.append("solution #\(resolution.id) of ticket #\(resolution.ticketId) (\(resolution.word))")
            }
        }
        #expect(lost.isEmpty, "round \(round): \(lost.count) acknowledged writes missing from the database, e.g. \(lost.prefix(5))")

        let (recovered, rebuilt) = try await offCooperativeThreads {
            let loaded = try HelpdeskIndex.load(from: folder + "/" + location.snapshotFolderName, database: database)
            let rebuilt = HelpdeskIndex()
            try rebuilt.rebuild(from: database)
            return (loaded, rebuilt)
        }
        if !recovered.rebuilt { ledger.state.withLock { $0.snapshotsReused += 1 } }
        let index = recovered.index

        var unfindable: [String] = []
        let ticketWords = Dictionary(state.tickets.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        for (word, id) in state.tickets where ids(index.tickets, word) != ["\(id)"] {
            unfindable.append("ticket #\(id) by \(word)")
        }
        for resolution in state.solutions {
            if ids(index.solutions, resolution.word) != ["\(resolution.id)"] {
                unfindable.append("solution #\(resolution.id) by \(resolution.word)")
            }
            if !ids(index.tickets, resolution.word).contains("\(resolution.ticketId)") {
                unfindable.append("ticket #\(resolution.ticketId) by its resolution \(resolution.word)")
            }
            if let complaint = ticketWords[resolution.ticketId], !ids(index.solutions, complaint).contains("\(resolution.id)") {
                unfindable.append("solution #\(resolution.id) by the complaint \(complaint)")
            }
        }
        #expect(unfindable.isEmpty, "round \(round): \(unfindable.count) acknowledged writes not found in the index, e.g. \(unfindable.prefix(5))")

        var disagreements: [String] = []
        if index.checkpoint != rebuilt.checkpoint { disagreements.append("checkpoint \(index.checkpoint) ≠ \(rebuilt.checkpoint)") }
        if index.tickets.documentCount != rebuilt.tickets.documentCount {
            disagreements.append("ticket documents \(index.tickets.documentCount) ≠ \(rebuilt.tickets.documentCount)")
        }
        if index.solutions.documentCount != rebuilt.solutions.documentCount {
            disagreements.append("solution documents \(index.solutions.documentCount) ≠ \(rebuilt.solutions.documentCount)")
        }
        for word in state.attemptedWords {
            for filter in [nil, "open", "resolved"] {
                if ids(index.tickets, word, filter: filter) != ids(rebuilt.tickets, word, filter: filter) {
                    disagreements.append("tickets for \(word) (filter \(filter ?? "none"))")
                }
            }
            if ids(index.solutions, word) != ids(rebuilt.solutions, word) { disagreements.append("solutions for \(word)") }
        }
        #expect(disagreements.isEmpty, "round \(round): the recovered index and the database disagree: \(disagreements.prefix(5))")
    }

    /// After the last restart: every acknowledged solution is found by the solutions search, every acknowledged
    /// ticket opens with its acknowledged messages.
    static func verifyThroughAPI(port: Int, bearer: String, ledger: CrashLedger) async {
        let state = ledger.state.withLock { $0 }
        let client = APIClient(port: port, bearer: bearer)
        var missing: [String] = []
        for resolution in state.solutions {
            guard let response = await client.get("/api/v1/solutions?q=\(resolution.word)&k=5") else {
                missing.append("search \(resolution.word): no answer")
                continue
            }
            let hits = (response.json?["solutions"] as? [[String: Any]]) ?? []
            // First: its word is the solution's own (solutions near in meaning may follow it).
            let found = hits.compactMap { ($0["solution"] as? [String: Any])?["id"] as? Int }
            if found.first != Int(resolution.id) { missing.append("search \(resolution.word) for #\(resolution.id) → \(found)") }
        }
        let messages = Dictionary(grouping: state.messages, by: \.ticketId)
        for id in state.tickets.values {
            guard let response = await client.get("/api/v1/tickets/\(id)") else {
                missing.append("ticket #\(id): no answer")
                continue
            }
            let thread = (response.json?["messages"] as? [[String: Any]]) ?? []
            let shown = Set(thread.compactMap { $0["id"] as? Int })
            if response.status != 200 || !(messages[id] ?? []).allSatisfy({ shown.contains(Int($0.id)) }) {
                missing.append("ticket #\(id): \(response.status)")
            }
        }
        await client.close()
        #expect(missing.isEmpty, "after restart the API misses \(missing.count) writes, e.g. \(missing.prefix(5))")
    }

    /// The ids a one-word search returns, sorted.
    static func ids(_ index: SearchIndex, _ word: String, filter: String? = nil) -> [String] {
        index.search(SearchRequest(text: word, k: 50, filter: filter)).map(\.id).sorted()
    }
}
