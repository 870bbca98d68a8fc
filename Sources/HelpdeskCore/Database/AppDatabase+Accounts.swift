import Foundation

extension AppDatabase {
    // MARK: - Registration and confirmation

    /// Registers a customer and writes the confirmation mail (24 h single-use link) in the same transaction.
    ///
    /// Whether or not the address already has an account, the caller sees the same success: for a known address the
    /// owner gets a "someone tried to register" mail instead, at most once per `registrationAttemptMailInterval`, so
    /// that repeated attempts cannot flood their inbox.
    /// - Throws: `.invalidInput` for a bad name, e-mail or password.
    public func register(name: String, email: String, password: String) async throws {
        let name = try InputValidation.normalizedName(name)
        let email = try InputValidation.normalizedEmail(email)
        try InputValidation.validatePassword(password, email: email)
        let hash = await passwordHasher.hash(password)
        let at = now()
        do {
            try await sqlWriteIndexed { sql in
                if let existing = try Self.user(sql, email: email) {
                    if try !self.mailedRegistrationAttempt(sql, to: existing.email, since: at - Self.registrationAttemptMailInterval) {
                        try self.mailRegistrationAttempt(sql, to: existing, at: at)
                    }
                    return
                }
                var user = User(role: .customer, name: name, email: email, passwordHash: hash, isConfirmed: false, createdAt: at)
                user.id = try sql.insert(user)
                try self.audit(sql, entity: "user", entityId: "\(user.requiredID)", actorId: user.id, action: "registered", at: at)
                try self.mailConfirmation(sql, to: user, at: at)
            }
        } catch let error where SQLUniqueViolation.matches(error) {
            // A concurrent registration with the same address won the race: same silent success.
            return
        }
    }

    /// Confirms the e-mail address of the token's owner.
    /// - Returns: the confirmed user.
    /// - Throws: `.invalidToken` when the link is unknown, used or expired.
    @discardableResult
    public func confirmEmail(token: String) async throws -> User {
        let at = now()
        return try await sqlWriteIndexed { sql in
            let row = try self.consumeToken(sql, token, purpose: .confirmEmail, at: at)
            guard var user = try sql.find(User.self, id: row.userId) else {
                throw HelpdeskError.invalidToken(reason: "This link is not valid.")
            }
            if !user.isConfirmed { try self.markConfirmed(sql, &user, at: at) }
            return user
        }
    }

    /// Confirms `user`'s e-mail address (saved, audited as the user's own act).
    func markConfirmed(_ sql: any SQLExecutor, _ user: inout User, at: Date) throws {
        user.isConfirmed = true
        try sql.update(user)
        try audit(
            sql,
            entity: "user",
            entityId: "\(user.requiredID)",
            actorId: user.id,
            action: "confirmed",
            field: "isConfirmed",
            before: "false",
            after: "true",
            at: at
        )
    }

    /// Sends a fresh confirmation link to an unconfirmed account; silently does nothing otherwise.
    public func resendConfirmation(email: String) async throws {
        guard let email = try? InputValidation.normalizedEmail(email) else { return }
        let at = now()
        try await sqlWriteIndexed { sql in
            guard let user = try Self.user(sql, email: email), !user.isConfirmed, user.isActive
            else { return }
            try self.mailFreshConfirmation(sql, to: user, at: at)
        }
    }

    /// Ends `user`'s unused confirmation links and mails a new one (the resend behind `resendConfirmation(email:)`
    /// and the admins' `resendConfirmation(customerId:by:)`).
    func mailFreshConfirmation(_ sql: any SQLExecutor, to user: User, at: Date) throws {
        try expireUnusedTokens(sql, userId: user.requiredID, purpose: .confirmEmail, at: at)
        try mailConfirmation(sql, to: user, at: at)
    }

    // MARK: - Login

    /// Checks an e-mail and password.
    /// - Returns: the signed-in user.
    /// - Throws: `.invalidCredentials` for an unknown address or a wrong password alike (with the same timing);
    ///   `.unconfirmedAccount` when the password is right but the address is not confirmed (offer
    ///   `resendConfirmation`); `.forbidden` for a deactivated account.
    public func login(email: String, password: String) async throws -> User {
        guard let email = try? InputValidation.normalizedEmail(email) else {
            await passwordHasher.verifyAgainstDummy(password)
            throw HelpdeskError.invalidCredentials
        }
        let user = try await sqlRead { sql in try Self.user(sql, email: email) }
        guard let user else {
            await passwordHasher.verifyAgainstDummy(password)
            throw HelpdeskError.invalidCredentials
        }
        guard await passwordHasher.verify(password, hash: user.passwordHash) else {
            throw HelpdeskError.invalidCredentials
        }
        guard user.isActive else { throw HelpdeskError.forbidden("This account has been deactivated.") }
        guard user.isConfirmed else { throw HelpdeskError.unconfirmedAccount(email: user.email) }
        return user
    }

    // MARK: - Password reset

    /// Writes a password-reset mail (1 h single-use link) when the address belongs to an active account; the answer
    /// is the same either way.
    public func requestPasswordReset(email: String) async throws {
        guard let email = try? InputValidation.normalizedEmail(email) else { return }
        let at = now()
        try await sqlWriteIndexed { sql in
            guard let user = try Self.user(sql, email: email), user.isActive else { return }
            try self.expireUnusedTokens(sql, userId: user.requiredID, purpose: .resetPassword, at: at)
            let token = try self.issueToken(
                sql,
                userId: user.requiredID,
                purpose: .resetPassword,
                lifetime: self.configuration.passwordResetLifetime,
                at: at
            )
            let path = "/reset-password?token=\(token)"
            try self.enqueueMail(
                sql,
                kind: .passwordReset,
                to: user.email,
                subject: "Reset your password",
                body: """
                    Hello \(user.name),

                    Someone asked to reset the password of your Customer Care Registry account.
                    Choose a new password here (the link works once, for one hour):
                    \(self.link(path))

                    If it wasn't you, ignore this mail; your password stays as it is.
                    """,
                payload: ["token": token, "path": path, "userId": "\(user.requiredID)"],
                at: at
            )
        }
    }

    /// Sets a new password with a reset (or invitation) token. Also confirms the address, since the owner proved
    /// they read its mail, and in the same transaction signs out every session of the account, revokes all of its
    /// API tokens and unlinks its sign-in providers (whoever held the old password may have made or linked some; a
    /// customer's provider links again by its verified address at the next provider sign-in, staff link theirs again
    /// from the account page).
    /// - Throws: `.invalidToken` for an unknown, used or expired link; `.invalidInput(field: "password", …)`.
    @discardableResult
    public func resetPassword(token: String, newPassword: String) async throws -> User {
        let tokenHash = SecureToken.hash(token)
        let owner = try await sqlRead { sql in
            try sql.fetchOne(
                User.self,
                """
                SELECT "user".* FROM "user" JOIN oneTimeToken ON oneTimeToken.userId = "user".id
                WHERE oneTimeToken.tokenHash = ? AND oneTimeToken.purpose = ?
                """,
                tokenHash, TokenPurpose.resetPassword.rawValue
            )
        }
        guard let owner else { throw HelpdeskError.invalidToken(reason: "This link is not valid.") }
        try InputValidation.validatePassword(newPassword, email: owner.email)
        let hash = await passwordHasher.hash(newPassword)
        let at = now()
        return try await sqlWriteIndexed { sql in
            let row = try self.consumeToken(sql, token, purpose: .resetPassword, at: at)
            guard var user = try sql.find(User.self, id: row.userId), user.isActive else {
                throw HelpdeskError.invalidToken(reason: "This link is not valid.")
            }
            user.passwordHash = hash
            user.mustChangePassword = false
            user.isConfirmed = true
            try sql.update(user)
            try self.expireUnusedTokens(sql, userId: user.requiredID, purpose: .resetPassword, at: at)
            try self.revokeCredentials(sql, userId: user.requiredID, keepingSession: nil, at: at)
            // A linked sign-in provider is a way in too: whoever held the account may have linked their own.
            let unlinked = try sql.execute("DELETE FROM identity WHERE userId = ?", user.requiredID)
            if unlinked > 0 {
                try self.audit(
                    sql, entity: "user", entityId: "\(user.requiredID)", actorId: user.id, action: "identitiesUnlinked",
                    after: "\(unlinked)", at: at)
            }
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(user.requiredID)",
                actorId: user.id,
                action: "passwordReset",
                field: "passwordHash",
                at: at
            )
            return user
        }
    }

    /// Changes the password of a signed-in user who knows the current one. In the same transaction every API token
    /// of the account is revoked and every session but `keptSession` ends, so that a stolen session or token does
    /// not outlive the change.
    /// - Parameters:
    ///   - user: the signed-in user.
    ///   - current: their current password.
    ///   - newPassword: the new password.
    ///   - keptSession: the session store's id of the session making the change (it stays signed in); nil ends all.
    /// - Throws: `.invalidInput(field: "currentPassword", …)` for a wrong current password (or a deactivated
    ///   account); `.invalidInput(field: "password", …)` for a weak new one.
    public func changePassword(
        for user: User,
        current: String,
        new newPassword: String,
        keepingSession keptSession: String? = nil
    ) async throws {
        let stored = try await sqlRead { sql in try user.id.flatMap { try sql.find(User.self, id: $0) } }
        guard let stored, stored.isActive, await passwordHasher.verify(current, hash: stored.passwordHash) else {
            throw HelpdeskError.invalidInput(field: "currentPassword", message: "The current password is wrong.")
        }
        try InputValidation.validatePassword(newPassword, email: stored.email)
        let hash = await passwordHasher.hash(newPassword)
        let at = now()
        try await sqlWriteIndexed { sql in
            try sql.execute(#"UPDATE "user" SET passwordHash = ?, mustChangePassword = ? WHERE id = ?"#, hash, false, stored.id)
            try self.revokeCredentials(sql, userId: stored.requiredID, keepingSession: keptSession, at: at)
            try self.audit(
                sql,
                entity: "user",
                entityId: "\(stored.requiredID)",
                actorId: stored.id,
                action: "passwordChanged",
                field: "passwordHash",
                at: at
            )
        }
    }

    // MARK: - First start

    /// Creates the first admin when there is no admin yet.
    /// - Parameters:
    ///   - email: the admin's address.
    ///   - password: a password to use; when nil a random one is generated.
    /// - Returns: the generated password, exactly once (when this call created the admin with a generated
    ///   password); nil when an admin already existed or `password` was given.
    public func ensureInitialAdmin(
        email: String,
        password: String? = nil,
        name: String = "Administrator"
    ) async throws
        -> String?
    {
        let email = try InputValidation.normalizedEmail(email)
        let exists = try await sqlRead { sql in try Self.adminCount(sql) > 0 }
        if exists { return nil }
        let chosen: String
        if let password {
            try InputValidation.validatePassword(password, email: email)
            chosen = password
        } else {
            chosen = Self.generatePassword()
        }
        let hash = await passwordHasher.hash(chosen)
        let at = now()
        let created = try await sqlWriteIndexed { sql -> Bool in
            guard try Self.adminCount(sql) == 0 else { return false }
            // A generated password is printed once at start: its owner must replace it on first sign-in.
            if var existing = try Self.user(sql, email: email) {
                existing.role = .admin
                existing.passwordHash = hash
                existing.isConfirmed = true
                existing.isActive = true
                existing.mustChangePassword = password == nil
                try sql.update(existing)
            } else {
                var admin = User(
                    role: .admin, name: name, email: email, passwordHash: hash, isConfirmed: true, createdAt: at,
                    mustChangePassword: password == nil)
                admin.id = try sql.insert(admin)
            }
            return true
        }
        return created && password == nil ? chosen : nil
    }


    /// A random password that satisfies the password rules.
    static func generatePassword() -> String {
        while true {
            let candidate = SecureToken.generate(byteCount: 15)
            let hasLower = candidate.contains(where: \.isLowercase)
            let hasUpper = candidate.contains(where: \.isUppercase)
            let hasDigit = candidate.contains(where: \.isNumber)
            if hasLower && hasUpper && hasDigit { return candidate }
        }
    }

    // MARK: - Users

    /// The user with `id`.
    /// - Throws: `.notFound`.
    public func user(id: Int64) async throws -> User {
        guard let user = try await sqlRead({ sql in try sql.find(User.self, id: id) }) else {
            throw HelpdeskError.notFound(entity: "user", id: "\(id)")
        }
        return user
    }

    /// Users of one role (or all), by name. Admins only.
    /// - Throws: `.forbidden` unless `viewer` is an admin.
    public func users(role: UserRole? = nil, for viewer: User) async throws -> [User] {
        try Permissions.requireAdmin(viewer)
        return try await sqlRead { sql in
            if let role {
                return try sql.fetchAll(User.self, #"SELECT * FROM "user" WHERE role = ? ORDER BY name, id"#, role.rawValue)
            }
            return try sql.fetchAll(User.self, #"SELECT * FROM "user" ORDER BY name, id"#)
        }
    }

    // MARK: - Mail helpers

    /// Writes the confirmation mail with a fresh single-use link (`confirmationLifetime`).
    func mailConfirmation(_ sql: any SQLExecutor, to user: User, at: Date) throws {
        let token = try issueToken(
            sql,
            userId: user.requiredID,
            purpose: .confirmEmail,
            lifetime: configuration.confirmationLifetime,
            at: at
        )
        let path = "/confirm?token=\(token)"
        try enqueueMail(
            sql,
            kind: .confirmEmail,
            to: user.email,
            subject: "Confirm your e-mail address",
            body: """
                Hello \(user.name),

                Welcome to Customer Care Registry. Confirm your e-mail address by opening this link
                (it works once, within 24 hours):
                \(link(path))
                """,
            payload: ["token": token, "path": path, "userId": "\(user.requiredID)"],
            at: at
        )
    }

    /// The shortest time between two "someone tried to register with your address" mails to one address: a day.
    public static let registrationAttemptMailInterval: TimeInterval = 86_400

    /// Whether a "someone tried to register" mail to `recipient` was written at or after `since`.
    func mailedRegistrationAttempt(_ sql: any SQLExecutor, to recipient: String, since: Date) throws -> Bool {
        try sql.row(
            "SELECT EXISTS (SELECT 1 FROM outboxMail WHERE kind = ? AND recipient = ? AND createdAt >= ?) AS found",
            MailKind.registrationAttempt.rawValue, recipient, since
        )?.bool("found") ?? false
    }

    /// Writes the "someone tried to register with your address" mail to `user`.
    func mailRegistrationAttempt(_ sql: any SQLExecutor, to user: User, at: Date) throws {
        try enqueueMail(
            sql,
            kind: .registrationAttempt,
            to: user.email,
            subject: "Someone tried to register with your address",
            body: """
                Hello \(user.name),

                Someone tried to create a Customer Care Registry account with this e-mail address, which already has
                one. If it was you, sign in instead, or reset your password here:
                \(link("/forgot-password"))

                If it wasn't you, you can ignore this mail.
                """,
            payload: ["userId": "\(user.requiredID)", "path": "/forgot-password"],
            at: at
        )
    }

    /// Marks `userId`'s unused tokens of `purpose` used, so that only a link issued after this works.
    func expireUnusedTokens(_ sql: any SQLExecutor, userId: Int64, purpose: TokenPurpose, at: Date) throws {
        try sql.execute(
            "UPDATE oneTimeToken SET usedAt = ? WHERE userId = ? AND purpose = ? AND usedAt IS NULL", at, userId,
            purpose.rawValue)
    }

    /// The user with the (normalised) address `email`.
    static func user(_ sql: any SQLExecutor, email: String) throws -> User? {
        try sql.fetchOne(User.self, #"SELECT * FROM "user" WHERE email = ?"#, email)
    }

    /// How many admin accounts there are, active or not.
    static func adminCount(_ sql: any SQLExecutor) throws -> Int64 {
        try sql.int64(#"SELECT COUNT(*) FROM "user" WHERE role = ?"#, UserRole.admin.rawValue) ?? 0
    }
}
