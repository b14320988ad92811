import SQLite

extension Schema {
    /// Reset links follow security keys and recovery codes too. 0009's triggers end a link when the password,
    /// the status or an authenticator app changes; keys came later (0018), and an admin's MFA reset of someone
    /// with keys alone deletes keys and recovery codes without touching an app, so a link made before kept
    /// working.
    static let keyResetLinksSchema = """
        CREATE TRIGGER reset_links_end_on_key_added AFTER INSERT ON webauthn_credentials
            BEGIN DELETE FROM password_reset_tokens WHERE user_id = NEW.user_id AND used_at IS NULL; END;
        CREATE TRIGGER reset_links_end_on_key_removed AFTER DELETE ON webauthn_credentials
            BEGIN DELETE FROM password_reset_tokens WHERE user_id = OLD.user_id AND used_at IS NULL; END;
        CREATE TRIGGER reset_links_end_on_recovery_codes_removed AFTER DELETE ON recovery_codes
            BEGIN DELETE FROM password_reset_tokens WHERE user_id = OLD.user_id AND used_at IS NULL; END;
        """
}
