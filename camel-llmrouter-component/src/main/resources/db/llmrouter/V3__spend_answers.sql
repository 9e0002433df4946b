-- A ledger row may sum several answers of the same key, team, model and deployment within one second (the ledger
-- merges what one commit writes), so reports count answers, not rows.
ALTER TABLE llmrouter_spend ADD COLUMN answers INTEGER DEFAULT 1 NOT NULL;
