#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests: `source` it, then pg_start / pg_stop.
# pg_start sets PG_PORT and PG_URL_BASE (postgresql://postgres@127.0.0.1:PORT).

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "PostgreSQL server is not installed (apt-get install postgresql)" >&2; return 1; }
  echo "$dir"
}

pg_start() {
  local bin
  bin=$(pg_bin) || return 1
  PG_DIR=$(mktemp -d /tmp/kaowu-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  PG_PORT=$(free_port)
  local as_pg=(env)
  if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL_BASE="postgresql://postgres@127.0.0.1:$PG_PORT"
  export PG_PORT PG_URL_BASE PG_DIR
  echo "PostgreSQL test cluster on 127.0.0.1:$PG_PORT"
}

pg_createdb() {
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAtc "CREATE DATABASE \"$1\"" >/dev/null
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local bin as_pg=(env)
  bin=$(pg_bin) || return 0
  if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
