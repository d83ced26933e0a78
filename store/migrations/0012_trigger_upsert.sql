-- The referral_changes triggers wrote with INSERT OR REPLACE. SQLite runs a trigger's statements
-- under the conflict policy of the statement that fired it when that one has its own: an upsert's
-- DO UPDATE (a record linked again, e.g. the push linking a Lead the sync linked first) runs as
-- ABORT, so the REPLACE became an abort ("UNIQUE constraint failed: referral_changes.referral_id")
-- and the whole batch rolled back, forever. An upsert clause is not overridden that way.
DROP TRIGGER referral_changes_update;
DROP TRIGGER referral_changes_link;
DROP TRIGGER referral_changes_relink;

CREATE TRIGGER referral_changes_update AFTER UPDATE OF external_id, first_name, last_name, email, phone, company,
        street, city, state, postal_code, member_id, program_id ON referrals BEGIN
    INSERT INTO referral_changes (referral_id, seq)
        VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes))
        ON CONFLICT (referral_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER referral_changes_link AFTER INSERT ON sf_links BEGIN
    INSERT INTO referral_changes (referral_id, seq)
        VALUES (NEW.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes))
        ON CONFLICT (referral_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER referral_changes_relink AFTER UPDATE OF referral_id, deleted_at ON sf_links BEGIN
    INSERT INTO referral_changes (referral_id, seq)
        VALUES (OLD.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes))
        ON CONFLICT (referral_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO referral_changes (referral_id, seq)
        VALUES (NEW.referral_id, (SELECT coalesce(max(seq), 0) + 1 FROM referral_changes))
        ON CONFLICT (referral_id) DO UPDATE SET seq = excluded.seq;
END;
