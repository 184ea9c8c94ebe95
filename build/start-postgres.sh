#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the data store tests on Debian 12 and prints their connection string.
# Installs Debian's postgresql with apt when it is missing, starts the newest cluster (creating one if
# there is none), and creates the role portal/portal and the database portal_test when they do not exist.
# Safe to run again: every step checks first. Progress and problems go to stderr; stdout is only the
# connection string, so test.sh can export it. Exits non-zero, saying why, when PostgreSQL is not usable.
set -euo pipefail

say() { echo "start-postgres: $*" >&2; }
fail() { say "$*"; exit 1; }

as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
# runuser as root: su would need a login shell for postgres, sudo may not be installed on a fresh machine.
if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); else as_postgres=(sudo -u postgres); fi

newest_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1; }

version=$(newest_version)
if [ -z "$version" ] || [ ! -x "/usr/lib/postgresql/$version/bin/postgres" ] || ! command -v pg_ctlcluster >/dev/null; then
  say "installing postgresql with apt"
  "${as_root[@]}" apt-get update -qq >&2 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq postgresql >/dev/null || fail "apt-get install postgresql failed"
  version=$(newest_version)
  [ -n "$version" ] || fail "postgresql is installed but /usr/lib/postgresql holds no version"
fi

# pg_lsclusters -h: "version cluster port status owner datadir logfile"
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')
if [ -z "$cluster" ]; then
  say "creating cluster $version/main"
  "${as_root[@]}" pg_createcluster "$version" main >&2 || fail "pg_createcluster $version main failed"
  cluster=main
fi
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
if [ "$status" != "online" ]; then
  say "starting cluster $version/$cluster on port $port"
  "${as_root[@]}" pg_ctlcluster "$version" "$cluster" start >&2 \
    || [ "$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')" = online ] \
    || fail "pg_ctlcluster $version $cluster start failed; see /var/log/postgresql/postgresql-$version-$cluster.log"
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || fail "PostgreSQL $version/$cluster does not accept connections on 127.0.0.1:$port after 30 s"

# The role and database exist after the first run; CREATE DATABASE cannot run inside DO, hence \gexec.
"${as_postgres[@]}" psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >&2 <<'SQL' || fail "could not create the role portal or the database portal_test"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN CREATE ROLE portal LOGIN PASSWORD 'portal'; END IF;
END $$;
SELECT 'CREATE DATABASE portal_test OWNER portal' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'portal_test') \gexec
SQL

echo "Host=127.0.0.1;Port=$port;Username=portal;Password=portal;Database=portal_test"
