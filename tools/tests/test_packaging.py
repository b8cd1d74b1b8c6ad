"""The addon as an OCA wheel of the series (``ODOO_SERIES``).

``make dist`` builds ``odoo_addon_crm_interaction_log-<series>.<manifest
version>`` with whool (the manifest holds the series-less ``x.y.z``; the
wheel's manifest says ``<series>.x.y.z``); a clean virtual environment installs
it (``pip install --no-deps``) and
Odoo, run by that environment's interpreter with an addons path that does not
hold this repository, installs the addon from the wheel's ``odoo/addons``.

The clean environment gets Odoo's own Python dependencies through one ``.pth``
line naming the site-packages of the repository's ``.venv-<series>`` (as an integrator's
environment would have them pip-installed); the Odoo source is found as
``tools/odoo.sh`` finds it.
"""

import ast
import email.parser
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest
from conftest import ADDON, ROOT, SERIES, run

MANIFEST = ast.literal_eval((ROOT / ADDON / "__manifest__.py").read_text())
VERSION = f"{SERIES}.{MANIFEST['version']}"
DIST_NAME = f"odoo-addon-{ADDON}"
WHEEL_NAME = f"odoo_addon_{ADDON}-{VERSION}-py3-none-any.whl"
PREFIX = f"odoo/addons/{ADDON}/"
LOG_PROBLEM = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) "
)

# Run by the clean environment's python: open the registry of the database the
# way the server does and report where the addon really came from.
PROBE = r"""
import json, sys
odoo_root, db, addons_path, data_dir, addon = sys.argv[1:6]
if odoo_root:
    sys.path.insert(0, odoo_root)
import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
odoo.tools.config.parse_config(
    ["-d", db, "--addons-path", addons_path, "--data-dir", data_dir, "--log-level=warn"]
)
registry = Registry(db)
module = sys.modules["odoo.addons." + addon]
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    record = env["ir.module.module"].search([("name", "=", addon)])
    result = {
        "module_file": module.__file__,
        "module_path": get_module_path(addon),
        "addons_path": list(odoo.addons.__path__),
        "state": record.state,
        "installed_version": record.latest_version,
        "entry_model": "crm.interaction.log.entry" in env,
    }
print("PROBE " + json.dumps(result))
"""


@pytest.fixture(scope="module")
def wheel():
    """``make dist``: the wheel it prints and writes in dist/."""
    result = run(["bash", "tools/odoo.sh", "dist"], timeout=300)
    path = ROOT / "dist" / WHEEL_NAME
    assert result.stdout.strip().splitlines()[-1] == f"dist/{WHEEL_NAME}"
    assert path.is_file()
    others = [p.name for p in (ROOT / "dist").glob(f"odoo_addon_{ADDON}-*.whl")]
    assert others == [WHEEL_NAME], "make dist leaves exactly one wheel of the addon"
    return path


def test_wheel_is_the_oca_package_of_the_addon(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = f"odoo_addon_{ADDON}-{VERSION}.dist-info/"
        metadata = email.parser.HeaderParser().parsestr(
            archive.read(dist_info + "METADATA").decode()
        )
        wheel_manifest = ast.literal_eval(
            archive.read(PREFIX + "__manifest__.py").decode()
        )
    assert metadata["Name"] == DIST_NAME
    assert metadata["Version"] == VERSION
    assert re.fullmatch(r"\d+\.\d+\.\d+", MANIFEST["version"])
    assert metadata.get_all("Requires-Dist") == [f"odoo=={SERIES}.*"]
    # the wheel's manifest names its series: Odoo installs it on that series only
    assert wheel_manifest == {**MANIFEST, "version": VERSION}

    addon_files = {n[len(PREFIX) :] for n in names if n.startswith(PREFIX)}
    assert set(names) - {PREFIX + f for f in addon_files} == {
        dist_info + f for f in ("METADATA", "WHEEL", "top_level.txt", "RECORD")
    }
    # whool packs what git tracks (as in the working tree), never pyproject.toml
    tracked = run(["git", "ls-files", "--", "."], cwd=ROOT / ADDON).stdout.split()
    assert addon_files == set(tracked) - {"pyproject.toml"}
    needed = {"__init__.py", "__manifest__.py", *MANIFEST["data"], *MANIFEST["demo"]}
    assert needed <= addon_files, needed - addon_files


def build(checkout):
    """``make dist`` in another checkout (with this one's virtual environment)."""
    venv = checkout / f".venv-{SERIES}"
    if not venv.exists():
        venv.symlink_to(ROOT / f".venv-{SERIES}")
    out = run(["bash", "tools/odoo.sh", "dist"], cwd=checkout, timeout=300).stdout
    wheel = checkout / out.strip().splitlines()[-1]
    assert [p.name for p in (checkout / "dist").iterdir()] == [wheel.name]
    return wheel


def test_wheel_version_is_the_manifest_version_in_any_checkout(tmp_path):
    """A shallow clone (as CI makes) and uncommitted changes give the same name."""
    clone = tmp_path / "clone"
    run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(clone)])
    addon = clone / ADDON
    version = ast.literal_eval((addon / "__manifest__.py").read_text())["version"]
    name = f"odoo_addon_{ADDON}-{SERIES}.{version}-py3-none-any.whl"
    assert build(clone).name == name

    readme = (addon / "README.rst").read_text() + "\nAn uncommitted change.\n"
    (addon / "README.rst").write_text(readme)
    (addon / "scratch.txt").write_text("untracked\n")
    dirty = build(clone)
    assert dirty.name == name
    with zipfile.ZipFile(dirty) as archive:
        assert archive.read(PREFIX + "README.rst").decode() == readme
        assert PREFIX + "scratch.txt" not in archive.namelist()


def test_clean_venv_installs_the_wheel_and_odoo_installs_the_addon_from_it(
    wheel, odoo_location, tmp_path
):
    odoo_bin, odoo_addons = odoo_location
    env_dir = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(env_dir)], timeout=300)
    python = env_dir / "bin" / "python"
    run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel],
        timeout=300,
    )
    site = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
    ).stdout.strip()
    installed = os.path.join(site, "odoo", "addons", ADDON)
    assert os.path.isfile(os.path.join(installed, "__manifest__.py"))
    # Odoo's Python dependencies (not Odoo, not the addon) from the repository's .venv
    deps = sysconfig.get_path("purelib")
    assert not os.path.exists(os.path.join(deps, "odoo", "addons", ADDON))
    with open(os.path.join(site, "odoo_dependencies.pth"), "w") as pth:
        pth.write(deps + "\n")
    metadata = f"import importlib.metadata as m; print(m.version('{DIST_NAME}'))"
    dist = run([python, "-c", metadata])
    assert dist.stdout.strip() == VERSION

    # Odoo's addons only: the repository is not in the addons path nor the cwd
    db = f"cil_packaging_{os.getpid()}"
    work = tmp_path / "work"
    work.mkdir()
    data_dir = tmp_path / "data"
    odoo_cmd = [python, *(["-m", "odoo"] if odoo_bin == "-m odoo" else [odoo_bin])]
    odoo_root = "" if odoo_bin == "-m odoo" else os.path.dirname(odoo_bin)
    assert str(ROOT) not in odoo_addons
    run(["dropdb", "--if-exists", db])
    try:
        install = run(
            [*odoo_cmd, "-d", db, f"--addons-path={odoo_addons}"]
            + [f"--data-dir={data_dir}", "-i", ADDON, "--stop-after-init"]
            # 19.0 loads no demo data by default (and warns on "=all")
            + (["--without-demo=all"] if SERIES == "18.0" else [])
            + ["--http-port=0", "--http-interface=127.0.0.1", "--log-level=info"],
            cwd=work,
            timeout=900,
        )
        log = install.stdout + install.stderr
        problems = [line for line in log.splitlines() if LOG_PROBLEM.match(line)]
        assert not problems, "\n".join(problems[:20])
        assert f"Loading module {ADDON} " in log

        query = "select state, latest_version from ir_module_module where name=%r"
        state = run(["psql", "-d", db, "-XtAc", query % ADDON]).stdout.strip()
        assert state == f"installed|{VERSION}"

        probe = run(
            [python, "-c", PROBE, odoo_root, db, odoo_addons, str(data_dir), ADDON],
            cwd=work,
            timeout=300,
        )
        line = next(x for x in probe.stdout.splitlines() if x.startswith("PROBE "))
        found = json.loads(line[len("PROBE ") :])
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
    assert found["state"] == "installed"
    assert found["installed_version"] == VERSION
    assert found["entry_model"]
    assert found["module_path"] == installed
    assert found["module_file"] == os.path.join(installed, "__init__.py")
    assert not any(p.startswith(str(ROOT)) for p in found["addons_path"])
    assert not any(p.startswith(str(ROOT.resolve())) for p in found["addons_path"])
