-- Exam sites 考核站点: a college applies for a certificate of an organisation, the organisation
-- approves or returns it, and may let the site serve other colleges too.

CREATE TABLE sites (
  id {{pk}},
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  certificate_id BIGINT NOT NULL REFERENCES certificates(id),
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  address TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  return_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  reviewed_at BIGINT
);
CREATE INDEX ix_sites_college ON sites(college_id);
CREATE INDEX ix_sites_org ON sites(org_id);
CREATE UNIQUE INDEX ux_sites_name ON sites(name);

CREATE TABLE site_colleges (
  site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  PRIMARY KEY (site_id, college_id)
);
CREATE INDEX ix_site_colleges_college ON site_colleges(college_id);
