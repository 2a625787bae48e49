-- Arrangements 编排 (seed 5.2.8): a registration placed in a room, its exam slot and a seat; each
-- candidate has one admission ticket number 准考证号 per plan.

CREATE TABLE arrangements (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  registration_id BIGINT NOT NULL REFERENCES registrations(id),
  room_id BIGINT NOT NULL REFERENCES rooms(id),
  site_id BIGINT NOT NULL REFERENCES sites(id),
  slot_start BIGINT NOT NULL,
  slot_end BIGINT NOT NULL,
  seat_no INTEGER NOT NULL,
  ticket_no TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_arrangements_registration ON arrangements(registration_id);
CREATE UNIQUE INDEX ux_arrangements_seat ON arrangements(room_id, slot_start, seat_no);
CREATE INDEX ix_arrangements_room ON arrangements(room_id, slot_end);
CREATE INDEX ix_arrangements_plan ON arrangements(plan_id);
