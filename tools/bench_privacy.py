"""Benchmark steps (x, y) of the privacy tools: Forget Contact on a person with
10,000 interactions (<= 5 s) and the retention job anonymising 100,000
logged interactions in committed batches (<= 30 s).

Called by tools/bench.py as ``run(env, measure, count)``; the entries are
written in SQL (setup, not measured), a tenth of the person's with an email
message. Standalone: ``python tools/bench_privacy.py --db <database with the
addon>`` (it commits: use a throwaway database).
"""

FORGET_TARGET_S = 5.0
CRON_TARGET_S = 30.0
CRON_ENTRIES = 100_000
CRON_CONTACTS = 1_000


def _insert_entries(env, partner_ids, per_partner, template, days_ago):
    env.cr.execute(
        """
        INSERT INTO crm_interaction_log_entry (
            partner_id, commercial_partner_id, template_id, group_id, user_id,
            description, subject, note, contact_via, date, state,
            information_flow, initiated_by, correspondence_type, cost, duration,
            company_id, create_date, write_date, create_uid, write_uid)
        SELECT p.id, p.id, %(template)s, %(group)s, 1,
               'Called ' || p.name || ' about the divorce', 'Personal ' || n,
               '<p>Prefers calls after 5</p>', '+358 40 123 4567',
               now() at time zone 'UTC' - %(days)s * interval '1 day',
               'logged', 'outbound', 'us', 'none', 0.5, 5, %(company)s,
               now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
          FROM res_partner p, generate_series(1, %(per_partner)s) n
         WHERE p.id = ANY(%(ids)s)
     RETURNING id
        """,
        {
            "template": template.id,
            "group": template.group_id.id,
            "company": env.company.id,
            "ids": partner_ids,
            "per_partner": per_partner,
            "days": days_ago,
        },
    )
    return [row[0] for row in env.cr.fetchall()]


def _create_partners(env, count, tag):
    env.cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, email, active, type,
                                 is_company, create_date, write_date,
                                 create_uid, write_uid)
        SELECT %(tag)s || n, %(tag)s || n, 'privacy' || n || '@example.com', TRUE,
               'contact', FALSE, now() at time zone 'UTC',
               now() at time zone 'UTC', 1, 1
          FROM generate_series(1, %(count)s) n
     RETURNING id
        """,
        {"count": count, "tag": tag},
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    return ids


def _stats(env, template):
    return env["crm.interaction.log.entry"]._get_interaction_stats(
        "template_id", template
    )[template.id][:3]


def run(env, measure, count):
    template = env.ref("crm_interaction_log.interaction_template_call_out")
    Entry = env["crm.interaction.log.entry"]
    rows = []

    # (x) Forget Contact: one person, ``count`` entries, a tenth with an email
    person = env["res.partner"].browse(_create_partners(env, 1, "Forget bench ")[0])
    entry_ids = _insert_entries(env, person.ids, count, template, 10)
    messages = env["mail.message"].create(
        [
            {
                "model": "res.partner",
                "res_id": person.id,
                "body": "<p>Your personal offer</p>",
                "subject": "Offer",
                "message_type": "email_outgoing",
            }
            for _n in range(count // 10)
        ]
    )
    env.cr.execute(
        """
        UPDATE crm_interaction_log_entry e SET mail_message_id = v.message_id
          FROM unnest(%s::int[], %s::int[]) AS v(entry_id, message_id)
         WHERE e.id = v.entry_id
        """,
        [entry_ids[: len(messages)], messages.ids],
    )
    env.cr.commit()
    env.invalidate_all()
    before = _stats(env, template)
    with measure() as m:
        erased = person._interaction_forget()
        env.flush_all()
        env.cr.precommit.run()
    env.cr.commit()
    left = Entry.search_count([("partner_id", "=", person.id)])
    row = m.result(count)
    row.update(
        step="x_forget_contact",
        erased=erased,
        left=left,
        figures_equal=_stats(env, template) == before,
    )
    rows.append(row)
    person.unlink()
    env.cr.commit()

    # (y) the retention job: 100,000 logged entries of 1,000 contacts, two
    # years old, anonymised in committed batches
    partner_ids = _create_partners(env, CRON_CONTACTS, "Retention bench ")
    _insert_entries(env, partner_ids, CRON_ENTRIES // CRON_CONTACTS, template, 730)
    env["ir.config_parameter"].set_param(
        "crm_interaction_log.logged_retention_months", "12"
    )
    env.cr.commit()
    env.invalidate_all()
    before = _stats(env, template)
    with measure() as m:
        done = Entry._cron_anonymize_expired_entries()
    env.cr.commit()
    left = Entry.search_count(
        [("partner_id", "in", partner_ids), ("is_anonymized", "=", False)]
    )
    row = m.result(CRON_ENTRIES)
    row.update(
        step="y_cron_anonymize",
        anonymized=done,
        left=left,
        figures_equal=_stats(env, template) == before,
    )
    rows.append(row)
    env["ir.config_parameter"].set_param(
        "crm_interaction_log.logged_retention_months", "0"
    )
    env.cr.commit()
    return rows


def check(rows):
    by_step = {row["step"]: row for row in rows}
    forget = by_step["x_forget_contact"]
    cron = by_step["y_cron_anonymize"]
    return [
        {
            "target": f"Forget Contact of a person with {forget['rows']:,} "
            f"interactions <= {FORGET_TARGET_S:g} s, figures unchanged",
            "ok": forget["seconds"] <= FORGET_TARGET_S
            and forget["erased"] == forget["rows"]
            and not forget["left"]
            and forget["figures_equal"],
            "measured": f"{forget['seconds']} s, {forget['queries']} queries, "
            f"{forget['erased']} erased, figures equal: {forget['figures_equal']}",
        },
        {
            "target": f"retention job anonymises {cron['rows']:,} interactions "
            f"<= {CRON_TARGET_S:g} s in committed batches, figures unchanged",
            "ok": cron["seconds"] <= CRON_TARGET_S
            and cron["anonymized"] == cron["rows"]
            and not cron["left"]
            and cron["figures_equal"],
            "measured": f"{cron['seconds']} s, {cron['queries']} queries, "
            f"{cron['anonymized']} anonymized, {cron['left']} left, figures "
            f"equal: {cron['figures_equal']}",
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
