-- Exam rooms 考场 of colleges (seed 5.2.5): a room at one of the college's approved sites, set up
-- for one plan and one certificate, with the exam methods it can host and its seat count.

CREATE TABLE rooms (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  site_id BIGINT NOT NULL REFERENCES sites(id),
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  certificate_id BIGINT NOT NULL REFERENCES certificates(id),
  name TEXT NOT NULL,
  types TEXT NOT NULL,          -- one or more of 笔试, 机考, 实操, 笔试+实操, 机考+实操, joined with ", "
  seats INTEGER NOT NULL,
  region TEXT NOT NULL,         -- 考场地址, e.g. 北京市北京市朝阳区
  address TEXT NOT NULL,        -- 详细地址
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_rooms_name ON rooms(plan_id, site_id, name);
CREATE INDEX ix_rooms_college ON rooms(college_id, id);
CREATE INDEX ix_rooms_plan ON rooms(plan_id);
