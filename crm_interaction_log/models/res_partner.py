import operator as py_operator
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .compat import check_field_read_access
from .crm_interaction_template import CORRESPONDENCE_TYPE
from .notifications import counted

STATS_GROUP = "sales_team.group_sale_salesman"
# the Interactions page shows this many entries, the smart button all
HISTORY_LIMIT = 200
# searchable and sortable statistics: field -> value of a contact without any
# logged interaction (None for dates)
INTERACTION_STAT_FIELDS = {
    "interaction_count": 0,
    "interaction_cost": 0.0,
    "interaction_duration": 0,
    "last_interaction_date": None,
    "last_attempt_date": None,
}
STAT_OPERATORS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    interaction_correspondence_type = fields.Selection(
        [item for item in CORRESPONDENCE_TYPE if item[0] != "none"],
        string="Preferred Correspondence",
        help="How this contact prefers to receive letters and emails logged as "
        "interactions. Interaction templates use it unless they ignore it.",
    )
    interaction_log_entry_ids = fields.One2many(
        "crm.interaction.log.entry",
        "partner_id",
        string="Interaction Log Entries",
        groups=STATS_GROUP,
    )
    interaction_history_ids = fields.Many2many(
        "crm.interaction.log.entry",
        string="Interaction History",
        compute="_compute_interaction_history_ids",
        groups=STATS_GROUP,
        help="Logged and canceled interactions of this contact, newest first; "
        "a company shows those of its people.",
    )
    interaction_currency_id = fields.Many2one(
        "res.currency", compute="_compute_interaction_currency_id"
    )
    interaction_count = fields.Integer(
        string="Interactions",
        compute="_compute_interaction_stats",
        search="_search_interaction_count",
        groups=STATS_GROUP,
    )
    interaction_cost = fields.Monetary(
        compute="_compute_interaction_stats",
        search="_search_interaction_cost",
        currency_field="interaction_currency_id",
        groups=STATS_GROUP,
    )
    interaction_duration = fields.Integer(
        string="Interaction Duration (Min.)",
        compute="_compute_interaction_stats",
        search="_search_interaction_duration",
        groups=STATS_GROUP,
    )
    last_interaction_date = fields.Datetime(
        compute="_compute_interaction_stats",
        search="_search_last_interaction_date",
        groups=STATS_GROUP,
        help="Last logged interaction that was not a failed attempt.",
    )
    last_attempt_date = fields.Datetime(
        string="Last Date Attempted",
        compute="_compute_interaction_stats",
        search="_search_last_attempt_date",
        groups=STATS_GROUP,
        help="Last logged interaction initiated by us, successful or not.",
    )
    interaction_postponed_count = fields.Integer(
        string="Postponed Interactions",
        compute="_compute_interaction_postponed_count",
        groups=STATS_GROUP,
    )
    is_interaction_internal = fields.Boolean(
        string="Internal Contact",
        compute="_compute_is_interaction_internal",
        search="_search_is_interaction_internal",
        help="One of our companies, their people or the contact of an internal "
        "user: not an audience for interactions (history filters leave them out).",
    )

    @api.model
    def _get_interaction_internal_partners(self):
        """The partners of our companies (their people are found through
        their commercial partner) and of the internal users, archived ones
        included."""
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        users = self.env["res.users"].sudo().with_context(active_test=False)
        return (
            companies.search([]).partner_id,
            users.search([("share", "=", False)]).partner_id
            | users.browse(SUPERUSER_ID).partner_id,
        )

    def _compute_is_interaction_internal(self):
        company_partners, user_partners = self._get_interaction_internal_partners()
        for partner in self:
            partner.is_interaction_internal = bool(
                partner.commercial_partner_id in company_partners
                or partner._origin in user_partners
            )

    def _search_is_interaction_internal(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Internal Contact can only be searched as set or not set.")
            )
        company_partners, user_partners = self._get_interaction_internal_partners()
        domain = [
            "|",
            ("commercial_partner_id", "in", company_partners.ids),
            ("id", "in", user_partners.ids),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_interaction_currency_id(self):
        self.interaction_currency_id = self.env.company.currency_id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_history_ids(self):
        Entry = self.env["crm.interaction.log.entry"]
        for partner in self:
            if not partner.id:
                partner.interaction_history_ids = Entry
                continue
            partner.interaction_history_ids = Entry.search(
                [("state", "!=", "postponed"), *partner._get_interaction_domain()],
                limit=HISTORY_LIMIT,
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_interactions(self):
        """A contact with logged history is archived, not deleted: say so
        instead of the database's foreign key error."""
        counts = dict(
            self.env["crm.interaction.log.entry"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            if counts.get(partner):
                raise UserError(
                    counted(
                        counts[partner],
                        self.env._(
                            "%(contact)s has 1 interaction log entry and cannot be "
                            "deleted: archive the contact instead.",
                            contact=partner.display_name,
                        ),
                        self.env._(
                            "%(contact)s has %(count)s interaction log entries and "
                            "cannot be deleted: archive the contact instead.",
                            contact=partner.display_name,
                            count=counts[partner],
                        ),
                    )
                )

    def _is_interaction_aggregate(self):
        """A commercial entity (a company, or a person without a company)
        aggregates the interactions of all its contacts."""
        self.ensure_one()
        return self.commercial_partner_id.id == self.id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        real = self.filtered("id")
        aggregates = real.filtered(lambda p: p._is_interaction_aggregate())
        others = real - aggregates
        stats = defaultdict(lambda: [0, 0.0, 0, None, None])
        if real:
            rows = self.env["crm.interaction.log.entry"]._read_interaction_stats(
                [
                    "|",
                    ("partner_id", "in", others.ids),
                    ("commercial_partner_id", "in", aggregates.ids),
                ],
                ["partner_id", "commercial_partner_id"],
            )
            aggregate_ids = set(aggregates.ids)
            for partner_id, commercial_id, *values in rows:
                keys = {partner_id} - aggregate_ids
                if commercial_id in aggregate_ids:
                    keys.add(commercial_id)
                for key in keys:
                    _merge_stats(stats[key], values)
        for partner in self:
            count, cost, duration, last_date, last_attempt = stats[partner.id]
            partner.interaction_count = count
            partner.interaction_cost = cost
            partner.interaction_duration = duration
            partner.last_interaction_date = last_date
            partner.last_attempt_date = last_attempt

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_postponed_count(self):
        counts = dict(
            self.env["crm.interaction.log.entry"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "postponed")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.interaction_postponed_count = counts.get(partner, 0)

    def _get_interaction_domain(self):
        self.ensure_one()
        if self._is_interaction_aggregate():
            return [("commercial_partner_id", "=", self.id)]
        return [("partner_id", "=", self.id)]

    def _get_interaction_email_problem(self):
        """Why an interaction email cannot reach this contact: ``"no_email"``
        (no valid address), ``"blacklisted"``, or False when it can."""
        self.ensure_one()
        if not self.email_normalized:
            return "no_email"
        if self.is_blacklisted:
            return "blacklisted"
        return False

    def _get_interaction_address_lines(self):
        """The address block of a letter to this contact, one line each: the
        company (for a person of a company), the contact's name, then the
        postal address as the country writes it."""
        self.ensure_one()
        lines = []
        company = self.commercial_company_name
        if company and company != self.name:
            lines.append(company)
        lines.append(self.name or "")
        lines += self._display_address(without_company=True).splitlines()
        return [line.strip() for line in lines if line.strip()]

    def action_open_interactions(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            self._get_interaction_domain(),
            self.display_name,
            {"default_partner_id": self.id, "search_default_filter_not_canceled": 1},
        )

    def action_open_postponed_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action_postponed"
        )
        action["domain"] = [("state", "=", "postponed"), ("partner_id", "=", self.id)]
        return action

    def action_create_interaction(self):
        self.ensure_one()
        return self.env["crm.interaction.create.wizard"]._action_open(
            {"default_partner_id": self.id, "crm_interaction_lock": ["partner_id"]}
        )

    def action_call(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_call(self)

    # ------------------------------------------------------------
    # SEARCH AND SORT ON STATISTICS
    # ------------------------------------------------------------

    @api.model
    def _interaction_stats_query(self):
        """SQL of the statistics of every contact that has logged
        interactions visible to the current user (record rules apply): one row
        per contact with the columns ``key`` (the contact) and the names of
        INTERACTION_STAT_FIELDS. As in _compute_interaction_stats(), a
        company (or a person without company) aggregates the entries of its
        people, a company's person only its own: the union of the entries
        grouped by contact (people of a company) and by contact company."""
        Entry = self.env["crm.interaction.log.entry"]

        def aggregate(key_field, people_only):
            query = Entry._search([("state", "=", "logged")])

            def column(fname):
                return Entry._field_to_sql(query.table, fname, query)

            if people_only:
                query.add_where(
                    SQL(
                        "%s != %s",
                        column("partner_id"),
                        column("commercial_partner_id"),
                    )
                )
            key = column(key_field)
            query.groupby = key
            return query.select(
                SQL("%s AS key", key),
                *(
                    SQL("%s AS %s", aggregate, SQL.identifier(fname))
                    for aggregate, fname in zip(
                        Entry._interaction_stat_columns(query),
                        INTERACTION_STAT_FIELDS,
                        strict=True,
                    )
                ),
            )

        return SQL(
            "(%s) UNION ALL (%s)",
            aggregate("partner_id", people_only=True),
            aggregate("commercial_partner_id", people_only=False),
        )

    def _search_interaction_stat_field(self, fname, operator, value):
        """Domain of the contacts whose statistic ``fname`` satisfies
        ``operator value``, as one subquery on the logged interactions the
        current user may see. A contact without interactions has 0 (no
        date), so ``interaction_count = 0`` and ``last_interaction_date = False``
        find the contacts never reached."""
        empty = INTERACTION_STAT_FIELDS[fname]
        column = SQL.identifier("stats", fname)
        if operator in ("in", "not in"):
            values = [v for v in value if v is not False and v is not None]
            has_empty = len(values) < len(value) or empty in values
            condition = (
                SQL("%s IN %s", column, tuple(values)) if values else SQL("FALSE")
            )
            if operator == "not in":
                condition, has_empty = SQL("NOT (%s)", condition), not has_empty
        elif operator in STAT_OPERATORS:
            if value is False or value is None:
                if empty is None:
                    # = False: never reached; != False: reached at least once
                    condition = SQL("%s IS NOT NULL", column)
                    return [
                        (
                            "id",
                            "in" if operator == "!=" else "not in",
                            self._stats_keys(condition),
                        )
                    ]
                value = empty
            condition = SQL(f"%s {operator} %s", column, value)
            if empty is None:
                has_empty = operator == "!="
                if has_empty:
                    condition = SQL("%s = %s", column, value)
                    return [("id", "not in", self._stats_keys(condition))]
            else:
                has_empty = STAT_OPERATORS[operator](empty, value)
        else:
            raise UserError(
                self.env._(
                    "The operator %(operator)s is not supported on %(field)s.",
                    operator=operator,
                    field=self._fields[fname]._description_string(self.env),
                )
            )
        if has_empty:
            # the contacts without interactions match: exclude the others
            return [("id", "not in", self._stats_keys(SQL("NOT (%s)", condition)))]
        return [("id", "in", self._stats_keys(condition))]

    @api.model
    def _stats_keys(self, condition):
        return SQL(
            "(SELECT stats.key FROM (%s) AS stats WHERE %s)",
            self._interaction_stats_query(),
            condition,
        )

    def _search_interaction_count(self, operator, value):
        return self._search_interaction_stat_field("interaction_count", operator, value)

    def _search_interaction_cost(self, operator, value):
        return self._search_interaction_stat_field("interaction_cost", operator, value)

    def _search_interaction_duration(self, operator, value):
        return self._search_interaction_stat_field(
            "interaction_duration", operator, value
        )

    def _search_last_interaction_date(self, operator, value):
        return self._search_interaction_stat_field(
            "last_interaction_date", operator, value
        )

    def _search_last_attempt_date(self, operator, value):
        return self._search_interaction_stat_field("last_attempt_date", operator, value)

    def _field_to_sql(self, alias, fname, query=None, *args, **kwargs):
        # *args, **kwargs: 18.0's `flush` (gone in 19.0)
        if fname not in INTERACTION_STAT_FIELDS:
            return super()._field_to_sql(alias, fname, query, *args, **kwargs)
        if query is None:
            raise ValueError(f"Cannot convert {fname} to SQL without a query")
        check_field_read_access(self, [fname])
        # LEFT JOIN the statistics once per query: sorting a list on them
        stats_alias = query.make_alias(alias, "interaction_stats")
        if stats_alias not in query._joins:
            query.add_join(
                "LEFT JOIN",
                stats_alias,
                SQL("(%s)", self._interaction_stats_query()),
                SQL(
                    "%s = %s",
                    SQL.identifier(alias, "id"),
                    SQL.identifier(stats_alias, "key"),
                ),
            )
        sql_field = SQL.identifier(stats_alias, fname)
        empty = INTERACTION_STAT_FIELDS[fname]
        if empty is not None:
            return SQL("COALESCE(%s, %s)", sql_field, empty)
        return sql_field


def _merge_stats(target, values):
    """Add one aggregated row (count, cost, duration, last date, last attempt)
    to ``target``, a list of the same shape."""
    count, cost, duration, last_date, last_attempt = values
    target[0] += count
    target[1] += cost
    target[2] += duration
    if last_date and (not target[3] or last_date > target[3]):
        target[3] = last_date
    if last_attempt and (not target[4] or last_attempt > target[4]):
        target[4] = last_attempt
