"""Benchmark rows of "one history", for ``make bench``.

``run(env, measure, count)`` measures, side by side in one transaction that
is rolled back afterwards, ``count`` single user operations each (one at a
time, as users do them), without and with the automatic logging they now
trigger:

(o) an email posted from an opportunity's chatter (no rule) and
(p) the same with an ``email_sent`` rule (one entry logged per email);
(q) an incoming customer email processed by the mail gateway (no rule) and
(r) the same with an ``email_received`` rule;
(s) an activity marked done with feedback (type without template) and
(t) the same with a type that has an interaction template;
(q2) a customer's reply to an interaction email processed by the gateway
    onto its entry (replies not logged in that company) and
(r2) the same reply logged as an inbound answer.

The two variants of a pair run alternately, one operation each (after a warm-up
of both), so the load of a shared machine weighs on both alike; the plain
variant runs on opportunities of a company without rules (it pays only the
cached rule lookup). ``check(rows)`` gives the target: logging adds <= 25%
to the operation it follows, compared on the median time per operation over
the chunks (robust to the bursts of other processes); totals are reported
too.

Standalone: ``python tools/bench_history.py --db <database with the addon>
[--count 300]`` (the database is left unchanged).
"""

import statistics

MAX_OVERHEAD = 1.25
CHUNK = 1
PAIRS = (
    ("o_email_post", "p_email_post_logged"),
    ("q_email_received", "r_email_received_logged"),
    ("s_activity_done", "t_activity_done_logged"),
    ("q2_reply_received", "r2_reply_logged"),
)
RAW_EMAIL = """Return-Path: <{email}>
From: {name} <{email}>
To: sales@example.com
Subject: Re: {subject}
Message-ID: <bench-h11-{tag}-{number}@customer.example.com>
In-Reply-To: {parent}
References: {parent}
Date: Tue, 24 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Thank you, we accept the offer.
"""


def _create_leads(env, count, tag, company):
    partners = env["res.partner"].create(
        [
            {"name": f"H11 bench {tag} {n}", "email": f"h11.{tag}.{n}@example.com"}
            for n in range(count)
        ]
    )
    leads = (
        env["crm.lead"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"H11 bench {tag} {n}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "team_id": False,
                }
                for n, partner in enumerate(partners)
            ]
        )
    )
    env.flush_all()
    return leads


def _post(leads):
    for lead in leads:
        lead.message_post(
            body="<p>Here is our offer.</p>",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=lead.partner_id.ids,
        )
    leads.env.flush_all()


def _receive(env, leads, tag):
    """Customers reply to the last message of each lead."""
    Thread = env["mail.thread"]
    for lead in leads:
        raw = RAW_EMAIL.format(
            email=lead.partner_id.email,
            name=lead.partner_id.name,
            subject=lead.name,
            tag=tag,
            number=lead.id,
            parent=lead.message_ids[:1].message_id,
        )
        Thread.message_process("crm.lead", raw)
    env.flush_all()


def _answered_entries(env, leads, company):
    """An interaction of each lead's contact, with the email it sent (a
    message in the entry's chatter) for the customer to answer."""
    entries = env["crm.interaction.log.entry"].create(
        [
            {
                "partner_id": lead.partner_id.id,
                "template_id": env.ref(
                    "crm_interaction_log.interaction_template_email_out"
                ).id,
                "company_id": company.id,
                "lead_id": lead.id,
            }
            for lead in leads
        ]
    )
    for entry in entries:
        entry.message_post(body="<p>Our offer.</p>", subtype_xmlid="mail.mt_note")
    env.flush_all()
    return entries


def _receive_replies(env, entries, tag):
    """Customers answer the email of each entry."""
    Thread = env["mail.thread"]
    for entry in entries:
        raw = RAW_EMAIL.format(
            email=entry.partner_id.email,
            name=entry.partner_id.name,
            subject=entry.description,
            tag=f"reply-{tag}",
            number=entry.id,
            parent=entry.message_ids[:1].message_id,
        )
        Thread.message_process(False, raw)
    env.flush_all()


def _schedule(env, leads, activity_type):
    activities = env["mail.activity"]
    for lead in leads:
        activities |= lead.activity_schedule(
            activity_type_id=activity_type.id, user_id=env.uid
        )
    env.flush_all()
    return activities


def _mark_done(activities):
    for activity in activities:
        activity.action_feedback(feedback="Customer wants a quote")
    activities.env.flush_all()


class SideBySide:
    """Measure two variants of an operation in alternating chunks, so that
    the load of a shared machine weighs on both alike; results add up."""

    def __init__(self, measure, chunk=CHUNK):
        self.measure = measure
        self.chunk = chunk
        self.totals = {}

    def run(self, step, function, records):
        for start in range(0, len(records), self.chunk):
            yield step, function, records[start : start + self.chunk]

    def measure_pair(self, plain, logged):
        """``plain`` and ``logged``: (step, function, records), run chunk by
        chunk alternately."""
        for (step_a, fn_a, recs_a), (step_b, fn_b, recs_b) in zip(
            self.run(*plain), self.run(*logged), strict=True
        ):
            for step, function, chunk in (
                (step_a, fn_a, recs_a),
                (step_b, fn_b, recs_b),
            ):
                # no full collection before each of hundreds of operations:
                # the collections fall on both variants alike
                with self.measure(collect=False) as m:
                    function(chunk)
                self._add(step, m.result(len(chunk)), m.seconds)

    def _add(self, step, result, seconds):
        total = self.totals.setdefault(
            step,
            {"rows": 0, "seconds": 0.0, "queries": 0, "peak_mb": 0.0, "chunks": []},
        )
        total["chunks"].append(seconds / result["rows"])
        total["rows"] += result["rows"]
        total["seconds"] += seconds
        total["queries"] += result["queries"]
        total["peak_mb"] = max(total["peak_mb"], result["peak_mb"])

    def rows(self):
        result = []
        for step, total in self.totals.items():
            seconds = round(total["seconds"], 3)
            result.append(
                {
                    "step": step,
                    "rows": total["rows"],
                    "seconds": seconds,
                    "rows_per_second": round(total["rows"] / seconds)
                    if seconds
                    else None,
                    "queries": total["queries"],
                    "peak_mb": total["peak_mb"],
                    # per operation, median over the chunks: robust to the
                    # bursts of other processes on a shared machine
                    "median_ms": round(statistics.median(total["chunks"]) * 1000, 2),
                }
            )
        return result


def run(env, measure, count):
    Rule = env["crm.interaction.auto.rule"]
    Entry = env["crm.interaction.log.entry"]
    lead_model = env["ir.model"]._get_id("crm.lead")
    company = env.company
    # the plain variants run on the opportunities of a company without rules,
    # so both variants alternate without touching the rules (which would
    # clear the caches): the plain one pays only the rule lookup
    other_company = env["res.company"].create({"name": "H11 bench no rules"})
    plain_leads = _create_leads(env, count, "plain", other_company)
    logged_leads = _create_leads(env, count, "logged", company)
    Rule.create(
        [
            {
                "model_id": lead_model,
                "event": event,
                "template_id": env.ref(f"crm_interaction_log.{xmlid}").id,
                "company_id": company.id,
            }
            for event, xmlid in (
                ("email_sent", "interaction_template_email_out"),
                ("email_received", "interaction_template_email_in"),
            )
        ]
    )
    side = SideBySide(measure)
    # warm-up: one of each
    _post(plain_leads[:1] | logged_leads[:1])

    # (o)/(p) emails posted
    before = Entry.search_count([])
    side.measure_pair(
        ("o_email_post", _post, plain_leads),
        ("p_email_post_logged", _post, logged_leads),
    )
    logged = Entry.search_count([]) - before
    assert logged == count, f"{logged} entries for {count} emails"

    # (q)/(r) emails received through the gateway
    _receive(env, plain_leads[:1] | logged_leads[:1], "warm")
    before = Entry.search_count([])
    side.measure_pair(
        ("q_email_received", lambda leads: _receive(env, leads, "plain"), plain_leads),
        (
            "r_email_received_logged",
            lambda leads: _receive(env, leads, "logged"),
            logged_leads,
        ),
    )
    logged = Entry.search_count([]) - before
    assert logged == count, f"{logged} entries for {count} emails received"

    # (s)/(t) activities marked done
    plain_type = env["mail.activity.type"].create({"name": "H11 bench call"})
    logged_type = env["mail.activity.type"].create(
        {
            "name": "H11 bench logged call",
            "interaction_template_id": env.ref(
                "crm_interaction_log.interaction_template_call_out"
            ).id,
        }
    )
    plain = _schedule(env, plain_leads, plain_type)
    logged_activities = _schedule(env, logged_leads, logged_type)
    _mark_done(plain[:1] | logged_activities[:1])
    before = Entry.search_count([])
    side.measure_pair(
        ("s_activity_done", _mark_done, plain[1:]),
        ("t_activity_done_logged", _mark_done, logged_activities[1:]),
    )
    logged = Entry.search_count([]) - before
    assert logged == count - 1, f"{logged} entries for {count - 1} activities"

    # (q2)/(r2) replies to interaction emails
    other_company.interaction_log_replies = False
    company.interaction_log_replies = True
    plain_entries = _answered_entries(env, plain_leads, other_company)
    logged_entries = _answered_entries(env, logged_leads, company)
    _receive_replies(env, plain_entries[:1] | logged_entries[:1], "warm")
    before = Entry.search_count([("reply_to_entry_id", "!=", False)])
    side.measure_pair(
        (
            "q2_reply_received",
            lambda entries: _receive_replies(env, entries, "plain"),
            plain_entries[1:],
        ),
        (
            "r2_reply_logged",
            lambda entries: _receive_replies(env, entries, "logged"),
            logged_entries[1:],
        ),
    )
    logged = Entry.search_count([("reply_to_entry_id", "!=", False)]) - before
    assert logged == count - 1, f"{logged} answers for {count - 1} replies"

    env.cr.rollback()
    env.invalidate_all()
    env.registry.clear_cache()
    return side.rows()


def check(rows):
    """Target: automatic logging adds <= 25% to the cost of the email,
    reply or activity it follows."""
    by_step = {row["step"]: row for row in rows}
    checks = []
    for plain, logged in PAIRS:
        base = by_step[plain]["median_ms"]
        with_log = by_step[logged]["median_ms"]
        ratio = with_log / base if base else float("inf")
        checks.append(
            {
                "target": f"{logged} costs <= {MAX_OVERHEAD:.2f}x {plain} "
                "(median per operation)",
                "ok": ratio <= MAX_OVERHEAD,
                "measured": f"{ratio:.2f}x ({with_log} ms vs {base} ms; totals "
                f"{by_step[logged]['seconds']} s vs {by_step[plain]['seconds']} s)",
            }
        )
    return checks


def main():
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench  # noqa: PLC0415

    return bench.run_standalone(run, check, 300, __doc__.split("\n")[0])


if __name__ == "__main__":
    raise SystemExit(main())
