-- Certificates of training-and-evaluation organisations: levels, subjects, majors allowed.
-- Money in fen (1/100 yuan).

CREATE TABLE certificates (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  pass_condition TEXT NOT NULL DEFAULT 'all_subjects',
  pass_total INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_certificates_code ON certificates(code);
CREATE INDEX ix_certificates_org ON certificates(org_id);

CREATE TABLE certificate_levels (
  id {{pk}},
  certificate_id BIGINT NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
  level TEXT NOT NULL,
  fee_fen BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_certificate_levels ON certificate_levels(certificate_id, level);

CREATE TABLE certificate_subjects (
  id {{pk}},
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  full_mark INTEGER NOT NULL,
  pass_mark INTEGER NOT NULL,
  fee_fen BIGINT NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_certificate_subjects_code ON certificate_subjects(code);
CREATE INDEX ix_certificate_subjects_level ON certificate_subjects(level_id);

CREATE TABLE certificate_majors (
  id {{pk}},
  certificate_id BIGINT NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ux_certificate_majors ON certificate_majors(certificate_id, name);
