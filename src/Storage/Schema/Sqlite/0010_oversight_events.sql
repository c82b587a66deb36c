-- Append-only, hash-chained event store (the audit trail).
--
-- oversight_event: one row per event. position is the global order; (stream_id, seq) is unique and seq starts at 1.
--   recorded_at is the exact ISO-8601 UTC text "yyyy-MM-ddTHH:mm:ss.fffffffZ" that went into the hash;
--   payload is the JSON text exactly as given (stored and hashed verbatim).
--   hash = sha256(prev_hash \n stream_id \n seq \n event_type \n recorded_at \n actor \n payload), lowercase hex.
-- oversight_stream_head: the last seq/hash of each stream, written in the same transaction as the events, so a
--   verifier can tell a deleted tail (or rows added behind the store's back) from a genuinely shorter stream.
-- Triggers reject UPDATE and DELETE on oversight_event: "history is append-only".

CREATE TABLE oversight_event
(
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    event_type  TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    CONSTRAINT uq_oversight_event_stream_seq UNIQUE (stream_id, seq)
);

CREATE TABLE oversight_stream_head
(
    stream_id TEXT    NOT NULL PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    last_hash TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER oversight_event_no_update
BEFORE UPDATE ON oversight_event
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: UPDATE on oversight_event is not allowed');
END;

CREATE TRIGGER oversight_event_no_delete
BEFORE DELETE ON oversight_event
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: DELETE on oversight_event is not allowed');
END;
