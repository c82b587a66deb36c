-- Append-only, hash-chained event store (the audit trail).
--
-- oversight_event: one row per event. position is the global order; (stream_id, seq) is unique and seq starts at 1.
--   recorded_at is the exact ISO-8601 UTC text "yyyy-MM-ddTHH:mm:ss.fffffffZ" that went into the hash
--   (text, not timestamptz: timestamptz keeps microseconds only and would not round-trip .NET ticks);
--   payload is the JSON text exactly as given (text, not jsonb, so it is stored and hashed verbatim).
--   hash = sha256(prev_hash \n stream_id \n seq \n event_type \n recorded_at \n actor \n payload), lowercase hex.
-- oversight_stream_head: the last seq/hash of each stream, written in the same transaction as the events, so a
--   verifier can tell a deleted tail (or rows added behind the store's back) from a genuinely shorter stream.
-- Triggers reject UPDATE, DELETE and TRUNCATE on oversight_event: "history is append-only".

CREATE TABLE oversight_event
(
    position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   text   NOT NULL,
    seq         bigint NOT NULL CHECK (seq >= 1),
    event_type  text   NOT NULL,
    recorded_at text   NOT NULL,
    actor       text   NOT NULL,
    payload     text   NOT NULL,
    prev_hash   text   NOT NULL,
    hash        text   NOT NULL,
    CONSTRAINT uq_oversight_event_stream_seq UNIQUE (stream_id, seq)
);

CREATE TABLE oversight_stream_head
(
    stream_id text   NOT NULL PRIMARY KEY,
    last_seq  bigint NOT NULL,
    last_hash text   NOT NULL
);

CREATE FUNCTION oversight_event_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $func$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on oversight_event is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$func$;

CREATE TRIGGER oversight_event_no_update_delete
BEFORE UPDATE OR DELETE ON oversight_event
FOR EACH ROW EXECUTE FUNCTION oversight_event_append_only();

CREATE TRIGGER oversight_event_no_truncate
BEFORE TRUNCATE ON oversight_event
FOR EACH STATEMENT EXECUTE FUNCTION oversight_event_append_only();
