-- Programs: archiving, and a program on every sales entry and record link.
-- Existing rows belong to the default program (1). The Go step of this
-- migration (store/migrate_programs.go) then rebuilds entries and sf_links so
-- that their keys include the program: one Salesforce change may concern
-- several programs, each with its own entry and its own link.
ALTER TABLE programs ADD COLUMN archived_at TEXT;
ALTER TABLE entries ADD COLUMN program_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sf_links ADD COLUMN program_id INTEGER NOT NULL DEFAULT 1;
UPDATE sf_links SET program_id = coalesce((SELECT r.program_id FROM referrals r WHERE r.id = sf_links.referral_id), 1);
-- The queue and the entry list filter by program.
CREATE INDEX entries_program ON entries (program_id, outcome, id);
CREATE INDEX referrals_program ON referrals (program_id, seq);
