-- The referral change counter becomes a log: a change appends a row (the
-- cheapest write SQLite has: at the end of the table, no index, no
-- conflict), where it looked up, replaced and re-indexed the referral's one
-- row. A first sync links every record it matches, so this is one write per
-- entry. Readers ask for the referrals of rows after their counter value, as
-- before; rows a newer row of the same referral makes redundant are pruned
-- (PruneReferralChanges), never the newest, so a number is never used twice.
CREATE TABLE referral_change_log (
    seq         INTEGER PRIMARY KEY,             -- the counter: grows with every change
    referral_id TEXT NOT NULL                    -- the referral whose matched fields or links changed
);
INSERT INTO referral_change_log (seq, referral_id) SELECT seq, referral_id FROM referral_changes ORDER BY seq;
DROP TRIGGER referral_changes_update;
DROP TRIGGER referral_changes_link;
DROP TRIGGER referral_changes_relink;
DROP TABLE referral_changes;
ALTER TABLE referral_change_log RENAME TO referral_changes;

CREATE TRIGGER referral_changes_update AFTER UPDATE OF external_id, first_name, last_name, email, phone, company,
        street, city, state, postal_code, member_id, program_id ON referrals BEGIN
    INSERT INTO referral_changes (referral_id) VALUES (NEW.id);
END;
CREATE TRIGGER referral_changes_link AFTER INSERT ON sf_links BEGIN
    INSERT INTO referral_changes (referral_id) VALUES (NEW.referral_id);
END;
CREATE TRIGGER referral_changes_relink AFTER UPDATE OF referral_id, deleted_at ON sf_links BEGIN
    INSERT INTO referral_changes (referral_id) VALUES (OLD.referral_id);
    INSERT INTO referral_changes (referral_id) VALUES (NEW.referral_id);
END;
