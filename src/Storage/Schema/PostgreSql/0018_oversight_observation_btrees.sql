-- Fewer B-trees per observation (issue 8): see the SQLite script. The current table loses its subject index; the
-- change table is keyed by (subject, batch_seq, item), one index instead of two. Every row is kept.
DROP INDEX ix_oversight_observation_subject;

DROP INDEX ix_oversight_observation_change_subject;

ALTER TABLE oversight_observation_change DROP CONSTRAINT oversight_observation_change_pkey;

ALTER TABLE oversight_observation_change ADD CONSTRAINT oversight_observation_change_pkey PRIMARY KEY (subject, batch_seq, item);
