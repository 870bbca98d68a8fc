import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Accounts")
struct AccountsTests {
    @Test("register, confirm, log in")
    func registrationFlow() async throws {
        // Given a new visitor
        let f = try await Fixture.make()
        // When they register with a messy e-mail
        try await f.db.register(name: "Ada", email: "  Ada@Example.COM ", password: Fixture.password)
        // Then a confirmation mail with a single-use token is in the outbox, and login is refused until confirmed
        let mail = try await f.lastMail(.confirmEmail, to: "ada@example.com")
        let token = try #require(mail.payloadValues["token"])
        #expect(mail.body.contains(token))
        await expectError(.unconfirmedAccount(email: "ada@example.com")) {
            try await f.db.login(email: "ada@example.com", password: Fixture.password)
        }
        // When they open the link
        let user = try await f.db.confirmEmail(token: token)
        // Then they can log in with any casing of the address
        #expect(user.isConfirmed)
        let loggedIn = try await f.db.login(email: "ADA@example.com", password: Fixture.password)
        #expect(loggedIn.id == user.id && loggedIn.role == .customer)
    }

    @Test("the confirmation link works once and expires after 24 hours")
    func confirmationTokenRules() async throws {
        // Given two registrations
        let f = try await Fixture.make()
        try await f.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        try await f.db.register(name: "Bob", email: "bob@example.com", password: Fixture.password)
        let adaToken = try #require(try await f.lastMail(.confirmEmail, to: "ada@example.com").payloadValues["token"])
        let bobToken = try #require(try await f.lastMail(.confirmEmail, to: "bob@example.com").payloadValues["token"])
        // When Ada's link is used twice, Then the second use is refused
        try await f.db.confirmEmail(token: adaToken)
        await expectError(.invalidToken(reason: "This link has already been used.")) {
            try await f.db.confirmEmail(token: adaToken)
        }
        // When Bob waits more than 24 hours, Then his link has expired
        f.clock.advance(by: 24 * 3600 + 1)
        await expectError(.invalidToken(reason: "This link has expired.")) { try await f.db.confirmEmail(token: bobToken) }
        // And a made-up token is refused
        await expectError(.invalidToken(reason: "This link is not valid.")) { try await f.db.confirmEmail(token: "nope") }
        // When Bob asks for a new link, Then it works
        try await f.db.resendConfirmation(email: "BOB@example.com")
        let fresh = try #require(try await f.lastMail(.confirmEmail, to: "bob@example.com").payloadValues["token"])
        #expect(fresh != bobToken)
        #expect(try await f.db.confirmEmail(token: fresh).isConfirmed)
    }

    @Test("registering an existing address does not leak it")
    func duplicateRegistration() async throws {
        // Given a confirmed customer
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        // When someone registers with the same address
        try await f.db.register(name: "Mallory", email: "ada@example.com", password: "another-Pass-99")
        // Then the call succeeds silently, no second account exists, and the owner gets a warning mail
        let mails = try await f.db.outbox(recipient: "ada@example.com")
        #expect(mails.map(\.kind) == [.confirmEmail, .registrationAttempt])
        let stillAda = try await f.db.login(email: "ada@example.com", password: Fixture.password)
        #expect(stillAda.id == ada.id && stillAda.name == "Ada")
        await expectError(.invalidCredentials) { try await f.db.login(email: "ada@example.com", password: "another-Pass-99") }
    }

    @Test("wrong password and unknown e-mail give the same error")
    func wrongCredentials() async throws {
        // Given a customer
        let f = try await Fixture.make()
        _ = try await f.customer("Ada")
        // When logging in with a wrong password or an unknown address, Then the error is the same
        await expectError(.invalidCredentials) { try await f.db.login(email: "ada@example.com", password: "wrong-Password-1") }
        await expectError(.invalidCredentials) { try await f.db.login(email: "nobody@example.com", password: Fixture.password) }
        await expectError(.invalidCredentials) { try await f.db.login(email: "not an email", password: Fixture.password) }
    }

    @Test(
        "password rules give clear messages",
        arguments: [
            ("short-1A", "at least 10"), ("alllowercaseletters", "two kinds"), ("ada@example.com", "e-mail"),
            ("ADA@EXAMPLE.COM", "e-mail"),
        ]
    )
    func passwordRules(password: String, message: String) async throws {
        // Given a visitor, When they pick a weak password, Then registration is refused naming the password field
        let f = try await Fixture.make()
        await expectFailure(.message(field: "password", containing: message)) {
            try await f.db.register(name: "Ada", email: "ada@example.com", password: password)
        }
        // And nothing was written
        #expect(try await f.db.outbox().isEmpty)
    }

    @Test("invalid e-mail is refused with the email field")
    func invalidEmail() async throws {
        let f = try await Fixture.make()
        await expectFailure(.field("email")) { try await f.db.register(name: "Ada", email: "ada@", password: Fixture.password) }
    }

    @Test("password reset: request, reset once, expire after an hour")
    func passwordReset() async throws {
        // Given a customer
        let f = try await Fixture.make()
        _ = try await f.customer("Ada")
        // When a reset is requested for a known and an unknown address
        try await f.db.requestPasswordReset(email: "ada@example.com")
        try await f.db.requestPasswordReset(email: "nobody@example.com")
        // Then only the known address got a mail
        #expect(try await f.db.outbox(recipient: "nobody@example.com").isEmpty)
        let token = try #require(try await f.lastMail(.passwordReset, to: "ada@example.com").payloadValues["token"])
        // When a weak password is given, Then it is refused and the token still works
        await expectFailure(.field("password")) { try await f.db.resetPassword(token: token, newPassword: "weak") }
        try await f.db.resetPassword(token: token, newPassword: "brand-New-pass-7")
        // Then the new password works, the old one not, and the token is used up
        _ = try await f.db.login(email: "ada@example.com", password: "brand-New-pass-7")
        await expectError(.invalidCredentials) { try await f.db.login(email: "ada@example.com", password: Fixture.password) }
        await expectError(.invalidToken(reason: "This link has already been used.")) {
            try await f.db.resetPassword(token: token, newPassword: "other-New-pass-8")
        }
        // When another reset link is older than an hour, Then it has expired
        try await f.db.requestPasswordReset(email: "ada@example.com")
        let late = try #require(try await f.lastMail(.passwordReset, to: "ada@example.com").payloadValues["token"])
        f.clock.advance(by: 3601)
        await expectError(.invalidToken(reason: "This link has expired.")) {
            try await f.db.resetPassword(token: late, newPassword: "other-New-pass-8")
        }
    }

    @Test("the initial admin is created once, with a generated password")
    func initialAdmin() async throws {
        // Given an empty store
        let f = try await Fixture.make()
        // When the app starts twice
        let generated = try #require(try await f.db.ensureInitialAdmin(email: "root@example.com"))
        let second = try await f.db.ensureInitialAdmin(email: "root@example.com")
        // Then the password is returned only the first time and works
        #expect(second == nil)
        let admin = try await f.db.login(email: "root@example.com", password: generated)
        #expect(admin.role == .admin)
    }

    @Test("API tokens: shown once, stored hashed, revocable")
    func apiTokens() async throws {
        // Given a customer with a token
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        let (row, plain) = try await f.db.createAPIToken(for: ada, name: "laptop")
        // Then the plain token finds the user, and only its hash is stored
        #expect(row.tokenHash == SecureToken.hash(plain) && row.tokenHash != plain)
        #expect(try await f.db.user(forAPIToken: plain)?.id == ada.id)
        #expect(try await f.db.apiTokens(of: ada).count == 1)
        // When it is revoked, Then it no longer works
        try await f.db.revokeAPIToken(id: try #require(row.id), by: ada)
        #expect(try await f.db.user(forAPIToken: plain) == nil)
        #expect(try await f.db.user(forAPIToken: "ccr_unknown") == nil)
    }

    @Test("sessions: create, get, expire, delete, purge")
    func sessions() async throws {
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        // Given a stored session
        #expect(try await f.db.createSession(id: "cookie-1", data: Data("hello".utf8), userId: ada.id, expiresAt: f.clock.now + 60))
        // Then it is readable by its id
        #expect(try await f.db.sessionData(id: "cookie-1") == Data("hello".utf8))
        #expect(try await f.db.sessionUserId(id: "cookie-1") == ada.id)
        // When it expires, Then it is gone and purge removes it
        f.clock.advance(by: 61)
        #expect(try await f.db.sessionData(id: "cookie-1") == nil)
        #expect(try await f.db.purgeExpiredSessions() == 1)
        // When deleted, Then it is gone
        try await f.db.createSession(id: "cookie-2", data: Data(), userId: nil, expiresAt: f.clock.now + 60)
        try await f.db.deleteSession(id: "cookie-2")
        #expect(try await f.db.sessionData(id: "cookie-2") == nil)
    }

    @Test("a session is created once, and an update never brings back a deleted or expired one")
    func sessionUpdatesNeverRecreate() async throws {
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        // Given a session
        #expect(try await f.db.createSession(id: "s", data: Data("one".utf8), userId: ada.id, expiresAt: f.clock.now + 60))
        // When it is created again, Then the second creation is refused and the first data kept
        #expect(try await f.db.createSession(id: "s", data: Data("two".utf8), userId: nil, expiresAt: f.clock.now + 600) == false)
        #expect(try await f.db.sessionData(id: "s") == Data("one".utf8))
        // When it is updated while it exists, Then the update lands
        #expect(try await f.db.updateSession(id: "s", data: Data("three".utf8), userId: ada.id, expiresAt: f.clock.now + 60))
        #expect(try await f.db.sessionData(id: "s") == Data("three".utf8))
        // When it is deleted and then updated (a request that started before the sign-out ends), Then it stays deleted
        try await f.db.deleteSession(id: "s")
        #expect(try await f.db.updateSession(id: "s", data: Data("late".utf8), userId: ada.id, expiresAt: f.clock.now + 600) == false)
        #expect(try await f.db.sessionData(id: "s") == nil)
        #expect(try await f.db.sessionUserId(id: "s") == nil)
        // When a session has expired, Then an update does not revive it
        try await f.db.createSession(id: "old", data: Data("old".utf8), userId: ada.id, expiresAt: f.clock.now + 10)
        f.clock.advance(by: 11)
        #expect(try await f.db.updateSession(id: "old", data: Data("new".utf8), userId: ada.id, expiresAt: f.clock.now + 600) == false)
        #expect(try await f.db.sessionData(id: "old") == nil)
    }

    @Test("a password change revokes every API token and every session but the one making it")
    func passwordChangeRevokesCredentials() async throws {
        // Given Ada with two sessions and two tokens, and Bo with one of each
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        let bo = try await f.customer("Bo")
        for id in ["ada-here", "ada-elsewhere"] {
            try await f.db.createSession(id: id, data: Data(), userId: ada.id, expiresAt: f.clock.now + 600)
        }
        try await f.db.createSession(id: "bo", data: Data(), userId: bo.id, expiresAt: f.clock.now + 600)
        let (_, laptop) = try await f.db.createAPIToken(for: ada, name: "laptop")
        let (_, script) = try await f.db.createAPIToken(for: ada, name: "script")
        let (_, boToken) = try await f.db.createAPIToken(for: bo, name: "bo")
        // When a change is refused (wrong current password, weak new one), Then nothing is revoked
        await expectFailure(.field("currentPassword")) {
            try await f.db.changePassword(for: ada, current: "wrong-Pass-1", new: "brand-New-pass-7", keepingSession: "ada-here")
        }
        await expectFailure(.field("password")) {
            try await f.db.changePassword(for: ada, current: Fixture.password, new: "weak", keepingSession: "ada-here")
        }
        #expect(try await f.db.user(forAPIToken: laptop)?.id == ada.id)
        #expect(try await f.db.sessionUserId(id: "ada-elsewhere") == ada.id)
        // When Ada changes her password from one session
        try await f.db.changePassword(for: ada, current: Fixture.password, new: "brand-New-pass-7", keepingSession: "ada-here")
        // Then her tokens are revoked and her other session ended, and the one she used is kept
        #expect(try await f.db.user(forAPIToken: laptop) == nil)
        #expect(try await f.db.user(forAPIToken: script) == nil)
        #expect(try await f.db.apiTokens(of: ada).allSatisfy { $0.revokedAt != nil })
        #expect(try await f.db.sessionUserId(id: "ada-elsewhere") == nil)
        #expect(try await f.db.sessionUserId(id: "ada-here") == ada.id)
        // And Bo keeps his
        #expect(try await f.db.user(forAPIToken: boToken)?.id == bo.id)
        #expect(try await f.db.sessionUserId(id: "bo") == bo.id)
    }

    @Test("a password reset revokes every API token and every session")
    func passwordResetRevokesCredentials() async throws {
        // Given Ada with a session and a token
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        try await f.db.createSession(id: "ada", data: Data(), userId: ada.id, expiresAt: f.clock.now + 600)
        let (_, token) = try await f.db.createAPIToken(for: ada, name: "laptop")
        try await f.db.requestPasswordReset(email: "ada@example.com")
        let link = try #require(try await f.lastMail(.passwordReset, to: "ada@example.com").payloadValues["token"])
        // When a reset is refused, Then nothing is revoked
        await expectFailure(.field("password")) { try await f.db.resetPassword(token: link, newPassword: "weak") }
        await expectError(.invalidToken(reason: "This link is not valid.")) {
            try await f.db.resetPassword(token: "forged", newPassword: "brand-New-pass-7")
        }
        #expect(try await f.db.user(forAPIToken: token)?.id == ada.id)
        #expect(try await f.db.sessionUserId(id: "ada") == ada.id)
        // When the password is reset
        try await f.db.resetPassword(token: link, newPassword: "brand-New-pass-7")
        // Then the token and the session are gone
        #expect(try await f.db.user(forAPIToken: token) == nil)
        #expect(try await f.db.sessionUserId(id: "ada") == nil)
    }

    @Test("SHA-256 matches the standard test vectors")
    func sha256() {
        #expect(Hashing.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Hashing.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
        #expect(SecureToken.generate().count == 43)
    }
}
