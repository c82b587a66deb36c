-- When each API key was last used (issue 8): written by the key directory a few times a minute at most, so that
-- "last used" survives a restart. Not part of the audit trail (a use is not a change); creation and revocation are.
CREATE TABLE oversight_api_key_use
(
    key_id       text NOT NULL PRIMARY KEY,
    last_used_at text NOT NULL
);
