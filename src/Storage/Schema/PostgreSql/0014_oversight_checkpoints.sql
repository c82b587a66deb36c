-- Checkpoints over every event stream (ADR 7): a Merkle root over all stream heads, chained checkpoint to checkpoint.
--
-- oversight_checkpoint: one row per checkpoint. hash = sha256("checkpoint" \n sequence \n created_at \n streams \n
--   events \n root \n prev_hash) in lowercase hex; prev_hash is the previous checkpoint's hash (64 zeros for the first).
-- oversight_checkpoint_leaf: the streams that moved since the previous checkpoint, with the head (last_seq, last_hash)
--   this checkpoint committed to; the full set of checkpoint N is, per stream, its row with the largest
--   checkpoint_seq <= N.
-- Both tables are append-only, like the events.

CREATE TABLE oversight_checkpoint
(
    sequence   bigint NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    created_at text   NOT NULL,
    streams    bigint NOT NULL,
    events     bigint NOT NULL,
    root       text   NOT NULL,
    prev_hash  text   NOT NULL,
    hash       text   NOT NULL
);

CREATE TABLE oversight_checkpoint_leaf
(
    stream_id      text   NOT NULL,
    checkpoint_seq bigint NOT NULL,
    last_seq       bigint NOT NULL,
    last_hash      text   NOT NULL,
    PRIMARY KEY (stream_id, checkpoint_seq)
);

CREATE INDEX ix_oversight_checkpoint_leaf_seq ON oversight_checkpoint_leaf (checkpoint_seq);

CREATE FUNCTION oversight_checkpoint_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $func$
BEGIN
    RAISE EXCEPTION 'checkpoints are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$func$;

CREATE TRIGGER oversight_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON oversight_checkpoint
FOR EACH ROW EXECUTE FUNCTION oversight_checkpoint_append_only();

CREATE TRIGGER oversight_checkpoint_no_truncate BEFORE TRUNCATE ON oversight_checkpoint
FOR EACH STATEMENT EXECUTE FUNCTION oversight_checkpoint_append_only();

CREATE TRIGGER oversight_checkpoint_leaf_no_update_delete BEFORE UPDATE OR DELETE ON oversight_checkpoint_leaf
FOR EACH ROW EXECUTE FUNCTION oversight_checkpoint_append_only();

CREATE TRIGGER oversight_checkpoint_leaf_no_truncate BEFORE TRUNCATE ON oversight_checkpoint_leaf
FOR EACH STATEMENT EXECUTE FUNCTION oversight_checkpoint_append_only();
