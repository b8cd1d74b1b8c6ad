"""Benchmark step (m): a contact list of N contacts searched, sorted and
shown on its interaction statistics ("not contacted in 90 days", sorted by
last interaction date, first page of 80 with the statistics columns); the
median of three runs.

Called by tools/bench.py (step m) as ``run(env, measure, count)``.
"""

from datetime import timedelta

PAGE = 80
# runs of the step, of which the median is reported
RUNS = 3


def _create_contacts_with_entries(env, count):
    """``count`` contacts, each with one logged call dated 1 to 365 days ago
    (setup in SQL, not measured)."""
    template = env.ref("crm_interaction_log.interaction_template_call_out")
    env.cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                 create_date, write_date, create_uid, write_uid)
        SELECT 'Stat bench ' || n, 'Stat bench ' || n, TRUE, 'contact', FALSE,
               now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
          FROM generate_series(1, %(count)s) n
     RETURNING id
        """,
        {"count": count},
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    env.cr.execute(
        """
        INSERT INTO crm_interaction_log_entry (
            partner_id, commercial_partner_id, template_id, group_id, user_id,
            description, date, state, information_flow, initiated_by,
            correspondence_type, cost, duration, company_id,
            create_date, write_date, create_uid, write_uid)
        SELECT p.id, p.id, %(template)s, %(group)s, 1, 'Bench call',
               now() at time zone 'UTC' - (1 + p.id %% 365) * interval '1 day',
               'logged', 'outbound', 'us', 'none', 0.5, 5, %(company)s,
               now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
          FROM res_partner p WHERE p.id = ANY(%(ids)s)
        """,
        {
            "template": template.id,
            "group": template.group_id.id,
            "company": env.company.id,
            "ids": ids,
        },
    )
    # the statistics a database holding these contacts has (autovacuum keeps
    # them; rows just written in SQL have none), so that the planner sees
    # the tables as they are; in the transaction, rolled back with it
    env.cr.execute("ANALYZE res_partner, crm_interaction_log_entry")
    env.invalidate_all()
    return ids


def run(env, measure, count):
    from odoo import fields  # noqa: PLC0415

    ids = _create_contacts_with_entries(env, count)
    Partner = env["res.partner"]
    domain = [
        ("id", "in", ids),
        ("last_interaction_date", "<", fields.Datetime.now() - timedelta(days=90)),
    ]
    order = "last_interaction_date desc, id"
    # a request has read the user's groups and rules already
    Partner.search(domain, order=order, limit=PAGE).mapped("interaction_count")
    from bench import median_run  # noqa: PLC0415 - imports this module

    results = []
    for _run in range(RUNS):
        env.invalidate_all()
        with measure() as m:
            total = Partner.search_count(domain)
            page = Partner.search(domain, order=order, limit=PAGE)
            values = [
                (
                    p.interaction_count,
                    p.interaction_cost,
                    p.interaction_duration,
                    p.last_interaction_date,
                    p.last_attempt_date,
                )
                for p in page
            ]
        assert len(values) == PAGE and total > PAGE
        dates = [v[3] for v in values]
        assert dates == sorted(dates, reverse=True), "sorted on the last date"
        results.append(m.result(count))
    row = median_run(results)
    row.update(step="(m) contact list on statistics", page=PAGE, matching=total)
    return [row]
