-- Programme monitoring read model (issue 8). Written only by projections in the same transaction as the events
-- they follow from; rebuilt from the events by the admin command.
--
-- oversight_entity: one row per monitoring entity (contract, provincial office, e-service, agency, indicator);
--   state is the entity's state as JSON (views are computed from it on read, as of the day asked for);
--   units is a JSON array of the units that own it (the scoping rule).
-- oversight_observation: the current value of every (source, metric, subject, period); a resend replaces it.
--   value is the number (a date metric stores its day number); as_of is yyyy-MM-dd; batch_seq is the seq of the
--   ingestion event (stream "metrics") that last wrote it.
-- oversight_observation_change: every insert or replacement, with the value before (the figure's history).
CREATE TABLE oversight_entity
(
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    units      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT    NOT NULL,
    synthetic  INTEGER NOT NULL,
    state      TEXT    NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TABLE oversight_observation
(
    source      TEXT    NOT NULL,
    metric      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    period      TEXT    NOT NULL,
    value       REAL    NOT NULL,
    as_of       TEXT    NOT NULL,
    synthetic   INTEGER NOT NULL,
    batch_seq   INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (source, metric, subject, period)
) WITHOUT ROWID;

CREATE INDEX ix_oversight_observation_subject ON oversight_observation (subject, metric, period);

CREATE TABLE oversight_observation_change
(
    batch_seq INTEGER NOT NULL,
    item      INTEGER NOT NULL,
    source    TEXT    NOT NULL,
    metric    TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    period    TEXT    NOT NULL,
    value     REAL    NOT NULL,
    previous  REAL    NULL,
    as_of     TEXT    NOT NULL,
    PRIMARY KEY (batch_seq, item)
) WITHOUT ROWID;

CREATE INDEX ix_oversight_observation_change_subject ON oversight_observation_change (subject, metric, period);
