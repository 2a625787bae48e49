-- Registrations 报考 (seed 5.2.6): one row per student x plan x subject; and the payment
-- applications 缴费申请单 (seed 5.2.7) that collect a college's unpaid registrations.

CREATE TABLE payment_applications (
  id {{pk}},
  number TEXT NOT NULL,                -- yyMMdd + 4 digits, e.g. 2109159263
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  certificate_id BIGINT NOT NULL REFERENCES certificates(id),
  org_id BIGINT NOT NULL REFERENCES organizations(id),        -- the plan's organisation, which confirms
  payee_org_id BIGINT NOT NULL REFERENCES organizations(id),  -- 收费对象
  mode TEXT NOT NULL,                  -- certificate 按证书缴费 | subject 按科目缴费
  head_count INTEGER NOT NULL,         -- 缴费人数: distinct students
  amount_fen BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending 待确认 | confirmed 已确认
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  confirmed_by BIGINT REFERENCES accounts(id),
  confirmed_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_payment_applications_number ON payment_applications(number);
CREATE INDEX ix_payment_applications_college ON payment_applications(college_id, id);
CREATE INDEX ix_payment_applications_org ON payment_applications(org_id, id);

-- The lines of an application as they were priced when it was generated.
CREATE TABLE payment_lines (
  id {{pk}},
  application_id BIGINT NOT NULL REFERENCES payment_applications(id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES students(id),
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id),
  subject_id BIGINT REFERENCES certificate_subjects(id),  -- empty for 按证书缴费 (one line per student)
  fee_fen BIGINT NOT NULL
);
CREATE INDEX ix_payment_lines_application ON payment_lines(application_id);

CREATE TABLE registrations (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  student_id BIGINT NOT NULL REFERENCES students(id),
  certificate_id BIGINT NOT NULL REFERENCES certificates(id),
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id),
  subject_id BIGINT NOT NULL REFERENCES certificate_subjects(id),
  mode TEXT NOT NULL,                  -- certificate 按证书报考 | subject 按科目报考
  paid INTEGER NOT NULL DEFAULT 0,     -- 已缴费 once its application is confirmed
  application_id BIGINT REFERENCES payment_applications(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_registrations ON registrations(plan_id, student_id, subject_id);
CREATE INDEX ix_registrations_college ON registrations(college_id, plan_id, id);
CREATE INDEX ix_registrations_student ON registrations(student_id);
CREATE INDEX ix_registrations_application ON registrations(application_id);
