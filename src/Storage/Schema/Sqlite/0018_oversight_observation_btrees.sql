-- Fewer B-trees per observation (issue 8, ingestion ≥ 50,000 observations/s). Each ingested observation wrote four
-- B-trees: the current table and its (subject, metric, period) index, the change table and its index. Now two:
-- * oversight_observation keeps its primary key (source, metric, subject, period), the key every write and lookup uses;
--   its subject index goes (the board reads the whole table at start; nothing reads it by subject).
-- * oversight_observation_change is keyed by (subject, batch_seq, item): one B-tree that serves the one read of it (a
--   subject's history, oldest first). (batch_seq, item) alone still names a change; subject follows from it.
-- Every row is kept.
DROP INDEX ix_oversight_observation_subject;

CREATE TABLE oversight_observation_change_by_subject
(
    subject   TEXT    NOT NULL,
    batch_seq INTEGER NOT NULL,
    item      INTEGER NOT NULL,
    source    TEXT    NOT NULL,
    metric    TEXT    NOT NULL,
    period    TEXT    NOT NULL,
    value     REAL    NOT NULL,
    previous  REAL    NULL,
    as_of     TEXT    NOT NULL,
    PRIMARY KEY (subject, batch_seq, item)
) WITHOUT ROWID;

INSERT INTO oversight_observation_change_by_subject (subject, batch_seq, item, source, metric, period, value, previous, as_of)
SELECT subject, batch_seq, item, source, metric, period, value, previous, as_of FROM oversight_observation_change;

DROP TABLE oversight_observation_change;

ALTER TABLE oversight_observation_change_by_subject RENAME TO oversight_observation_change;
