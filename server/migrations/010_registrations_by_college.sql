-- A college's registrations newest first without a plan filter (the 报考管理 list and its export):
-- ix_registrations_college has plan_id in the middle and cannot serve ORDER BY id alone.
CREATE INDEX ix_registrations_college_id ON registrations(college_id, id);
