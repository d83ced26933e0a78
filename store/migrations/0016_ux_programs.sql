-- A program watches Salesforce only once an admin switched it on (watching_since,
-- NULL: off), so a new program cannot flood the review queue with the default
-- rules. Programs that exist already keep watching. Each user's program
-- switcher choice is kept with the user (0: every program), not in one browser.
ALTER TABLE programs ADD COLUMN watching_since TEXT;
UPDATE programs SET watching_since = created_at;
ALTER TABLE users ADD COLUMN program_id INTEGER NOT NULL DEFAULT 0;
