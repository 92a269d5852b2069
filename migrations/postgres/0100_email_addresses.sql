-- E-mail addresses copies were sent to: the request they were last used for, and,
-- once an SMTP server refused one for good, since when it fails and when the
-- applicant was told (once). No copy goes to a failing address.
CREATE TABLE email_addresses (
    address TEXT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    failing_since BIGINT,
    failure TEXT,
    told_at BIGINT
);
