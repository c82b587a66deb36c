-- Recommendation read model: one row per recommendation, upserted in the same transaction as the events that
-- changed it (IEventStore.AppendAsync with a summary).
--
-- units: the unit codes as a JSON array text (e.g. ["ICT","SPD"]), kept in the caller's order for display.
-- oversight_recommendation_unit: one row per (unit, recommendation) so "unit = X" is an exact, indexed lookup
--   (primary key starts with unit) instead of a LIKE scan. It is rewritten together with the summary row.
-- due_date: 'yyyy-MM-dd' text (sorts and compares as a date). updated_at: ISO-8601 UTC text with 7 decimals.

CREATE TABLE oversight_recommendation_summary
(
    id           TEXT    NOT NULL PRIMARY KEY,
    report_id    TEXT    NOT NULL,
    code         TEXT    NOT NULL,
    finding_code TEXT    NOT NULL,
    parent_id    TEXT    NULL,
    sort_order   INTEGER NOT NULL,
    title_th     TEXT    NOT NULL,
    title_en     TEXT    NOT NULL,
    units        TEXT    NOT NULL,
    response     TEXT    NULL,
    status       TEXT    NOT NULL,
    progress     INTEGER NOT NULL,
    due_date     TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL
);

CREATE INDEX ix_oversight_rec_report ON oversight_recommendation_summary (report_id, sort_order, code);
CREATE INDEX ix_oversight_rec_status ON oversight_recommendation_summary (status, due_date);
CREATE INDEX ix_oversight_rec_due ON oversight_recommendation_summary (due_date);

CREATE TABLE oversight_recommendation_unit
(
    unit              TEXT NOT NULL,
    recommendation_id TEXT NOT NULL,
    PRIMARY KEY (unit, recommendation_id)
) WITHOUT ROWID;

CREATE INDEX ix_oversight_rec_unit_rec ON oversight_recommendation_unit (recommendation_id);
