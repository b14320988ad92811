import SQLite

extension Schema {
    /// The AWS CLI and SDKs signing in through SSO-OIDC (issue 17): registered clients, device and PKCE
    /// authorizations waiting for their person, and CLI sessions with their refresh tokens.
    ///
    /// A CLI sign-in is a row of `portal_sessions` with a client: it is listed, ended, expired, pruned and
    /// ended with its user exactly as browser sessions are, by every path that already does that. Its
    /// `token_hash` is the current access token's; a browser cookie is never looked up among them, nor the
    /// other way round. Every secret (client secret, device code, user code, authorization code, token) is
    /// kept only as its SHA-256.
    static let cliSignInSchema = """
        CREATE TABLE oidc_clients (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 16 AND 64),
            secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64 AND secret_hash NOT GLOB '*[^0-9a-f]*'),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
            redirect_uris TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(redirect_uris) AND json_type(redirect_uris) = 'array'),
            grant_types TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(grant_types) AND json_type(grant_types) = 'array'),
            scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at)
        ) STRICT;
        CREATE INDEX oidc_clients_expiry ON oidc_clients (expires_at);

        -- Device authorizations (RFC 8628): the CLI polls with the device code, the person types or follows
        -- the user code. Decided once, by a signed-in person, and redeemed once.
        CREATE TABLE device_authorizations (
            device_code_hash TEXT PRIMARY KEY NOT NULL CHECK (length(device_code_hash) = 64 AND device_code_hash NOT GLOB '*[^0-9a-f]*'),
            user_code_hash TEXT NOT NULL UNIQUE CHECK (length(user_code_hash) = 64 AND user_code_hash NOT GLOB '*[^0-9a-f]*'),
            client_id TEXT NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            ip TEXT NOT NULL DEFAULT '' CHECK (length(ip) <= 64),
            user_agent TEXT NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
            user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
            auth_method TEXT CHECK (auth_method IS NULL OR auth_method IN ('password', 'password+totp', 'password+recovery', 'saml')),
            decided_at INTEGER,
            CHECK ((status = 'pending') = (decided_at IS NULL)),
            CHECK (status NOT IN ('approved', 'redeemed') OR (user_id IS NOT NULL AND auth_method IS NOT NULL))
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX device_authorizations_expiry ON device_authorizations (expires_at);
        CREATE INDEX device_authorizations_client ON device_authorizations (client_id);

        -- Authorization codes (RFC 6749 §4.1 with RFC 7636 PKCE): kept after use with the session they made,
        -- so a second use ends that session (RFC 6749 §4.1.2).
        CREATE TABLE authorization_codes (
            code_hash TEXT PRIMARY KEY NOT NULL CHECK (length(code_hash) = 64 AND code_hash NOT GLOB '*[^0-9a-f]*'),
            client_id TEXT NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            auth_method TEXT NOT NULL CHECK (auth_method IN ('password', 'password+totp', 'password+recovery', 'saml')),
            redirect_uri TEXT NOT NULL CHECK (length(redirect_uri) BETWEEN 1 AND 2048),
            code_challenge TEXT NOT NULL CHECK (length(code_challenge) = 43),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            redeemed_at INTEGER,
            session_id INTEGER REFERENCES portal_sessions (id) ON DELETE SET NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX authorization_codes_expiry ON authorization_codes (expires_at);
        CREATE INDEX authorization_codes_client ON authorization_codes (client_id);

        -- The client a CLI session belongs to, by id and by the name it registered with (shown on the session
        -- lists even after the registration expires and is pruned).
        ALTER TABLE portal_sessions ADD COLUMN cli_client_id TEXT CHECK (cli_client_id IS NULL OR length(cli_client_id) BETWEEN 16 AND 64);
        ALTER TABLE portal_sessions ADD COLUMN cli_client_name TEXT
            CHECK ((cli_client_name IS NULL) = (cli_client_id IS NULL) AND (cli_client_name IS NULL OR length(cli_client_name) BETWEEN 1 AND 128));

        -- Refresh tokens of CLI sessions. Each is used once: using it makes the next one. Using one again
        -- ends the session, since either the client or a thief holds a copy (RFC 9700 §4.14.2).
        CREATE TABLE cli_refresh_tokens (
            token_hash TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
            session_id INTEGER NOT NULL REFERENCES portal_sessions (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            used_at INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX cli_refresh_tokens_session ON cli_refresh_tokens (session_id);
        """
}
