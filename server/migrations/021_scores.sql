-- 科目成绩 and 考证结果 (seed 5.2.9, 5.2.10): one score per registration (a candidate's subject in
-- a plan), its amendments, and one result per candidate and certificate level once the plan's
-- scores are locked, with the result's certificate issuance.

-- The pass condition belongs to a level (a level's subjects decide it): 各科成绩合格 (all_subjects)
-- or 总分合格 (total, with the total to reach). Levels take their certificate's condition.
ALTER TABLE certificate_levels ADD COLUMN pass_condition TEXT NOT NULL DEFAULT 'all_subjects';
ALTER TABLE certificate_levels ADD COLUMN pass_total INTEGER;
UPDATE certificate_levels SET
  pass_condition = (SELECT c.pass_condition FROM certificates c WHERE c.id = certificate_levels.certificate_id),
  pass_total = (SELECT c.pass_total FROM certificates c WHERE c.id = certificate_levels.certificate_id);

CREATE TABLE scores (
  id {{pk}},
  registration_id BIGINT NOT NULL REFERENCES registrations(id),
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  student_id BIGINT NOT NULL REFERENCES students(id),
  subject_id BIGINT NOT NULL REFERENCES certificate_subjects(id),
  score_tenths INTEGER,                -- the mark in tenths (87.5 is 875); empty when absent
  absent INTEGER NOT NULL DEFAULT 0,   -- 缺考
  version INTEGER NOT NULL DEFAULT 1,
  entered_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_scores_registration ON scores(registration_id);
CREATE INDEX ix_scores_plan_subject ON scores(plan_id, subject_id);
CREATE INDEX ix_scores_college ON scores(college_id, plan_id);

-- 成绩修改记录: every change of a score already entered, with the value before and after.
CREATE TABLE score_amendments (
  id {{pk}},
  score_id BIGINT NOT NULL REFERENCES scores(id) ON DELETE CASCADE,
  before_tenths INTEGER,
  before_absent INTEGER NOT NULL,
  after_tenths INTEGER,
  after_absent INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  in_publicity INTEGER NOT NULL DEFAULT 0,  -- made during the 公示期 (a reason is required then)
  via TEXT NOT NULL DEFAULT 'page',         -- page | import
  account_id BIGINT REFERENCES accounts(id),
  account_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_score_amendments_score ON score_amendments(score_id, id);

-- A candidate's result for a certificate level, decided once when the plan's scores lock.
CREATE TABLE results (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  student_id BIGINT NOT NULL REFERENCES students(id),
  certificate_id BIGINT NOT NULL REFERENCES certificates(id),
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id),
  site_id BIGINT REFERENCES sites(id),     -- where the candidate sat: its college confirms issuance
  status TEXT NOT NULL,                    -- passed 已通过 | failed 未通过 | absent 缺考
  total_tenths INTEGER,
  issue_state TEXT NOT NULL DEFAULT 'none',  -- none | signed | issued | returned
  signed_by BIGINT REFERENCES accounts(id),
  signed_at BIGINT,
  confirmed_by BIGINT REFERENCES accounts(id),
  confirmed_at BIGINT,
  return_reason TEXT NOT NULL DEFAULT '',
  returned_by TEXT NOT NULL DEFAULT '',      -- org | site
  returned_at BIGINT,
  certificate_no TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  decided_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_results_candidate ON results(plan_id, student_id, level_id);
CREATE UNIQUE INDEX ux_results_certificate_no ON results(certificate_no);
CREATE INDEX ix_results_college ON results(college_id, plan_id);
CREATE INDEX ix_results_site ON results(site_id);

-- Plans whose results are decided (once, when the scores lock).
CREATE TABLE result_decisions (
  plan_id BIGINT PRIMARY KEY REFERENCES plans(id),
  decided_at BIGINT NOT NULL
);

-- The next serial of each certificate-number prefix (证书编号 + year).
CREATE TABLE certificate_serials (
  prefix TEXT PRIMARY KEY,
  next_value BIGINT NOT NULL
);
