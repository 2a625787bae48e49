-- 证书编号 per certificate level (seed 5.2.11: one 8-digit code per certificate level, shared by
-- everyone holding it, shown in the 监考人员 export). Levels made before get 9 and seven digits of
-- their id; a level saved without a code gets the same default (or the next free code).
ALTER TABLE certificate_levels ADD COLUMN code TEXT;
UPDATE certificate_levels SET code = CAST(90000000 + id AS TEXT) WHERE code IS NULL;
CREATE UNIQUE INDEX ux_certificate_levels_code ON certificate_levels(code);
