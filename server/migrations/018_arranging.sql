-- 排考 (seed 5.2.8): arrangement runs with their outcome, the 准考证号 of each candidate of a plan,
-- and the invigilators of each room-slot and the patrols of each site-slot.

-- How many 监考老师 a used room-slot gets, and how many 巡考老师 a site-slot with exams.
ALTER TABLE plans ADD COLUMN invigilators_per_room INTEGER NOT NULL DEFAULT 2;
ALTER TABLE plans ADD COLUMN patrols_per_site INTEGER NOT NULL DEFAULT 1;

-- One 准考证号 per candidate per plan, kept when the candidate's arrangement is cleared and
-- arranged again, never given to anyone else.
CREATE TABLE tickets (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  student_id BIGINT NOT NULL REFERENCES students(id),
  ticket_no TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_tickets_student ON tickets(plan_id, student_id);
CREATE UNIQUE INDEX ux_tickets_no ON tickets(ticket_no);

-- One 开始排考 of a plan (all of it, one subject or one site), run as a job. At most one runs
-- per plan: the partial index refuses a second.
CREATE TABLE arrangement_runs (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  scope TEXT NOT NULL,              -- plan | subject | site
  scope_id BIGINT,                  -- the subject or site
  scope_name TEXT NOT NULL DEFAULT '',
  job_id BIGINT,
  state TEXT NOT NULL,              -- running | succeeded | failed
  error TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '{}',  -- figures of the outcome (JSON)
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX ix_arrangement_runs_plan ON arrangement_runs(plan_id, id);
CREATE UNIQUE INDEX ux_arrangement_runs_running ON arrangement_runs(plan_id) WHERE state = 'running';

-- What a run could not place, and why.
CREATE TABLE arrangement_unplaced (
  run_id BIGINT NOT NULL REFERENCES arrangement_runs(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
  reason TEXT NOT NULL
);
CREATE INDEX ix_arrangement_unplaced_run ON arrangement_unplaced(run_id);

-- 考场编排: a room during one exam slot that holds candidates; made and removed with them.
CREATE TABLE room_slots (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  site_id BIGINT NOT NULL REFERENCES sites(id),
  room_id BIGINT NOT NULL REFERENCES rooms(id),
  slot_start BIGINT NOT NULL,
  slot_end BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_room_slots ON room_slots(room_id, slot_start);
CREATE INDEX ix_room_slots_plan ON room_slots(plan_id, slot_start);

-- 监考老师 of a room-slot (room_slot_id set) and 巡考老师 of a site during a slot (room_slot_id
-- empty).
CREATE TABLE invigilation (
  id {{pk}},
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  site_id BIGINT NOT NULL REFERENCES sites(id),
  room_slot_id BIGINT REFERENCES room_slots(id) ON DELETE CASCADE,
  slot_start BIGINT NOT NULL,
  slot_end BIGINT NOT NULL,
  invigilator_id BIGINT NOT NULL REFERENCES invigilators(id),
  role TEXT NOT NULL,               -- room | patrol
  own_college INTEGER NOT NULL DEFAULT 0,  -- 回避 was not possible: the person's college sits here
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_invigilation_plan ON invigilation(plan_id, slot_start);
CREATE INDEX ix_invigilation_room_slot ON invigilation(room_slot_id);
CREATE INDEX ix_invigilation_person ON invigilation(invigilator_id, slot_start);
CREATE INDEX ix_arrangements_plan_slot ON arrangements(plan_id, slot_start);

-- Keys the server keeps for itself (the signature of admission-ticket QR codes), shared by every
-- instance on the database; made on first use.
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
