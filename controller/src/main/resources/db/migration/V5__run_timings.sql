-- Where a run's time went: all of it, and the part spent in tofu/terraform processes. The difference is the
-- controller's own overhead (checkout, storing), which the benchmark reports.
ALTER TABLE runs ADD COLUMN total_ms BIGINT;
ALTER TABLE runs ADD COLUMN tool_ms BIGINT;
