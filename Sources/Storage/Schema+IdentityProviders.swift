import SQLite

extension Schema {
    /// SAML identity providers people sign in through, and the short-lived state of their sign-ins (issue 16).
    static let identityProviderSchema = """
        CREATE TABLE identity_providers (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
            key TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 32 AND key NOT GLOB '*[^a-z0-9_-]*'),
            name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
            entity_id TEXT NOT NULL UNIQUE CHECK (length(entity_id) BETWEEN 1 AND 1024),
            sso_url TEXT NOT NULL CHECK (length(sso_url) BETWEEN 8 AND 2048),
            certificates TEXT NOT NULL CHECK (json_valid(certificates) AND json_type(certificates) = 'array'),
            email_domains TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(email_domains) AND json_type(email_domains) = 'array'),
            allows_password_sign_in INTEGER NOT NULL DEFAULT 1 CHECK (allows_password_sign_in IN (0, 1)),
            attributes TEXT NOT NULL CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
            allows_idp_initiated INTEGER NOT NULL DEFAULT 0 CHECK (allows_idp_initiated IN (0, 1)),
            creates_users INTEGER NOT NULL DEFAULT 0 CHECK (creates_users IN (0, 1)),
            trusts_mfa INTEGER NOT NULL DEFAULT 0 CHECK (trusts_mfa IN (0, 1)),
            encrypts_assertions INTEGER NOT NULL DEFAULT 0 CHECK (encrypts_assertions IN (0, 1))
        ) STRICT;

        -- SP-initiated sign-ins waiting for their answer: the AuthnRequest's ID, the browser that asked (the
        -- SHA-256 of a random value in its cookie), and where it was going. Used once.
        CREATE TABLE saml_authn_requests (
            request_id TEXT PRIMARY KEY NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
            identity_provider_id TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
            browser_hash TEXT NOT NULL CHECK (length(browser_hash) = 64),
            return_to TEXT NOT NULL DEFAULT '' CHECK (length(return_to) <= 2048),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at)
        ) STRICT;
        CREATE INDEX saml_authn_requests_expiry ON saml_authn_requests (expires_at);

        -- Assertions already used, kept until they expire, so a replayed one is refused.
        CREATE TABLE saml_consumed_assertions (
            identity_provider_id TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
            assertion_id TEXT NOT NULL CHECK (length(assertion_id) BETWEEN 1 AND 256),
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (identity_provider_id, assertion_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX saml_consumed_assertions_expiry ON saml_consumed_assertions (expires_at);

        -- A checked assertion waiting for its browser. The assertion consumer service answers a cross-site POST,
        -- which carries no SameSite=Lax cookie, so the browser binding is checked and the session made on the
        -- same-site GET it redirects to, which presents this one-time token (stored as its hash).
        CREATE TABLE saml_pending_sign_ins (
            token_hash TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64),
            identity_provider_id TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            request_id TEXT,
            mfa_satisfied INTEGER NOT NULL CHECK (mfa_satisfied IN (0, 1)),
            session_index TEXT CHECK (session_index IS NULL OR length(session_index) <= 256),
            return_to TEXT NOT NULL DEFAULT '' CHECK (length(return_to) <= 2048),
            expires_at INTEGER NOT NULL
        ) STRICT;

        -- Which identity provider a session came from, and its SessionIndex, so a LogoutRequest can name it.
        ALTER TABLE portal_sessions ADD COLUMN identity_provider_id TEXT REFERENCES identity_providers (id) ON DELETE SET NULL;
        ALTER TABLE portal_sessions ADD COLUMN saml_session_index TEXT;
        CREATE INDEX portal_sessions_identity_provider ON portal_sessions (identity_provider_id) WHERE identity_provider_id IS NOT NULL;
        """
}
