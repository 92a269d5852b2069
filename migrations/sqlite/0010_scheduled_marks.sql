-- Idempotency marks for scheduled work (reminders, digests): a job runs for a key
-- once, whichever replica gets there first and however late it catches up.
CREATE TABLE scheduled_marks (
    job TEXT NOT NULL,
    key TEXT NOT NULL,
    done_at INTEGER NOT NULL,
    PRIMARY KEY (job, key)
);
