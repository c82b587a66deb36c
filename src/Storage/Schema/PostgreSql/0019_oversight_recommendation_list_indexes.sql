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

-- During a rolling upgrade, silos of the previous release still write unit rows with only (unit, recommendation_id):
-- the defaults keep those inserts valid, and this trigger copies the columns from the summary row that the same
-- transaction has just written (RecommendationProjection writes the summary first).
CREATE FUNCTION oversight_recommendation_unit_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT s.report_id, s.sort_order, s.code, s.status, s.due_date
    INTO NEW.report_id, NEW.sort_order, NEW.code, NEW.status, NEW.due_date
    FROM oversight_recommendation_summary s WHERE s.id = NEW.recommendation_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER oversight_recommendation_unit_fill BEFORE INSERT ON oversight_recommendation_unit
FOR EACH ROW WHEN (NEW.report_id = '') EXECUTE FUNCTION oversight_recommendation_unit_fill();

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
