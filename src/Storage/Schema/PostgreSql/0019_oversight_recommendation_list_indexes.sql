-- Lists that cost index entries, not rows (issue 10): see the SQLite script. The unit table carries what a unit's list
-- filters and sorts on, with an index in list order that covers every filter; the summary's report index gains id,
-- status and due date; the status and due-date indexes go; jobs' keyset pages get (id) INCLUDE (status). Every row is kept.
ALTER TABLE oversight_recommendation_unit
    ADD COLUMN report_id  text    NOT NULL DEFAULT '',
    ADD COLUMN sort_order integer NOT NULL DEFAULT 0,
    ADD COLUMN code       text    NOT NULL DEFAULT '',
    ADD COLUMN status     text    NOT NULL DEFAULT '',
    ADD COLUMN due_date   date    NOT NULL DEFAULT '0001-01-01';

UPDATE oversight_recommendation_unit u
SET report_id = s.report_id, sort_order = s.sort_order, code = s.code, status = s.status, due_date = s.due_date
FROM oversight_recommendation_summary s
WHERE s.id = u.recommendation_id;

ALTER TABLE oversight_recommendation_unit
    ALTER COLUMN report_id DROP DEFAULT,
    ALTER COLUMN sort_order DROP DEFAULT,
    ALTER COLUMN code DROP DEFAULT,
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN due_date DROP DEFAULT;

CREATE INDEX ix_oversight_rec_unit_list ON oversight_recommendation_unit (unit, report_id, sort_order, code, recommendation_id) INCLUDE (status, due_date);

DROP INDEX ix_oversight_rec_status;
DROP INDEX ix_oversight_rec_due;
DROP INDEX ix_oversight_rec_report;
CREATE INDEX ix_oversight_rec_report ON oversight_recommendation_summary (report_id, sort_order, code, id) INCLUDE (status, due_date);
CREATE INDEX ix_oversight_rec_keyset ON oversight_recommendation_summary (id) INCLUDE (status);

-- Lists are index-only scans only while the visibility map is current: the daily overdue run updates most open rows at
-- once, so these two tables are vacuumed after 2 % of their rows changed (the default waits for 20 %).
ALTER TABLE oversight_recommendation_summary SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE oversight_recommendation_unit SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
