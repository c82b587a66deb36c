-- Recommendation read model: one row per recommendation, upserted in the same transaction as the events that
-- changed it (IEventStore.AppendAsync with a summary).
--
-- units: the unit codes as a JSON array text (e.g. ["ICT","SPD"]), kept in the caller's order for display.
-- oversight_recommendation_unit: one row per (unit, recommendation) so "unit = X" is an exact, indexed lookup
--   (primary key starts with unit) instead of a LIKE scan. It is rewritten together with the summary row.
-- updated_at: ISO-8601 UTC text with 7 decimals (exact .NET round trip; timestamptz keeps microseconds only).

CREATE TABLE oversight_recommendation_summary
(
    id           text    NOT NULL PRIMARY KEY,
    report_id    text    NOT NULL,
    code         text    NOT NULL,
    finding_code text    NOT NULL,
    parent_id    text    NULL,
    sort_order   integer NOT NULL,
    title_th     text    NOT NULL,
    title_en     text    NOT NULL,
    units        text    NOT NULL,
    response     text    NULL,
    status       text    NOT NULL,
    progress     integer NOT NULL,
    due_date     date    NOT NULL,
    version      bigint  NOT NULL,
    updated_at   text    NOT NULL,
    updated_by   text    NOT NULL
);

CREATE INDEX ix_oversight_rec_report ON oversight_recommendation_summary (report_id, sort_order, code);
CREATE INDEX ix_oversight_rec_status ON oversight_recommendation_summary (status, due_date);
CREATE INDEX ix_oversight_rec_due ON oversight_recommendation_summary (due_date);

CREATE TABLE oversight_recommendation_unit
(
    unit              text NOT NULL,
    recommendation_id text NOT NULL REFERENCES oversight_recommendation_summary (id) ON DELETE CASCADE,
    PRIMARY KEY (unit, recommendation_id)
);

CREATE INDEX ix_oversight_rec_unit_rec ON oversight_recommendation_unit (recommendation_id);
