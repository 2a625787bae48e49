-- The student roster 考生信息 of each college.

CREATE TABLE students (
  id {{pk}},
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  student_no TEXT NOT NULL,
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  id_number TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  type TEXT NOT NULL,
  major TEXT NOT NULL,
  class_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_students_no ON students(student_no);
CREATE UNIQUE INDEX ux_students_id_number ON students(id_number);
CREATE INDEX ix_students_college ON students(college_id, id);
