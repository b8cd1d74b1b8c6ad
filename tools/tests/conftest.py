"""Shared helpers of the packaging and bootstrap tests (``make test-packaging``).

These tests run commands for real: ``tools/odoo.sh``, git, pip, a fresh virtual
environment, Odoo and PostgreSQL. Nothing is mocked.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDON = "crm_interaction_log"
# the series tested: tools/odoo.sh exports the one it was run for
SERIES = os.environ.get("ODOO_SERIES", "18.0")


def run(args, *, env=None, cwd=ROOT, timeout=600, check=True):
    """Run a command, capture its output, fail the test with it on error."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode:
        pytest.fail(
            f"{' '.join(map(str, args))} exited with {result.returncode}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


@pytest.fixture(scope="session")
def odoo_location():
    """(odoo-bin or "-m odoo", Odoo's addons directory) as tools/odoo.sh finds them."""
    odoo_bin = os.environ.get("ODOO_PATH_RESOLVED")
    addons = os.environ.get("ODOO_ADDONS_RESOLVED")
    if not (odoo_bin and addons):
        out = run(["bash", "tools/odoo.sh", "setup"]).stdout
        line = next(x for x in out.splitlines() if x.startswith("Odoo: "))
        odoo_bin, addons = line[len("Odoo: ") :].split("; addons: ")
    return odoo_bin, addons
