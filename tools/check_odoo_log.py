"""Judge a test run of crm_interaction_log strictly.

Odoo's runner says "0 failed" even when it skipped every browser tour (no
Chromium, no websocket-client) or when the install logged warnings. This
script fails the run on any WARNING/ERROR/CRITICAL log line, any failed,
errored or skipped test, zero tests, or no tour that really ran in Chromium;
then it adds pytest-odoo's counts and prints the closing line
``N passed, M failed``.
"""

import argparse
import json
import re
import sys

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) (?P<db>\S+) (?P<logger>[\w.]+): "
    r"(?P<message>.*)$"
)
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
    r"when loading database"
)
SKIPPED = re.compile(r"^skipped ")
CHROME_STARTED = re.compile(r"^Chrome pid: \d+")
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)")


def check_odoo(path, odoo_rc, min_tests, min_tours):
    problems = []
    bad_lines, skipped, chrome_runs = [], [], 0
    summary = None
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = LOG_LINE.match(line.rstrip("\n"))
            if not match:
                continue
            level, message = match["level"], match["message"]
            if level in ("WARNING", "ERROR", "CRITICAL"):
                bad_lines.append(line.rstrip())
            if SKIPPED.match(message):
                skipped.append(message)
            if CHROME_STARTED.match(message):
                chrome_runs += 1
            found = SUMMARY.search(message)
            if found:
                summary = {k: int(v) for k, v in found.groupdict().items()}
    if bad_lines:
        problems.append(f"{len(bad_lines)} WARNING/ERROR/CRITICAL line(s) in the log:")
        problems.extend("    " + line[:400] for line in bad_lines[:30])
    if skipped:
        problems.append(
            f"{len(skipped)} skipped test(s) (a skipped test is a failure):"
        )
        problems.extend("    " + s[:300] for s in skipped[:20])
    if summary is None:
        problems.append("no test summary in the log: did the install fail?")
        summary = {"failed": 0, "errors": 0, "tests": 0}
    if summary["tests"] < min_tests:
        problems.append(
            f"only {summary['tests']} test(s) ran, at least {min_tests} expected"
        )
    if summary["failed"] or summary["errors"]:
        problems.append(
            f"{summary['failed']} failed and {summary['errors']} errored test(s)"
        )
    if chrome_runs < min_tours:
        problems.append(
            f"no browser tour ran in Chromium ({chrome_runs} Chrome start(s) seen, "
            f"{min_tours} expected): tours were skipped or missing"
        )
    if odoo_rc:
        problems.append(f"odoo-bin exited with status {odoo_rc}")
    failed = summary["failed"] + summary["errors"] + len(skipped)
    result = {
        "tests": summary["tests"],
        "passed": max(summary["tests"] - failed, 0),
        "failed": failed if not problems else max(failed, 1),
        "chrome_runs": chrome_runs,
        "problems": problems,
    }
    print(
        f"Odoo runner: {summary['tests']} tests, {summary['failed']} failed, "
        f"{summary['errors']} errors, {len(skipped)} skipped, "
        f"{chrome_runs} Chromium run(s), {len(bad_lines)} warning/error line(s)"
    )
    for problem in problems:
        print("FAIL:", problem)
    return result


def check_pytest(path, rc):
    counts = {}
    last = ""
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if re.search(r"\b(passed|failed|error|no tests ran)\b", line):
                last = line
    for number, kind in PYTEST_COUNT.findall(last):
        kind = "errors" if kind.startswith("error") else kind
        counts[kind] = counts.get(kind, 0) + int(number)
    passed = counts.get("passed", 0)
    failed = counts.get("failed", 0) + counts.get("errors", 0)
    problems = []
    if rc == 5 or not passed:
        problems.append("pytest-odoo ran no test")
    elif rc:
        problems.append(f"pytest exited with status {rc}")
    if counts.get("skipped"):
        problems.append(f"pytest skipped {counts['skipped']} test(s)")
    skipped = counts.get("skipped", 0)
    print(f"pytest-odoo: {passed} passed, {failed} failed, {skipped} skipped")
    for problem in problems:
        print("FAIL:", problem)
    return {
        "passed": passed,
        "failed": failed or (1 if problems else 0),
        "problems": problems,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log", nargs="?", help="odoo-bin test log")
    parser.add_argument("--odoo-rc", type=int, default=0)
    parser.add_argument("--min-tests", type=int, default=1)
    parser.add_argument("--min-tours", type=int, default=1)
    parser.add_argument("--pytest", help="pytest output to add to the Odoo results")
    parser.add_argument("--pytest-rc", type=int, default=0)
    parser.add_argument("--final", action="store_true", help="print the closing line")
    parser.add_argument("--summary", required=True, help="JSON file carrying results")
    args = parser.parse_args()

    if args.log:
        result = check_odoo(args.log, args.odoo_rc, args.min_tests, args.min_tours)
        with open(args.summary, "w", encoding="utf-8") as f:
            json.dump(result, f)
        return 1 if result["problems"] else 0

    with open(args.summary, encoding="utf-8") as f:
        result = json.load(f)
    passed, failed = result["passed"], result["failed"]
    ok = not result["problems"]
    if args.pytest:
        # pytest-odoo runs the non-browser tests of the Odoo runner again: the
        # closing line counts distinct tests (the runner's), and a test that
        # fails under either runner fails
        py = check_pytest(args.pytest, args.pytest_rc)
        failed += py["failed"]
        passed = max(passed - py["failed"], 0)
        ok = ok and not py["problems"]
        print(
            f"distinct tests: {result['tests']} (the Odoo runner's; pytest-odoo "
            f"ran {py['passed'] + py['failed']} of them again)"
        )
    print(f"{passed} passed, {failed} failed")
    return 0 if ok and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
