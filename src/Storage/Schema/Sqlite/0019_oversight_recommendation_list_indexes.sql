-- Lists that cost index entries, not rows (issue 10: a filtered list at 100,000 recommendations ≤ 100 ms p95).
-- A list counts every match and skips to its page. Before, both read a summary row per candidate: a unit's list of
-- 13,406 overdue items took 236 ms at page 1 and 363 ms at its last page.
-- * oversight_recommendation_unit carries what a unit's list filters and sorts on (report, order, code, status, due
--   date), written with the summary row by the same append transaction (RecommendationProjection), and an index in
--   list order that covers every filter: a unit's list is one range of one index.
-- * The summary's report index gains id, status and due date, so any other list walks that index alone. The status
--   and due-date indexes go: only lists used them, and a list by status through them read a row per match to sort it.
-- * Background jobs page by id (keyset) over open statuses: (id, status) lets them count what is left without rows.
-- The summary rows of the page are then read by id. Every row is kept.
CREATE TABLE oversight_recommendation_unit_list
(
    unit              TEXT    NOT NULL,
    recommendation_id TEXT    NOT NULL,
    report_id         TEXT    NOT NULL,
    sort_order        INTEGER NOT NULL,
    code              TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    due_date          TEXT    NOT NULL,
    PRIMARY KEY (unit, recommendation_id)
) WITHOUT ROWID;

INSERT INTO oversight_recommendation_unit_list (unit, recommendation_id, report_id, sort_order, code, status, due_date)
SELECT u.unit, u.recommendation_id, s.report_id, s.sort_order, s.code, s.status, s.due_date
FROM oversight_recommendation_unit u
JOIN oversight_recommendation_summary s ON s.id = u.recommendation_id;

DROP TABLE oversight_recommendation_unit;

ALTER TABLE oversight_recommendation_unit_list RENAME TO oversight_recommendation_unit;

CREATE INDEX ix_oversight_rec_unit_rec ON oversight_recommendation_unit (recommendation_id);
CREATE INDEX ix_oversight_rec_unit_list ON oversight_recommendation_unit (unit, report_id, sort_order, code, recommendation_id, status, due_date);

DROP INDEX ix_oversight_rec_status;
DROP INDEX ix_oversight_rec_due;
DROP INDEX ix_oversight_rec_report;
CREATE INDEX ix_oversight_rec_report ON oversight_recommendation_summary (report_id, sort_order, code, id, status, due_date);
CREATE INDEX ix_oversight_rec_keyset ON oversight_recommendation_summary (id, status);
