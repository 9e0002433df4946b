-- Audit logging per key: the access log keeps the prompts and answers of a key that has it (off for existing keys).
ALTER TABLE llmrouter_key ADD COLUMN audit BOOLEAN DEFAULT FALSE NOT NULL;
