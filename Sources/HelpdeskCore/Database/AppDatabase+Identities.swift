import Foundation

/// What an OpenID Connect provider vouched for in a verified ID token.
public struct ProviderIdentity: Sendable, Equatable {
    /// The configured provider name (`google`, `linkedin`, …).
    public var provider: String
    /// The provider's display name for messages ("Google").
    public var providerTitle: String
    /// The stable id of the person at the provider (`sub`).
    public var subject: String
    /// The e-mail address the provider gave, if any.
    public var email: String?
    /// Whether the provider says it verified `email` (`email_verified`).
    public var emailVerified: Bool
    /// The person's name at the provider, if any.
    public var name: String?

    /// Creates the value.
    public init(
        provider: String,
        providerTitle: String,
        subject: String,
        email: String?,
        emailVerified: Bool,
        name: String?
    ) {
        self.provider = provider
        self.providerTitle = providerTitle
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
    }
}

extension AppDatabase {
    /// Signs in with an identity a provider vouched for (the caller has verified the ID token).
    ///
    /// - An identity already linked signs in its user.
    /// - Otherwise the provider must say the e-mail address is verified. A customer account with that address is then
    ///   linked (and confirmed; a password set before the address was confirmed is dropped, since nobody proved it
    ///   belongs to the address's owner), and its owner is told by mail, in the same transaction. Without such an
    ///   account a confirmed customer is created, with no usable password.
    /// - A staff account (agent or admin) is never linked this way: its owner links a provider from the account page
    ///   while signed in (`linkIdentity(_:to:)`).
    /// - An unverified address never links to, nor creates, an account.
    /// - Returns: the user to sign in.
    /// - Throws: `.forbidden` when the address is missing or unverified, belongs to a staff account without this
    ///   link, or the account is deactivated.
    public func signIn(with identity: ProviderIdentity) async throws -> User {
        do {
            return try await signInOnce(with: identity)
        } catch let error where SQLUniqueViolation.matches(error) {
            // A concurrent first sign-in of the same person (or address) won the race: its link now exists.
            return try await signInOnce(with: identity)
        }
    }

    private func signInOnce(with identity: ProviderIdentity) async throws -> User {
        let at = now()
        return try await sqlWrite { sql in
            if var link = try Self.identity(sql, identity) {
                guard let user = try sql.find(User.self, id: link.userId) else {
                    throw HelpdeskError.forbidden("This account no longer exists.")
                }
                guard user.isActive else { throw HelpdeskError.forbidden("This account has been deactivated.") }
                link.lastSignInAt = at
                try sql.update(link)
                return user
            }

            guard let rawEmail = identity.email, !rawEmail.isEmpty else {
                throw HelpdeskError.forbidden(
                    "\(identity.providerTitle) did not share an e-mail address, so we cannot sign you in with it."
                )
            }
            guard identity.emailVerified else {
                throw HelpdeskError.forbidden(
                    "\(identity.providerTitle) has not verified the address \(rawEmail), so we cannot sign you in with it. "
                        + "Verify it there first, or sign in with your password."
                )
            }
            guard let email = try? InputValidation.normalizedEmail(rawEmail) else {
                throw HelpdeskError.forbidden("\(identity.providerTitle) gave an e-mail address we cannot use.")
            }

            var user: User
            let linksExisting: Bool
            if let existing = try Self.user(sql, email: email) {
                guard existing.isActive else { throw HelpdeskError.forbidden("This account has been deactivated.") }
                guard !existing.role.isStaff else { throw Self.staffAccountRefusal(provider: identity.providerTitle) }
                user = existing
                linksExisting = true
                if !user.isConfirmed {
                    // Whoever registered the address without confirming it did not prove they own it: their
                    // password stops working.
                    user.passwordHash = PasswordHasher.unusableHash
                    try self.markConfirmed(sql, &user, at: at)
                    try self.expireUnusedTokens(sql, userId: user.requiredID, purpose: .confirmEmail, at: at)
                }
            } else {
                linksExisting = false
                let fallback = String(email.split(separator: "@")[0])
                let name = (try? InputValidation.normalizedName(identity.name ?? "")) ?? fallback
                user = User(
                    role: .customer,
                    name: name,
                    email: email,
                    passwordHash: PasswordHasher.unusableHash,
                    isConfirmed: true,
                    createdAt: at
                )
                user.id = try sql.insert(user)
                try self.audit(
                    sql,
                    entity: "user",
                    entityId: "\(user.requiredID)",
                    actorId: user.id,
                    action: "registered",
                    after: identity.provider,
                    at: at
                )
            }
            try self.insertLink(sql, identity, to: user, email: email, at: at)
            if linksExisting { try self.mailIdentityLinked(sql, to: user, identity: identity, at: at) }
            return user
        }
    }

    /// Stores the link of `identity` to `user` and audits it.
    @discardableResult
    private func insertLink(_ sql: any SQLExecutor, _ identity: ProviderIdentity, to user: User, email: String, at: Date)
        throws -> Identity
    {
        var link = Identity(
            provider: identity.provider, subject: identity.subject, userId: user.requiredID, email: email, linkedAt: at,
            lastSignInAt: at)
        link.id = try sql.insert(link)
        try audit(
            sql, entity: "user", entityId: "\(user.requiredID)", actorId: user.id, action: "identityLinked",
            field: "identity", after: identity.provider, at: at)
        return link
    }

    /// The stored link of the provider identity, if any.
    private static func identity(_ sql: any SQLExecutor, _ identity: ProviderIdentity) throws -> Identity? {
        try sql.fetchOne(
            Identity.self, "SELECT * FROM identity WHERE provider = ? AND subject = ?", identity.provider, identity.subject)
    }

    /// The refusal of a provider sign-in whose verified address belongs to a staff account without that link.
    static func staffAccountRefusal(provider title: String) -> HelpdeskError {
        .forbidden(
            "This address belongs to a staff account. Sign in with your password, then link \(title) from your account page."
        )
    }

    /// Links a provider identity to `user` at their request, from their account page while signed in: the only way a
    /// staff account gets one. The provider's address need not be the account's, nor verified: the session proved
    /// the account, the provider proved the identity.
    /// - Returns: the link (the existing one when the identity is already linked to `user`).
    /// - Throws: `.conflict` when the identity is linked to another account; `.forbidden` for an inactive account.
    @discardableResult
    public func linkIdentity(_ identity: ProviderIdentity, to user: User) async throws -> Identity {
        let at = now()
        let conflict = HelpdeskError.conflict(
            "This \(identity.providerTitle) account is already linked to another account here, so it cannot be linked to yours."
        )
        do {
            return try await sqlWrite { sql in
                let user = try self.activeUser(sql, user)
                if let link = try Self.identity(sql, identity) {
                    guard link.userId == user.id else { throw conflict }
                    return link
                }
                let email = identity.email.flatMap { try? InputValidation.normalizedEmail($0) } ?? user.email
                return try self.insertLink(sql, identity, to: user, email: email, at: at)
            }
        } catch let error where SQLUniqueViolation.matches(error) {
            // Another account linked the same identity at the same moment.
            throw conflict
        }
    }

    /// Tells the owner of an existing account that a provider was linked to it by its verified address.
    func mailIdentityLinked(_ sql: any SQLExecutor, to user: User, identity: ProviderIdentity, at: Date) throws {
        let path = "/forgot-password"
        let title = identity.providerTitle
        try enqueueMail(
            sql,
            kind: .identityLinked,
            to: user.email,
            subject: "\(title) sign-in was linked to your account",
            body: """
                Hello \(user.name),

                \(title) sign-in was linked to your Customer Care Registry account, because \(title) vouched for this
                e-mail address. From now on you can sign in with \(title).

                If this wasn't you, reset your password here:
                \(link(path))
                """,
            payload: [
                "userId": "\(user.requiredID)", "path": path, "provider": identity.provider, "providerTitle": title,
            ],
            at: at
        )
    }

    /// The providers linked to a user, oldest link first.
    public func identities(ofUser userId: Int64) async throws -> [Identity] {
        try await sqlRead { sql in
            try sql.fetchAll(Identity.self, "SELECT * FROM identity WHERE userId = ? ORDER BY linkedAt, id", userId)
        }
    }
}
