-- An apply run names the plan run whose saved plan it applied: a plan is applied at most once, and the history
-- shows which reviewed plan reached the real world.
ALTER TABLE runs ADD COLUMN plan_run_id BIGINT REFERENCES runs (id);
CREATE INDEX runs_plan_run_idx ON runs (plan_run_id);
