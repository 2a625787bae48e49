-- Exam staff 监考人员 of colleges (seed 5.2.11): a college proposes its teachers for certificate
-- levels, the organisation owning each certificate certifies or returns every level on its own.

CREATE TABLE invigilators (
  id {{pk}},
  teacher_no TEXT,              -- 教师编号: JK (监考老师) or KK (巡考老师) and six digits, set after insert
  kind TEXT NOT NULL,           -- 人员类型: 监考老师 | 巡考老师
  name TEXT NOT NULL,
  gender TEXT NOT NULL,         -- 男 / 女, from the 身份证号
  id_number TEXT NOT NULL,
  phone TEXT NOT NULL,
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  region TEXT NOT NULL,         -- 所在区域, e.g. 北京市北京市丰台区
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_invigilators_teacher_no ON invigilators(teacher_no);
CREATE UNIQUE INDEX ux_invigilators_phone ON invigilators(college_id, phone);
CREATE UNIQUE INDEX ux_invigilators_id_number ON invigilators(college_id, id_number);

-- One certificate level a person applied for, with its own state:
-- unsubmitted 未提交 | pending 待认证 | certified 已认证 | returned 已退回 (reason says why).
CREATE TABLE invigilator_certificates (
  id {{pk}},
  invigilator_id BIGINT NOT NULL REFERENCES invigilators(id) ON DELETE CASCADE,
  level_id BIGINT NOT NULL REFERENCES certificate_levels(id),
  state TEXT NOT NULL DEFAULT 'unsubmitted',
  reason TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',  -- who certified or returned it last
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_invigilator_certificates ON invigilator_certificates(invigilator_id, level_id);
CREATE INDEX ix_invigilator_certificates_level ON invigilator_certificates(level_id, state);

-- 不可监考时间: periods a person cannot invigilate, which the arrangement respects.
CREATE TABLE invigilator_unavailable (
  id {{pk}},
  invigilator_id BIGINT NOT NULL REFERENCES invigilators(id) ON DELETE CASCADE,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL
);
CREATE INDEX ix_invigilator_unavailable ON invigilator_unavailable(invigilator_id, start_at);
