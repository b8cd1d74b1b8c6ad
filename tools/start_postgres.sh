#!/usr/bin/env bash
# Start a local PostgreSQL that is installed but not running, and create a
# login role for the current OS user (Odoo refuses the 'postgres' role).
# Used by .ci/run and by `make test` / `make run` (tools/odoo.sh) before
# they give up. Does nothing when the server already answers, or when PGHOST
# names another machine. Needs root or password-less sudo to start a
# cluster; exits 1 when PostgreSQL still cannot be reached.
set -uo pipefail

reachable() { psql -d postgres -XtAc 'select 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

reachable && exit 0
case "${PGHOST:-}" in
    "" | /* | localhost | 127.0.0.1 | ::1) ;;
    *) exit 1 ;;  # a remote server is not ours to start
esac
if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header | while read -r version cluster _port status _rest; do
        if [ "$status" != online ]; then
            echo "== starting PostgreSQL $version/$cluster"
            as_root pg_ctlcluster "$version" "$cluster" start || true
        fi
    done
fi
reachable && exit 0
role=${PGUSER:-$(id -un)}
if [ "$role" != postgres ] && command -v runuser >/dev/null 2>&1; then
    echo "== creating PostgreSQL role $role"
    as_root runuser -u postgres -- psql -XtAc \
        "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE \"$role\" LOGIN SUPERUSER; END IF; END\$\$;" \
        >/dev/null 2>&1 || true
fi
reachable
