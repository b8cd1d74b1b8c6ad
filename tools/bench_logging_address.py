"""Benchmark rows of the logging address, for ``make bench``.

``run(env, measure, count)`` measures, side by side in one transaction that
is rolled back afterwards, ``count`` raw RFC 822 emails processed one at a
time by the mail gateway (``message_process``):

(x) a customer's email answering an opportunity's email, posted by the gateway
    into the opportunity's chatter (Odoo's own processing of an email, the
    yardstick), and
(y) a customer's email copied to the logging address (a Bcc: From the
    customer, To the salesperson, Delivered-To ``interactions@``), which
    finds the contact and its opportunity, logs one entry and keeps the email
    in the entry's chatter.

The two variants run alternately, one email each after a warm-up of both (as
``tools/bench_history.py``), so the load of a shared machine weighs on both
alike. ``check(rows)`` gives the target: an email through the logging address
costs <= 1.5x the gateway's processing of an email into a chatter, compared on
the median time per email; totals are reported too.

Standalone: ``python tools/bench_logging_address.py --db <database with the
addon> [--count 300]`` (the database is left unchanged).
"""

from bench_history import SideBySide, _create_leads

MAX_RATIO = 1.5
DOMAIN = "bench-logging.example.com"
RAW_EMAIL = """Return-Path: <{email}>
From: {name} <{email}>
To: {to}
{extra}Subject: {subject}
Message-ID: <bench-h21-{tag}-{number}@customer.example.com>
Date: Tue, 24 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Thank you, we accept the offer. Could you send the order confirmation?
"""


def _chatter(env, leads):
    """Customers answer the last email of each opportunity: into its chatter."""
    Thread = env["mail.thread"]
    for lead in leads:
        parent = lead.message_ids[:1].message_id
        raw = RAW_EMAIL.format(
            email=lead.partner_id.email,
            name=lead.partner_id.name,
            to="sales@example.com",
            extra=f"In-Reply-To: {parent}\nReferences: {parent}\n",
            subject=f"Re: {lead.name}",
            tag="chatter",
            number=lead.id,
        )
        Thread.message_process("crm.lead", raw)
    env.flush_all()


def _logging_address(env, leads, salesperson_email):
    """Customers' emails to their salesperson, Bcc to the logging address."""
    Thread = env["mail.thread"]
    for lead in leads:
        raw = RAW_EMAIL.format(
            email=lead.partner_id.email,
            name=lead.partner_id.name,
            to=salesperson_email,
            extra=f"Delivered-To: interactions@{DOMAIN}\n",
            subject=lead.name,
            tag="logged",
            number=lead.id,
        )
        Thread.message_process(None, raw)
    env.flush_all()


def run(env, measure, count):
    Entry = env["crm.interaction.log.entry"]
    company = env.company
    domain = env["mail.alias.domain"].search([("name", "=", DOMAIN)]) or env[
        "mail.alias.domain"
    ].create({"name": DOMAIN})
    company.alias_domain_id = domain
    Entry._set_logging_alias("interactions", company)
    env.user.email = "salesperson@bench-company.example.com"
    chatter_leads = _create_leads(env, count + 1, "h21chatter", company)
    for lead in chatter_leads:
        lead.message_post(
            body="<p>Here is our offer.</p>",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
    logged_leads = _create_leads(env, count + 1, "h21logged", company)
    env.flush_all()
    side = SideBySide(measure)
    # warm-up: one of each
    _chatter(env, chatter_leads[:1])
    _logging_address(env, logged_leads[:1], env.user.email)
    before = Entry.search_count([])
    side.measure_pair(
        ("x_email_into_chatter", lambda leads: _chatter(env, leads), chatter_leads[1:]),
        (
            "y_email_logging_address",
            lambda leads: _logging_address(env, leads, env.user.email),
            logged_leads[1:],
        ),
    )
    entries = Entry.search([("id", ">", 0)], order="id desc", limit=count)
    logged = Entry.search_count([]) - before
    assert logged == count, f"{logged} entries for {count} emails"
    assert set(entries.lead_id.ids) == set(logged_leads[1:].ids), "not linked"
    assert all(entries.mail_message_id), "an entry without its email"

    env.cr.rollback()
    env.invalidate_all()
    env.registry.clear_cache()
    return side.rows()


def check(rows):
    """Target of the logging address: an email through the logging address costs <=
    1.5x the gateway's processing of an email into a chatter."""
    by_step = {row["step"]: row for row in rows}
    base = by_step["x_email_into_chatter"]["median_ms"]
    logged = by_step["y_email_logging_address"]["median_ms"]
    ratio = logged / base if base else float("inf")
    return [
        {
            "target": f"y_email_logging_address costs <= {MAX_RATIO:.2f}x "
            "x_email_into_chatter (median per email)",
            "ok": ratio <= MAX_RATIO,
            "measured": f"{ratio:.2f}x ({logged} ms vs {base} ms; totals "
            f"{by_step['y_email_logging_address']['seconds']} s vs "
            f"{by_step['x_email_into_chatter']['seconds']} s)",
        }
    ]


def main():
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench  # noqa: PLC0415

    return bench.run_standalone(run, check, 300, __doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
