# Shared by the bench/http scripts (sourced): the database of the list they measure and signing in.

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# seed_database BIN DB: migrates DB, adds the admin `bench` and 100,000 colleges.
seed_database() {
  "$1" migrate --db "$2" >/dev/null 2>&1
  "$1" user create --db "$2" --username bench --password Bench12345 --role admin >/dev/null
  sqlite3 "$2" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO organizations(type, name, college_type, region, contact_name, contact_phone, enabled, version, created_at, updated_at)
SELECT 'college', '试点院校' || printf('%06d', i), '高职院校', '北京市海淀区', '教务处', '010-6233' || printf('%04d', i % 10000), 1, 1, 1631923200, 1631923200 FROM n;
SQL
}

# sign_in PORT: waits for the server on PORT, signs `bench` in and prints its session cookie.
sign_in() {
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/api/v1/health" >/dev/null && break; sleep 0.1; done
  curl -s -D - -o /dev/null -H 'X-Requested-With: kaowu' -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"Bench12345"}' "http://127.0.0.1:$1/api/v1/auth/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(kaowu_session=[0-9a-f]*\).*/\1/p'
}
