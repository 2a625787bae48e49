-- Weekly reports 周报 of colleges (seed 6, 6.1), reviewed by their province.

-- The cadence a province sets for its colleges: weekly 周报 or semi-monthly 半月报, from a date
-- (Beijing midnight, as seconds). A change starts a period at its date; earlier periods keep theirs.
-- A province without any row reports weekly.
CREATE TABLE weekly_report_cadences (
  id {{pk}},
  province_id BIGINT NOT NULL REFERENCES organizations(id),
  cadence TEXT NOT NULL,          -- weekly | semimonthly
  effective_from BIGINT NOT NULL,
  account_id BIGINT,              -- who set it
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_weekly_report_cadences ON weekly_report_cadences(province_id, effective_from);

CREATE TABLE weekly_reports (
  id {{pk}},
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  cadence TEXT NOT NULL,          -- weekly | semimonthly
  period_start BIGINT NOT NULL,   -- the period, [start, end) in seconds
  period_end BIGINT NOT NULL,
  period_label TEXT NOT NULL,     -- 2021年09月 第二周 / 2021年09月 上半月
  progress TEXT NOT NULL DEFAULT '',     -- 工作进展
  difficulties TEXT NOT NULL DEFAULT '', -- 存在困难
  suggestions TEXT NOT NULL DEFAULT '',  -- 政策建议
  status TEXT NOT NULL,           -- draft 未提交 | pending 待审核 | approved 审核通过 | returned 审核退回
  submitted_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT,              -- the account that wrote it
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- WR-1: one report per college and period.
CREATE UNIQUE INDEX ux_weekly_reports_period ON weekly_reports(college_id, period_start);
CREATE INDEX ix_weekly_reports_period ON weekly_reports(period_start);

-- Attachments: 签名盖章的扫描件 (scan) and 其他资料 (other); the bytes are in files.
CREATE TABLE weekly_report_files (
  report_id BIGINT NOT NULL REFERENCES weekly_reports(id),
  file_id BIGINT NOT NULL REFERENCES files(id),
  kind TEXT NOT NULL,             -- scan | other
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_weekly_report_files ON weekly_report_files(file_id);
CREATE INDEX ix_weekly_report_files_report ON weekly_report_files(report_id);

-- 审核信息: every review of a report.
CREATE TABLE weekly_report_reviews (
  id {{pk}},
  report_id BIGINT NOT NULL REFERENCES weekly_reports(id),
  result TEXT NOT NULL,           -- approved | returned
  opinion TEXT NOT NULL DEFAULT '',
  reviewer_id BIGINT,
  reviewer_name TEXT NOT NULL,
  province_name TEXT NOT NULL,
  reviewed_at BIGINT NOT NULL
);
CREATE INDEX ix_weekly_report_reviews_report ON weekly_report_reviews(report_id, id);
