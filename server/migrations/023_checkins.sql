-- Exam-day check-in: an invigilator of a room-slot marks a candidate 到场 by the admission
-- ticket's QR code or its 准考证号; the 考场签到表 prints the time, 实考人数 and 缺考人数 from it.
CREATE TABLE checkins (
  id {{pk}},
  arrangement_id BIGINT NOT NULL REFERENCES arrangements(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL,
  room_id BIGINT NOT NULL,
  slot_start BIGINT NOT NULL,
  ticket_no TEXT NOT NULL,
  method TEXT NOT NULL,            -- scan (the QR code) | typed (the 准考证号)
  invigilator_id BIGINT NOT NULL,  -- the 监考 who checked the candidate in
  account_id BIGINT NOT NULL,
  checked_in_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_checkins_arrangement ON checkins(arrangement_id);
CREATE INDEX ix_checkins_room_slot ON checkins(room_id, slot_start);
