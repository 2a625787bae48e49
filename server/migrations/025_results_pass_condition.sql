-- A result keeps the 通过条件 it was decided under: a level's condition changed later must not
-- relabel (or seem to contradict) results decided before. Results decided before this migration
-- have none and show their level's condition, as they did.
ALTER TABLE results ADD COLUMN pass_condition TEXT;
ALTER TABLE results ADD COLUMN pass_total INTEGER;
