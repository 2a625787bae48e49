-- The business object of an audit entry in Chinese (考生 王小二 (202600070000002)), as the log page
-- and its export show it; entries written before have '' and are named from their fields on read.
ALTER TABLE audit_log ADD COLUMN object_name TEXT NOT NULL DEFAULT '';
