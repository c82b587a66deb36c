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
    sequence   INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    created_at TEXT    NOT NULL,
    streams    INTEGER NOT NULL,
    events     INTEGER NOT NULL,
    root       TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);

CREATE TABLE oversight_checkpoint_leaf
(
    stream_id      TEXT    NOT NULL,
    checkpoint_seq INTEGER NOT NULL,
    last_seq       INTEGER NOT NULL,
    last_hash      TEXT    NOT NULL,
    PRIMARY KEY (stream_id, checkpoint_seq)
) WITHOUT ROWID;

CREATE INDEX ix_oversight_checkpoint_leaf_seq ON oversight_checkpoint_leaf (checkpoint_seq);

CREATE TRIGGER oversight_checkpoint_no_update BEFORE UPDATE ON oversight_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE on oversight_checkpoint is not allowed');
END;

CREATE TRIGGER oversight_checkpoint_no_delete BEFORE DELETE ON oversight_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE on oversight_checkpoint is not allowed');
END;

CREATE TRIGGER oversight_checkpoint_leaf_no_update BEFORE UPDATE ON oversight_checkpoint_leaf
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE on oversight_checkpoint_leaf is not allowed');
END;

CREATE TRIGGER oversight_checkpoint_leaf_no_delete BEFORE DELETE ON oversight_checkpoint_leaf
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE on oversight_checkpoint_leaf is not allowed');
END;
