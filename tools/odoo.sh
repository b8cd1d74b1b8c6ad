#!/usr/bin/env bash
# Development commands of crm_interaction_log: setup, run, test, test-crm, lint, bench,
# dist, test-packaging. Called by the Makefile; see README.md. ODOO_SERIES (18.0, the
# default, or 19.0) picks the Odoo series: its tree and its virtual environment
# .venv-<series> with that series' pinned requirements. Finds Odoo <series>
# (importable `odoo` package, else ODOO_PATH, default /opt/odoo/<series>, then the cache
# ~/.cache/crm_interaction_log/odoo-<series>) and PostgreSQL (libpq PG* variables, socket
# by default) before anything slow happens; when Odoo is missing it is fetched with a
# shallow clone of the <series> branch of ODOO_GIT_URL (empty: never fetch).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ADDON=crm_interaction_log
# the mail plugin bridge (auto_install with crm_mail_plugin): installed and tested too
BRIDGE=crm_interaction_log_mail_plugin
ODOO_SERIES=${ODOO_SERIES:-18.0}
case "$ODOO_SERIES" in
    18.0) REQUIREMENTS=tools/requirements-odoo.txt DEV_REQUIREMENTS=tools/requirements-dev.txt ;;
    19.0) REQUIREMENTS=tools/requirements-odoo-19.0.txt DEV_REQUIREMENTS=tools/requirements-dev-19.0.txt ;;
    *) printf '\nODOO_SERIES=%s is not supported: use 18.0 (the default) or 19.0.\n' "$ODOO_SERIES" >&2; exit 2 ;;
esac
ODOO_MAJOR=${ODOO_SERIES%%.*}
export ODOO_SERIES
VENV="$ROOT/.venv-$ODOO_SERIES"
# 19.0 loads no demo data unless asked; 18.0 loads it by default (and has no --with-demo)
DEMO_ARGS=()
[ "$ODOO_SERIES" = 18.0 ] || DEMO_ARGS=(--with-demo)
LOGDIR="$ROOT/.test-logs"
# another series logs apart, so both can run at once
[ "$ODOO_SERIES" = 18.0 ] || LOGDIR="$LOGDIR/$ODOO_SERIES"
PYTHON_BIN=${PYTHON:-}
DB_RUN=${DB:-crm_interaction_log}
HTTP_PORT=${HTTP_PORT:-8069}
HTTP_INTERFACE=${HTTP_INTERFACE:-127.0.0.1}
TEST_HTTP_PORT=${TEST_HTTP_PORT:-8169}
ODOO_DEFAULT_PATH=/opt/odoo/$ODOO_SERIES
ODOO_CACHE_PATH="${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/$ADDON/odoo-$ODOO_SERIES"
ODOO_GIT_URL=${ODOO_GIT_URL-https://github.com/odoo/odoo.git}

die() { printf '\n%s\n' "$*" >&2; exit 2; }

find_python() {
    [ -n "$PYTHON_BIN" ] && return
    for candidate in python3.11 "$HOME/.pyenv/versions/3.11.7/bin/python" python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] < (3, 13))' 2>/dev/null; then
            PYTHON_BIN=$(command -v "$candidate"); return
        fi
    done
    die "No Python 3.10-3.12 found: Odoo $ODOO_SERIES needs one (set PYTHON=/path/to/python3.11)."
}

# An Odoo <series> source tree: odoo-bin and odoo/release.py declaring that version.
is_odoo_tree() {
    [ -f "$1/odoo-bin" ] && grep -q "version_info = ($ODOO_MAJOR, 0" "$1/odoo/release.py" 2>/dev/null
}

# Source trees looked at: ODOO_PATH when set, else /opt/odoo/<series>, then the cache.
odoo_tree_candidates() {
    if [ -n "${ODOO_PATH:-}" ]; then
        echo "$ODOO_PATH"
    else
        echo "$ODOO_DEFAULT_PATH"
        echo "$ODOO_CACHE_PATH"
    fi
}

# Odoo: an importable `odoo` package (of the series), else a source tree with odoo-bin.
# Sets ODOO_BIN and ODOO_ADDONS; returns 1 when there is none.
find_odoo() {
    ODOO_BIN=""
    local py
    for py in "$VENV/bin/python" "${PYTHON_BIN:-python3}"; do
        [ -x "$(command -v "$py" 2>/dev/null || true)" ] || continue
        local where
        if where=$("$py" -c 'import odoo.release as r, os, sys
sys.exit(1) if r.version_info[0] != int(sys.argv[1]) else print(os.path.dirname(os.path.dirname(r.__file__)))' "$ODOO_MAJOR" 2>/dev/null); then
            if [ -f "$where/odoo-bin" ]; then ODOO_BIN="$where/odoo-bin"; else ODOO_BIN="-m odoo"; fi
            ODOO_ADDONS="$where/odoo/addons"
            [ -d "$ODOO_ADDONS" ] || ODOO_ADDONS=$("$py" -c 'import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))')
            return 0
        fi
    done
    local path
    while read -r path; do
        if is_odoo_tree "$path"; then
            ODOO_BIN="$path/odoo-bin"
            ODOO_ADDONS="$path/odoo/addons"
            # a git checkout keeps the apps in addons/, next to odoo/addons (base)
            [ ! -d "$path/addons" ] || ODOO_ADDONS="$path/addons,$ODOO_ADDONS"
            return 0
        fi
    done < <(odoo_tree_candidates)
    return 1
}

odoo_missing() {
    local where="ODOO_PATH=${ODOO_PATH:-}"
    [ -n "${ODOO_PATH:-}" ] || where="ODOO_PATH=$ODOO_DEFAULT_PATH (the default) nor in $ODOO_CACHE_PATH"
    die "${1:+$1
}Odoo $ODOO_SERIES not found: no importable 'odoo' package ($ODOO_SERIES) and no Odoo $ODOO_SERIES tree with odoo-bin at $where.
Get Odoo $ODOO_SERIES Community (e.g. git clone -b $ODOO_SERIES --depth 1 https://github.com/odoo/odoo /opt/odoo/$ODOO_SERIES)
and set ODOO_PATH to that directory, or install Odoo $ODOO_SERIES so that 'import odoo' works."
}

# Where a missing Odoo is cloned: ODOO_PATH when set, else /opt/odoo/<series> when it can
# be created, else the user's cache directory.
bootstrap_target() {
    if [ -n "${ODOO_PATH:-}" ]; then echo "$ODOO_PATH"; return; fi
    local dir=$ODOO_DEFAULT_PATH
    while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
    if [ -d "$dir" ] && [ -w "$dir" ] && { [ ! -e "$ODOO_DEFAULT_PATH" ] || [ -z "$(ls -A "$ODOO_DEFAULT_PATH")" ]; }; then
        echo "$ODOO_DEFAULT_PATH"
    else
        echo "$ODOO_CACHE_PATH"
    fi
}

# No Odoo <series> found: shallow clone of the <series> branch of ODOO_GIT_URL, checked,
# then moved into place (an interrupted clone leaves nothing half-made behind).
bootstrap_odoo() {
    [ -n "$ODOO_GIT_URL" ] || odoo_missing "(ODOO_GIT_URL is empty: not fetching Odoo.)"
    command -v git >/dev/null 2>&1 || odoo_missing "git not found: cannot fetch Odoo from $ODOO_GIT_URL."
    local target
    target=$(bootstrap_target)
    if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
        odoo_missing "$target exists but is not an Odoo $ODOO_SERIES tree with odoo-bin: not fetching Odoo over it."
    fi
    mkdir -p "$(dirname "$target")" 2>/dev/null \
        || odoo_missing "Cannot create $(dirname "$target") to fetch Odoo into (set ODOO_PATH)."
    local partial="$target.partial-$$"
    rm -rf "$partial"
    # shellcheck disable=SC2064  # expanded now: $partial is local
    trap "rm -rf '$partial'" EXIT
    echo "Odoo $ODOO_SERIES not found: fetching it (git clone --depth 1 --branch $ODOO_SERIES $ODOO_GIT_URL $target)..."
    if ! GIT_TERMINAL_PROMPT=0 git clone --depth 1 --single-branch --branch "$ODOO_SERIES" \
        "$ODOO_GIT_URL" "$partial"; then
        rm -rf "$partial"
        odoo_missing "Fetching Odoo $ODOO_SERIES from $ODOO_GIT_URL failed (no network? see git's message above)."
    fi
    if ! is_odoo_tree "$partial"; then
        rm -rf "$partial"
        odoo_missing "Branch $ODOO_SERIES of $ODOO_GIT_URL is not Odoo $ODOO_SERIES (no odoo-bin, or odoo/release.py is not version $ODOO_SERIES)."
    fi
    rmdir "$target" 2>/dev/null || true  # an empty directory left for us
    mv "$partial" "$target"
    trap - EXIT
    echo "Odoo $ODOO_SERIES fetched into $target."
}

# PostgreSQL through libpq's PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD); socket by default.
check_postgres() {
    command -v psql >/dev/null 2>&1 || die "PostgreSQL client (psql) not found: install PostgreSQL (e.g. apt-get install postgresql) and set PGHOST, PGPORT, PGUSER, PGPASSWORD to reach the server."
    if ! psql -d postgres -XtAc 'select 1' >/dev/null 2>&1 && ! bash "$ROOT/tools/start_postgres.sh"; then
        die "PostgreSQL not reachable with the current PG* variables (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)}).
Start the server and set PGHOST, PGPORT, PGUSER, PGPASSWORD so that 'psql -d postgres' connects
(Odoo refuses the 'postgres' superuser: use a login role with CREATEDB)."
    fi
}

# .venv-<series> with that series' pinned requirements and the dev tools; skipped when up to date.
setup_venv() {
    local stamp="$VENV/.requirements.sha" want
    want=$(cat "$REQUIREMENTS" "$DEV_REQUIREMENTS" tools/constraints-build.txt | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
        return
    fi
    find_python
    echo "Setting up $VENV (Odoo $ODOO_SERIES requirements and dev tools)..."
    [ -x "$VENV/bin/python" ] || "$PYTHON_BIN" -m venv "$VENV"
    PIP_CONSTRAINT="$ROOT/tools/constraints-build.txt" "$VENV/bin/pip" install -q \
        -r "$REQUIREMENTS" -r "$DEV_REQUIREMENTS" 2>&1 \
        | grep -v "is ignored: it is neither a file nor a directory" || true
    "$VENV/bin/python" -c 'import psycopg2, werkzeug, lxml, websocket, phonenumbers' \
        || die "The Python requirements did not install (see the pip output above)."
    echo "$want" > "$stamp"
}

find_chromium() {
    for c in chromium chromium-browser google-chrome; do
        command -v "$c" >/dev/null 2>&1 && return 0
    done
    die "Chromium not found: the web tours need it (Debian: apt-get install chromium)."
}

odoo() {
    # shellcheck disable=SC2086
    "$VENV/bin/python" $ODOO_BIN --addons-path="$ODOO_ADDONS,$ROOT" "$@"
}

prepare() {
    local found=1
    find_odoo || found=0
    check_postgres
    [ $found = 1 ] || bootstrap_odoo
    setup_venv
    find_odoo || odoo_missing  # the venv may provide the package
}

cmd_setup() { prepare; echo "Odoo: $ODOO_BIN; addons: $ODOO_ADDONS"; }

cmd_run() {
    prepare
    local mode=-i
    if psql -d "$DB_RUN" -XtAc "select 1 from ir_module_module where name='$ADDON' and state='installed'" 2>/dev/null | grep -q 1; then
        mode=-u
    fi
    echo "Database $DB_RUN: $([ $mode = -i ] && echo installing || echo updating) $ADDON (demo data)..."
    odoo -d "$DB_RUN" "$mode" "$ADDON" "${DEMO_ARGS[@]}" --stop-after-init --log-level=warn
    echo "Serving http://localhost:$HTTP_PORT (login admin / admin). Ctrl+C to stop."
    exec "$VENV/bin/python" $ODOO_BIN --addons-path="$ODOO_ADDONS,$ROOT" -d "$DB_RUN" \
        --db-filter="^$DB_RUN\$" --http-port="$HTTP_PORT" --http-interface="$HTTP_INTERFACE" \
        ${ODOO_RUN_EXTRA:-}
}

cmd_test() {
    prepare
    find_chromium
    "$VENV/bin/python" -c 'import websocket' 2>/dev/null || die "websocket-client missing from .venv: the tours need it."
    mkdir -p "$LOGDIR"
    local db="${TEST_DB:-cil_test_$$}" log="$LOGDIR/odoo-test.log" rc=0
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    local tags=${TEST_TAGS:-/$ADDON,/$BRIDGE}
    echo "== Odoo test runner: fresh database $db, -i $ADDON, tests $tags (log: $log)"
    set +e
    # base_automation (not a dependency) is installed next to the addon: a
    # test fires a real Automation Rule with the Log Interaction action; the
    # mail plugin bridge brings Odoo's mail plugin (crm_mail_plugin)
    odoo -d "$db" -i "$ADDON,base_automation,$BRIDGE" "${DEMO_ARGS[@]}" --test-enable --test-tags "$tags" --stop-after-init \
        --http-port="$TEST_HTTP_PORT" --http-interface=127.0.0.1 --log-level=info \
        ${ODOO_TEST_EXTRA:-} > "$log" 2>&1
    local odoo_rc=$?
    set -e
    "$VENV/bin/python" tools/check_odoo_log.py "$log" --odoo-rc "$odoo_rc" \
        ${CHECK_EXTRA:-} --summary "$LOGDIR/odoo-summary.json" || rc=1
    if [ "${SKIP_PYTEST:-0}" != 1 ] && [ $rc = 0 ]; then
        echo "== pytest-odoo on $db (non-browser tests)"
        local cfg="$LOGDIR/pytest-odoo.conf"
        printf '[options]\naddons_path = %s,%s\ndb_name = %s\nhttp_port = %s\n' \
            "$ODOO_ADDONS" "$ROOT" "$db" "$TEST_HTTP_PORT" > "$cfg"
        set +e
        local pypath="${PYTHONPATH:-}"
        case "$ODOO_BIN" in */odoo-bin) pypath="$(dirname "$ODOO_BIN")${pypath:+:$pypath}" ;; esac
        # --rootdir: else the addon's pyproject.toml (for whool) becomes pytest's rootdir
        (cd "$ROOT" && PYTHONPATH="$pypath" "$VENV/bin/python" -m pytest -p no:cacheprovider -q --rootdir "$ROOT" \
            --odoo-config "$cfg" --odoo-database "$db" \
            --ignore-glob='*/test_ui*.py' "$ADDON/tests" ) > "$LOGDIR/pytest.log" 2>&1
        local py_rc=$?
        set -e
        tail -n 15 "$LOGDIR/pytest.log"
        "$VENV/bin/python" tools/check_odoo_log.py --pytest "$LOGDIR/pytest.log" --pytest-rc "$py_rc" \
            --summary "$LOGDIR/odoo-summary.json" || rc=1
    else
        "$VENV/bin/python" tools/check_odoo_log.py --final --summary "$LOGDIR/odoo-summary.json" || rc=1
    fi
    if [ "${KEEP_DB:-0}" != 1 ]; then dropdb --if-exists "$db" >/dev/null 2>&1 || true; fi
    return $rc
}

cmd_test_crm() {
    prepare
    local db="cil_test_crm_$$" log="$LOGDIR/odoo-test-crm.log"
    mkdir -p "$LOGDIR"
    echo "== Odoo's own crm tests on a database with $ADDON installed (log: $log)"
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    # each series' default demo data: Odoo's own tests are written for it
    odoo -d "$db" -i "$ADDON" --stop-after-init --http-interface=127.0.0.1 --log-level=warn
    set +e
    odoo -d "$db" -u crm --test-enable --test-tags /crm --stop-after-init \
        --http-port="$TEST_HTTP_PORT" --http-interface=127.0.0.1 --log-level=info > "$log" 2>&1
    local odoo_rc=$?
    set -e
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    grep -E "odoo.tests.result|when loading database" "$log" | tail -n 3
    [ $odoo_rc = 0 ] && grep -q " 0 failed, 0 error(s)" "$log"
}

cmd_lint() {
    setup_venv
    echo "== ruff"
    "$VENV/bin/ruff" check "$ADDON" "$BRIDGE" tools
    "$VENV/bin/ruff" format --check "$ADDON" "$BRIDGE" tools
    echo "== pylint-odoo (OCA mandatory checks)"
    "$VENV/bin/pylint" --rcfile=.pylintrc-mandatory "$ADDON" "$BRIDGE"
    echo "== oca-checks-odoo-module (XML, manifest and data checks)"
    "$VENV/bin/oca-checks-odoo-module" --no-verbose "$ADDON" "$BRIDGE"
    echo "lint: ok"
}

cmd_bench() {
    prepare
    [ -f tools/bench.py ] || die "tools/bench.py is missing."
    export ODOO_PATH_RESOLVED="$ODOO_BIN" ODOO_ADDONS_RESOLVED="$ODOO_ADDONS"
    "$VENV/bin/python" tools/bench.py "$@"
}

cmd_check_reinstall() {
    prepare
    export ODOO_PATH_RESOLVED="$ODOO_BIN" ODOO_ADDONS_RESOLVED="$ODOO_ADDONS"
    "$VENV/bin/python" tools/check_reinstall.py "cil_reinstall_$$"
}

# The addon as a wheel of the chosen series (OCA style, built by whool from the files git
# tracks) in dist/: odoo_addon_crm_interaction_log-<series>.x.y.z-py3-none-any.whl. The
# manifest holds the series-less version x.y.z, which Odoo itself reads as
# <series>.x.y.z (adapt_version); the wheel is built from a copy of the addon whose
# manifest says <series>.x.y.z, so each series has its own wheel and Odoo installs it
# only on that series.
cmd_dist() {
    setup_venv
    local stage version wheel
    stage=$(mktemp -d "${TMPDIR:-/tmp}/cil-dist.XXXXXX")
    # shellcheck disable=SC2064  # expanded now: $stage is local
    trap "rm -rf '$stage'" EXIT
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        local untracked
        untracked=$(git ls-files --others --exclude-standard -- "$ADDON")
        [ -z "$untracked" ] || printf 'note: not in the wheel (untracked by git):\n%s\n' "$untracked"
        git ls-files -z -- "$ADDON" | while IFS= read -r -d '' f; do
            [ -e "$f" ] || continue  # deleted in the working tree
            mkdir -p "$stage/$(dirname "$f")" && cp -p "$f" "$stage/$f"
        done
    else
        cp -rp "$ADDON" "$stage/$ADDON"
    fi
    version=$("$VENV/bin/python" - "$stage/$ADDON/__manifest__.py" "$ODOO_SERIES" <<'PY'
import ast, re, sys
path, series = sys.argv[1:]
text = open(path, encoding="utf-8").read()
version = ast.literal_eval(text)["version"]
if not re.fullmatch(r"\d+\.\d+\.\d+", version):
    sys.exit(f"{path}: version {version!r} is not the series-less x.y.z form")
text, count = re.subn(r'("version"\s*:\s*")[^"]*(")', rf"\g<1>{series}.{version}\g<2>", text)
assert count == 1, count
open(path, "w", encoding="utf-8").write(text)
print(f"{series}.{version}")
PY
) || die "The manifest version cannot be read (see above)."
    wheel="dist/odoo_addon_${ADDON}-${version}-py3-none-any.whl"
    mkdir -p dist
    rm -f dist/odoo_addon_"$ADDON"-*.whl
    "$VENV/bin/pip" wheel --quiet --no-deps --no-build-isolation --wheel-dir dist "$stage/$ADDON" \
        || die "Building the wheel failed (see pip's output above)."
    rm -rf "$stage"
    trap - EXIT
    [ -f "$wheel" ] || die "No $wheel after the build: $(ls dist)"
    echo "$wheel"
}

# The wheel and the Odoo bootstrap, tested for real (tools/tests: a fresh virtual
# environment installs the wheel and Odoo installs the addon from it; a local git
# repository stands in for Odoo's).
cmd_test_packaging() {
    prepare
    export ODOO_PATH_RESOLVED="$ODOO_BIN" ODOO_ADDONS_RESOLVED="$ODOO_ADDONS"
    "$VENV/bin/python" -m pytest -p no:odoo -p no:cacheprovider -q -rfEs tools/tests
}

case "${1:-}" in
    setup) cmd_setup ;;
    run) cmd_run ;;
    test) cmd_test ;;
    test-crm) cmd_test_crm ;;
    lint) cmd_lint ;;
    bench) shift; cmd_bench "$@" ;;
    check-reinstall) cmd_check_reinstall ;;
    dist) cmd_dist ;;
    test-packaging) cmd_test_packaging ;;
    *) die "usage: tools/odoo.sh setup|run|test|test-crm|lint|bench|check-reinstall|dist|test-packaging" ;;
esac
