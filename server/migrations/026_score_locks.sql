-- 成绩锁定 made durable: the pass decision at the end of the 公示期 locks the plan's scores in the
-- transaction that reads them, and every score write checks it in its own (SCORE-2). A write that
-- began in the last moment of the 公示期 then either lands before the decision reads the scores or
-- is refused, never after it.
CREATE TABLE score_locks (
  plan_id BIGINT PRIMARY KEY REFERENCES plans(id),
  locked_at BIGINT NOT NULL
);
