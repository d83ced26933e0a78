-- The receiver's late-commit check counts snapshots by SystemModstamp.
CREATE INDEX record_snapshots_stamp ON record_snapshots (object, modstamp);

-- The ISO code of the referral's amount in a multi-currency org ('' where the org has one currency).
ALTER TABLE referrals ADD COLUMN currency TEXT NOT NULL DEFAULT '';

-- Status change rules that can no longer fire (a renamed won stage or converted status), as the
-- last check against the org's describe found them: one sentence each, for the dashboard and the
-- trouble email. Replaced whole by each check.
CREATE TABLE rule_problems (
    id       INTEGER PRIMARY KEY,
    words    TEXT NOT NULL,
    found_at TEXT NOT NULL
);
