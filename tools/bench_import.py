"""Benchmark row (x) of the Business Central import, for ``make bench``.

``run(env, measure, count)`` builds, as setup (not measured), ``count``
contacts with a BC Contact No. as reference and an "Open in Excel" workbook
of ``count`` Interaction Log Entries for them (English captions, real dates,
every tenth entry canceled, every fifth with a comment line in a second sheet),
then measures in one transaction that is rolled back afterwards:

(x) the import of that workbook by ``crm.interaction.bc.import`` (reading
    the XLSX, matching, the set-based insert, the cancellations with their
    status history, the comments), with what runs at commit;
(y) the dry run of the same workbook once imported (everything is already
    there: it reads and matches only).

``check(rows)`` gives the target: (x) imports 100,000 entries in <= 60 s.

Standalone: ``python tools/bench_import.py --db <database with the addon>
[--count 100000]`` (the database is left unchanged).
"""

import base64
import datetime
import io

TARGET_SECONDS = 60
HEADER = [
    "Canceled",
    "Attempt Failed",
    "Date",
    "Time of Interaction",
    "Interaction Group Code",
    "Interaction Template Code",
    "Description",
    "Contact No.",
    "Contact Name",
    "Evaluation",
    "Cost (LCY)",
    "Duration (Min.)",
    "Salesperson Code",
    "Campaign No.",
    "Campaign Target",
    "Campaign Response",
    "Information Flow",
    "Initiated By",
    "Subject",
    "Entry No.",
]
EVALUATIONS = ["", "Very Positive", "Positive", "Neutral", "Negative", "Very Negative"]


def _create_contacts(env, count):
    """``count // 10`` contacts (ten entries each) with the reference
    ``BCB<n>`` (setup in SQL, not measured)."""
    contacts = max(count // 10, 1)
    env.cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, active, type, is_company,
                                 create_date, write_date, create_uid, write_uid)
        SELECT 'BC bench ' || n, 'BC bench ' || n, 'BCB' || n, TRUE, 'contact',
               FALSE, now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
          FROM generate_series(1, %(count)s) n
     RETURNING id
        """,
        {"count": contacts},
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    env.invalidate_all()
    return contacts


def _workbook(count, contacts):
    import xlsxwriter  # noqa: PLC0415 - an Odoo dependency

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet("Interaction Log Entries")
    sheet.write_row(0, 0, HEADER)
    comments = workbook.add_worksheet("Comments")
    comments.write_row(0, 0, ["Entry No.", "Line No.", "Date", "Comment"])
    start = datetime.datetime(2016, 1, 1)
    comment_row = 1
    for n in range(1, count + 1):
        date = start + datetime.timedelta(days=n % 3000)
        template = ("CALL_OUT", "CALL_IN", "MEETING", "LETTER")[n % 4]
        sheet.write_row(n, 0, ["Yes" if n % 10 == 0 else "No", "No"])
        sheet.write_datetime(n, 2, date, date_format)
        sheet.write_row(
            n,
            3,
            [
                f"{8 + n % 10:02d}:{n % 60:02d}:00",
                "",
                template,
                f"BC interaction {n}",
                f"BCB{1 + n % contacts}",
                f"BC bench {1 + n % contacts}",
                EVALUATIONS[n % 6],
                round((n % 50) * 1.25, 2),
                n % 90,
                "",
                "",
                "No",
                "No",
                "Outbound" if n % 3 else "Inbound",
                "Us" if n % 3 else "Them",
                "",
                n,
            ],
        )
        if n % 5 == 0:
            comments.write_row(comment_row, 0, [n, 10000, "", f"Comment on entry {n}"])
            comment_row += 1
    workbook.close()
    return buffer.getvalue()


def run(env, measure, count):
    """Rows (x) and (y) for ``count`` entries; rolls back at the end."""
    contacts = _create_contacts(env, count)
    data = base64.b64encode(_workbook(count, contacts))
    Wizard = env["crm.interaction.bc.import"]
    rows = []
    try:
        wizard = Wizard.create(
            {"data_file": data, "file_name": "Interaction Log Entries.xlsx"}
        )
        wizard.dry_run = False
        env.flush_all()
        with measure() as m:
            wizard.action_import()
            env.flush_all()
            env.cr.precommit.run()
            env.flush_all()
            env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")
        imported = env["crm.interaction.log.entry"].search_count(
            [("external_ref", "!=", False)]
        )
        assert imported == count, f"{imported} entries imported of {count}"
        assert wizard.entry_canceled_count == count // 10
        assert wizard.comment_entry_count == count // 5
        rows.append({"step": "x_bc_import", **m.result(count)})
        again = Wizard.create(
            {"data_file": data, "file_name": "Interaction Log Entries.xlsx"}
        )
        env.flush_all()
        with measure() as m:
            again.action_import()
            env.flush_all()
        assert again.entry_existing_count == count
        rows.append({"step": "y_bc_import_dry_run_again", **m.result(count)})
    finally:
        env.cr.rollback()
    return rows


def check(rows):
    by_step = {row["step"]: row for row in rows}
    x = by_step["x_bc_import"]
    # 60 s per 100,000 entries (smaller runs get the 100,000 allowance)
    limit = TARGET_SECONDS * max(x["rows"], 100_000) / 100_000
    return [
        {
            "target": f"{x['rows']:,} Business Central entries import in "
            f"<= {limit:.0f} s",
            "ok": x["seconds"] <= limit,
            "measured": f"{x['seconds']} s, {x['queries']} queries, {x['peak_mb']} MB",
        }
    ]


def main():
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench  # noqa: PLC0415

    return bench.run_standalone(run, check, 100_000, __doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
