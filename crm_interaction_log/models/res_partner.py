from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_interaction_template import CORRESPONDENCE_TYPE

STATS_GROUP = "sales_team.group_sale_salesman"
# the Interactions page shows this many entries, the smart button all
HISTORY_LIMIT = 200


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
        groups=STATS_GROUP,
    )
    interaction_cost = fields.Monetary(
        compute="_compute_interaction_stats",
        currency_field="interaction_currency_id",
        groups=STATS_GROUP,
    )
    interaction_duration = fields.Integer(
        string="Interaction Duration (Min.)",
        compute="_compute_interaction_stats",
        groups=STATS_GROUP,
    )
    last_interaction_date = fields.Datetime(
        compute="_compute_interaction_stats",
        groups=STATS_GROUP,
        help="Last logged interaction that was not a failed attempt.",
    )
    last_attempt_date = fields.Datetime(
        string="Last Date Attempted",
        compute="_compute_interaction_stats",
        groups=STATS_GROUP,
        help="Last logged interaction initiated by us, successful or not.",
    )
    interaction_postponed_count = fields.Integer(
        string="Postponed Interactions",
        compute="_compute_interaction_postponed_count",
        groups=STATS_GROUP,
    )

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
                    self.env._(
                        "%(contact)s has %(count)s interaction log entries and cannot "
                        "be deleted: archive the contact instead.",
                        contact=partner.display_name,
                        count=counts[partner],
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
