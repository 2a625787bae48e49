-- Exam plans of training-and-evaluation organisations: certificate levels, each subject's exam
-- slot, the time windows, participating colleges. Times are Unix seconds.

CREATE TABLE plans (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  payee_org_id BIGINT NOT NULL REFERENCES organizations(id),
  payment_before_arranging INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  exam_notice TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft',
  registration_start BIGINT NOT NULL,
  registration_end BIGINT NOT NULL,
  arranging_start BIGINT NOT NULL,
  arranging_end BIGINT NOT NULL,
  score_start BIGINT NOT NULL,
  score_end BIGINT NOT NULL,
  publicity_start BIGINT NOT NULL,
  publicity_end BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_plans_org ON plans(org_id);

CREATE TABLE plan_levels (
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id),
  PRIMARY KEY (plan_id, level_id)
);

CREATE TABLE plan_subjects (
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  subject_id BIGINT NOT NULL REFERENCES certificate_subjects(id),
  slot_start BIGINT NOT NULL,
  slot_end BIGINT NOT NULL,
  PRIMARY KEY (plan_id, subject_id)
);

CREATE TABLE plan_colleges (
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  PRIMARY KEY (plan_id, college_id)
);
CREATE INDEX ix_plan_colleges_college ON plan_colleges(college_id);
