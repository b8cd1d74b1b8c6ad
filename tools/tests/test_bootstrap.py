"""``make setup`` fetches a missing Odoo of the series (``ODOO_SERIES``) itself.

A real git repository made here stands in for Odoo's: a tiny tree with
``odoo-bin`` and ``odoo/release.py`` declaring the version of the series, two
commits on its series branch. ``tools/odoo.sh setup`` (what ``make setup``,
``make run`` and ``make test`` start with) runs with ``ODOO_PATH`` in a
temporary directory and ``ODOO_GIT_URL`` pointing at that repository, or at one
that does not exist (the no-network case).
"""

import os
import subprocess

import pytest
from conftest import ROOT, SERIES, run

GIT_ID = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}
MAJOR = int(SERIES.split(".")[0])
VERSION_INFO = f"({MAJOR}, 0, 0, FINAL, 0, '')"
OTHER = "17.0"  # a series that is not the one tested
MISSING = f"Odoo {SERIES} not found: no importable 'odoo' package ({SERIES})"
HOW_TO = (
    f"git clone -b {SERIES} --depth 1 https://github.com/odoo/odoo /opt/odoo/{SERIES}"
)


@pytest.fixture(scope="module", autouse=True)
def no_importable_odoo():
    """An importable `odoo` package wins over ODOO_PATH: then nothing is fetched."""
    for python in (str(ROOT / f".venv-{SERIES}" / "bin" / "python"), "python3"):
        found = subprocess.run(
            [python, "-c", "import odoo.release"], capture_output=True, check=False
        )
        assert found.returncode, (
            f"{python} imports an 'odoo' package: tools/odoo.sh uses it and never "
            "fetches Odoo, so the bootstrap cannot be tested in this environment"
        )


def fake_odoo_remote(base, branch=SERIES, version=VERSION_INFO):
    """A bare repository whose `branch` holds a minimal Odoo-looking tree."""
    src = base / "src"
    env = {**os.environ, **GIT_ID}
    run(["git", "init", "--quiet", "--initial-branch", branch, str(src)], env=env)
    (src / "odoo" / "addons").mkdir(parents=True)
    (src / "odoo-bin").write_text("#!/usr/bin/env python3\n# stand-in\n")
    (src / "odoo" / "__init__.py").write_text("")
    (src / "odoo" / "addons" / "__init__.py").write_text("")
    (src / "odoo" / "release.py").write_text("# an older commit\n")
    run(["git", "add", "-A"], cwd=src, env=env)
    run(["git", "commit", "--quiet", "-m", "older"], cwd=src, env=env)
    (src / "odoo" / "release.py").write_text(
        f"FINAL = 'final'\nversion_info = {version}\n"
    )
    run(["git", "commit", "--quiet", "-am", "newer"], cwd=src, env=env)
    remote = base / "odoo.git"
    run(["git", "clone", "--quiet", "--bare", str(src), str(remote)])
    return f"file://{remote}"


def setup(odoo_path, git_url):
    """`make setup` with Odoo looked for (and fetched) at odoo_path only."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ODOO_PATH_RESOLVED", "ODOO_ADDONS_RESOLVED", "PYTHON")
    }
    env["ODOO_SERIES"] = SERIES
    env.update(ODOO_PATH=str(odoo_path), ODOO_GIT_URL=git_url)
    return run(["bash", "tools/odoo.sh", "setup"], env=env, check=False, timeout=300)


def leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if ".partial" in p.name)


def test_setup_fetches_missing_odoo_with_a_shallow_clone_then_reuses_it(tmp_path):
    url = fake_odoo_remote(tmp_path)
    odoo_path = tmp_path / "cache" / f"odoo-{SERIES}"

    first = setup(odoo_path, url)
    assert first.returncode == 0, first.stderr
    assert f"Odoo {SERIES} not found: fetching it" in first.stdout
    assert first.stdout.strip().splitlines()[-1] == (
        f"Odoo: {odoo_path}/odoo-bin; addons: {odoo_path}/odoo/addons"
    )
    git = ["git", "-C", str(odoo_path)]
    assert run([*git, "rev-parse", "--is-shallow-repository"]).stdout.strip() == "true"
    assert run([*git, "rev-list", "--count", "HEAD"]).stdout.strip() == "1"
    assert run([*git, "branch", "--show-current"]).stdout.strip() == SERIES
    assert run([*git, "log", "-1", "--format=%s"]).stdout.strip() == "newer"
    assert leftovers(odoo_path.parent) == []

    # found from then on: no second fetch, even with the repository gone
    run(["rm", "-rf", url[len("file://") :]])
    second = setup(odoo_path, url)
    assert second.returncode == 0, second.stderr
    assert "fetching" not in second.stdout
    assert second.stdout.strip().splitlines()[-1].startswith(f"Odoo: {odoo_path}/")


@pytest.mark.parametrize("url", ["file:///nonexistent/odoo.git", ""])
def test_no_odoo_and_no_repository_stops_with_the_clear_message(tmp_path, url):
    odoo_path = tmp_path / "cache" / f"odoo-{SERIES}"
    result = setup(odoo_path, url)
    assert result.returncode == 2
    assert MISSING in result.stderr
    assert HOW_TO in result.stderr
    assert f"ODOO_PATH={odoo_path}" in result.stderr
    if url:
        assert f"Fetching Odoo {SERIES} from {url} failed" in result.stderr
    else:
        assert "ODOO_GIT_URL is empty: not fetching Odoo" in result.stderr
    assert not odoo_path.exists()
    assert not (tmp_path / "cache").exists() or leftovers(tmp_path / "cache") == []


def test_repository_without_a_branch_of_the_series_is_refused(tmp_path):
    odoo_path = tmp_path / f"odoo-{SERIES}"
    no_branch = fake_odoo_remote(tmp_path / "a", branch=OTHER)
    result = setup(odoo_path, no_branch)
    assert result.returncode == 2
    assert f"Fetching Odoo {SERIES} from" in result.stderr
    assert MISSING in result.stderr

    (tmp_path / "b").mkdir()
    other = fake_odoo_remote(tmp_path / "b", version="(17, 0, 0, FINAL, 0, '')")
    result = setup(odoo_path, other)
    assert result.returncode == 2
    assert f"Branch {SERIES} of {other} is not Odoo {SERIES}" in result.stderr
    assert MISSING in result.stderr
    assert not odoo_path.exists()
    assert leftovers(tmp_path) == []


def test_an_existing_directory_is_never_fetched_over(tmp_path):
    url = fake_odoo_remote(tmp_path)
    odoo_path = tmp_path / "mine"
    odoo_path.mkdir()
    (odoo_path / "notes.txt").write_text("keep me\n")
    result = setup(odoo_path, url)
    assert result.returncode == 2
    assert f"{odoo_path} exists but is not an Odoo {SERIES} tree" in result.stderr
    assert sorted(p.name for p in odoo_path.iterdir()) == ["notes.txt"]
    assert (odoo_path / "notes.txt").read_text() == "keep me\n"


def test_an_empty_directory_is_filled(tmp_path):
    url = fake_odoo_remote(tmp_path)
    odoo_path = tmp_path / "empty"
    odoo_path.mkdir()
    result = setup(odoo_path, url)
    assert result.returncode == 0, result.stderr
    assert (odoo_path / "odoo-bin").is_file()
