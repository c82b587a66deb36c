-- Workflow facts the auditor's workspace filters on, kept in the read model row by the same append transaction:
-- the pending extension request (id and requested due date, ISO text) and when the recommendation was last reopened
-- (ISO-8601 UTC text in the event-store format, so text order is time order).
ALTER TABLE oversight_recommendation_summary ADD COLUMN pending_extension_id TEXT NULL;
ALTER TABLE oversight_recommendation_summary ADD COLUMN pending_extension_due TEXT NULL;
ALTER TABLE oversight_recommendation_summary ADD COLUMN reopened_at TEXT NULL;
CREATE INDEX ix_oversight_rec_pending_extension ON oversight_recommendation_summary (pending_extension_id) WHERE pending_extension_id IS NOT NULL;
CREATE INDEX ix_oversight_rec_reopened ON oversight_recommendation_summary (reopened_at) WHERE reopened_at IS NOT NULL;
