-- Programme monitoring read model (issue 8). Written only by projections in the same transaction as the events
-- they follow from; rebuilt from the events by the admin command. See the SQLite script for the columns.
CREATE TABLE oversight_entity
(
    kind       text    NOT NULL,
    id         text    NOT NULL,
    units      text    NOT NULL,
    version    bigint  NOT NULL,
    updated_at text    NOT NULL,
    synthetic  boolean NOT NULL,
    state      text    NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE oversight_observation
(
    source      text             NOT NULL,
    metric      text             NOT NULL,
    subject     text             NOT NULL,
    period      text             NOT NULL,
    value       double precision NOT NULL,
    as_of       text             NOT NULL,
    synthetic   boolean          NOT NULL,
    batch_seq   bigint           NOT NULL,
    recorded_at text             NOT NULL,
    PRIMARY KEY (source, metric, subject, period)
);

CREATE INDEX ix_oversight_observation_subject ON oversight_observation (subject, metric, period);

CREATE TABLE oversight_observation_change
(
    batch_seq bigint           NOT NULL,
    item      integer          NOT NULL,
    source    text             NOT NULL,
    metric    text             NOT NULL,
    subject   text             NOT NULL,
    period    text             NOT NULL,
    value     double precision NOT NULL,
    previous  double precision NULL,
    as_of     text             NOT NULL,
    PRIMARY KEY (batch_seq, item)
);

CREATE INDEX ix_oversight_observation_change_subject ON oversight_observation_change (subject, metric, period);
