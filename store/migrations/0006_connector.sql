-- The connector: a change counter the serving process checks before each page so its matcher
-- follows referrals that another process (an import, the API of another host) wrote.
CREATE TABLE referral_changes (
    referral_id TEXT PRIMARY KEY,                 -- the referral whose matched fields or links changed
                                                  -- (new referrals are found by referrals.seq: no insert trigger)
    seq         INTEGER NOT NULL                  -- the counter when it last changed
) WITHOUT ROWID;
CREATE INDEX referral_changes_seq ON referral_changes (seq);

CREATE TRIGGER referral_changes_update AFTER UPDATE OF external_id, first_name, last_name, email, phone, company,
        street, city, state, postal_code, member_id, program_id ON referrals BEGIN
    INSERT OR REPLACE INTO referral_changes (referral_id, seq)
        VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes));
END;
CREATE TRIGGER referral_changes_link AFTER INSERT ON sf_links BEGIN
    INSERT OR REPLACE INTO referral_changes (referral_id, seq)
        VALUES (NEW.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes));
END;
CREATE TRIGGER referral_changes_relink AFTER UPDATE OF referral_id, deleted_at ON sf_links BEGIN
    INSERT OR REPLACE INTO referral_changes (referral_id, seq)
        VALUES (OLD.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes));
    INSERT OR REPLACE INTO referral_changes (referral_id, seq)
        VALUES (NEW.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes));
END;

-- Secrets refsync must keep between runs (a rotated Salesforce refresh token), sealed with the
-- secret box keyed by REFSYNC_SECRET_KEY: never plain text.
CREATE TABLE sealed_secrets (
    name       TEXT PRIMARY KEY,                  -- e.g. salesforce.refresh_token
    sealed     TEXT NOT NULL,                     -- config.SecretBox.Seal output
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
