-- The receiver's late-commit check counts snapshots by SystemModstamp.
CREATE INDEX record_snapshots_stamp ON record_snapshots (object, modstamp);

-- The ISO code of the referral's amount in a multi-currency org ('' where the org has one currency).
ALTER TABLE referrals ADD COLUMN currency TEXT NOT NULL DEFAULT '';
