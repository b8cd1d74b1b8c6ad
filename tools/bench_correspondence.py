"""Benchmark rows of the correspondence, for ``make bench``.

``run(env, measure, count)`` measures, on ``count`` contacts with an email
address, in one transaction that is rolled back afterwards:

(u) logging a ``count``-line segment of an email template without sending;
(v) logging the same kind of segment with ``send_correspondence=True``: the
    subject and body rendered per contact and ``count`` emails queued;
    (u) and (v) run ``RUNS`` times, alternating, and the median run is given;
(w) Odoo's own mass-mode composer (``mail.compose.message``,
    ``composition_mode='mass_mail'``) queueing the same emails to the same
    contacts.

``check(rows)`` gives the targets: (v) <= 3x (u) and (w) / (v) >= 10.

Standalone: ``python tools/bench_correspondence.py --db <database with the addon>
[--count 10000]`` (the database is left unchanged).
"""

SUBJECT = "Our spring offer for {{ object.partner_id.name }}"
BODY = (
    '<p>Dear <t t-out="object.partner_id.name"/>,</p>'
    "<p>our spring offer is out: see the attached price list.</p>"
)
# runs of (u) and (v), of which the median is reported
RUNS = 3
COMPOSER_SUBJECT = "Our spring offer for {{ object.name }}"
COMPOSER_BODY = (
    '<p>Dear <t t-out="object.name"/>,</p>'
    "<p>our spring offer is out: see the attached price list.</p>"
)


def run(env, measure, count, composer=True):
    """Rows (u), (v) and (w) for ``count`` contacts; rolls back at the end."""
    env.user.email = env.user.email or "bench@example.com"
    attachment = env["ir.attachment"].create(
        {"name": "price_list.txt", "raw": b"Price list", "mimetype": "text/plain"}
    )
    group = env["crm.interaction.group"].create(
        {"code": "BENCH_MAIL", "name": "Benchmark emails"}
    )
    template = env["crm.interaction.template"].create(
        {
            "code": "BENCH_MAIL",
            "name": "Benchmark email",
            "group_id": group.id,
            "correspondence_type": "email",
            "ignore_contact_correspondence_type": True,
            "subject": SUBJECT,
            "body": BODY,
            "attachment_ids": [(6, 0, attachment.ids)],
        }
    )
    from bench import (  # noqa: PLC0415
        committed,
        create_contacts,
        create_segment,
        median_run,
    )

    partner_ids = create_contacts(env, count, "Mail bench", with_email=True)
    env.flush_all()
    runs = {"u": [], "v": []}
    # (u) and (v) alternate RUNS times, each run rolled back to where it
    # started: a ratio of two single timings would be at the mercy of one
    # noisy moment of the machine; the rows give the median run
    for _run in range(RUNS):
        env.cr.execute("SAVEPOINT bench_correspondence_run")
        segment_plain = create_segment(env, partner_ids, template)
        segment_send = create_segment(env, partner_ids, template)
        env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
        last_mail = env.cr.fetchone()[0]
        env.flush_all()

        with measure() as m:
            segment_plain.action_log()
            committed(env)
        runs["u"].append(m.result(count))

        with measure() as m:
            segment_send.action_log(send_correspondence=True)
            committed(env)
        runs["v"].append(m.result(count))
        queued = env["mail.mail"].search_count([("id", ">", last_mail)])
        assert queued == count, f"{queued} emails queued for {count} lines"
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_correspondence_run")
        env.invalidate_all()
    rows = [
        {"step": "u_log_email_segment_no_send", **median_run(runs["u"])},
        {"step": "v_log_email_segment_send", **median_run(runs["v"])},
    ]

    if not composer:
        env.cr.rollback()
        env.invalidate_all()
        return rows
    env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
    last_mail = env.cr.fetchone()[0]
    env.invalidate_all()
    with measure() as m:
        composer = (
            env["mail.compose.message"]
            .with_context(active_model="res.partner")
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": "res.partner",
                    "res_ids": repr(partner_ids),
                    "subject": COMPOSER_SUBJECT,
                    "body": COMPOSER_BODY,
                    "attachment_ids": [(6, 0, attachment.ids)],
                    "auto_delete": True,
                }
            )
        )
        composer._action_send_mail()
        committed(env)
    rows.append({"step": "w_mass_mail_composer", **m.result(count)})
    queued = env["mail.mail"].search_count([("id", ">", last_mail)])
    assert queued == count, f"{queued} emails queued by the composer for {count}"
    env.cr.rollback()
    env.invalidate_all()
    return rows


def check(rows):
    """Targets of sending on the rows of one size."""
    by_step = {row["step"]: row for row in rows}
    plain = by_step["u_log_email_segment_no_send"]["seconds"]
    send = by_step["v_log_email_segment_send"]["seconds"]
    composer = by_step["w_mass_mail_composer"]["seconds"]
    count = by_step["v_log_email_segment_send"]["rows"]
    ratio = send / plain if plain else float("inf")
    speedup = composer / send if send else float("inf")
    return [
        {
            "target": f"{count:,} emails queued by logging in <= 3x logging "
            "without sending",
            "ok": ratio <= 3,
            "measured": f"{ratio:.1f}x ({send} s vs {plain} s)",
        },
        {
            "target": f"{count:,}-contact segment with sending >= 10x faster than "
            "the mass-mail composer",
            "ok": speedup >= 10,
            "measured": f"{speedup:.1f}x ({composer} s vs {send} s)",
        },
    ]


def main():
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench  # noqa: PLC0415

    return bench.run_standalone(run, check, 10000, __doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
