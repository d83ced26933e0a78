-- Bulk API 2.0: per object, the query job of its last backfill or re-scan that went through
-- Bulk API 2.0, with its progress, for the dashboard. Nothing depends on it for correctness:
-- the watermark (sync_state) says where the next run resumes.
CREATE TABLE bulk_jobs (
    object      TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL,
    state       TEXT NOT NULL,               -- UploadComplete, InProgress, JobComplete, Failed, Aborted, Done
    processed   INTEGER NOT NULL DEFAULT 0,  -- records the job found
    received    INTEGER NOT NULL DEFAULT 0,  -- records read from its results and handed to the pipeline
    error       TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
