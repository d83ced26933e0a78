-- One durable runner for all outbound work (connector/outbound): every kind is a row of jobs.
-- Mail jobs carry their message; each webhook outbox row is delivered through a 'webhook' job.
ALTER TABLE jobs ADD COLUMN payload TEXT NOT NULL DEFAULT '';

INSERT INTO jobs (kind, ref, state, attempts, run_after, last_error, created_at, updated_at)
    SELECT 'webhook', CAST(id AS TEXT), 'pending', attempts, next_attempt_at, last_error, created_at, created_at
    FROM webhook_outbox WHERE state = 'pending';

-- Every way an outbox row is made (an event, a test, a resend) queues its delivery with it.
CREATE TRIGGER webhook_outbox_job AFTER INSERT ON webhook_outbox
BEGIN
    INSERT INTO jobs (kind, ref, state, attempts, run_after, created_at, updated_at)
        VALUES ('webhook', CAST(new.id AS TEXT), 'pending', 0, new.next_attempt_at, new.created_at, new.created_at);
END;

CREATE TRIGGER webhook_outbox_job_gone AFTER DELETE ON webhook_outbox
BEGIN
    DELETE FROM jobs WHERE kind = 'webhook' AND ref = CAST(old.id AS TEXT);
END;
