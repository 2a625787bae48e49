-- Sign-in throttling, in the database so that every instance sees the same counts.
-- One row per failed sign-in, kept a day: the per-address limit counts the last minute's.
CREATE TABLE sign_in_failures (
  id {{pk}},
  ip TEXT NOT NULL,
  username TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX ix_sign_in_failures_ip ON sign_in_failures(ip, at);
CREATE INDEX ix_sign_in_failures_at ON sign_in_failures(at);

-- Failures in a row per user name (existing or not) and client address, and the wait they
-- earned; a successful sign-in from the address, a day without failures or an admin clears it.
CREATE TABLE sign_in_delays (
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failed_at BIGINT NOT NULL,
  delayed_until BIGINT NOT NULL,
  PRIMARY KEY (username, ip)
);

-- Addresses an account has signed in from: its owner's, never delayed by others' failures.
CREATE TABLE sign_in_addresses (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ip TEXT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, ip)
);

-- A delete names the version of the row it was shown (409 when it changed since); registrations
-- had none. Joining or leaving a payment application and being paid change it.
ALTER TABLE registrations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
