from odoo import api, fields, models

STATS_GROUP = "sales_team.group_sale_salesman"


class ResUsers(models.Model):
    _inherit = "res.users"

    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_stats", groups=STATS_GROUP
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
        compute="_compute_interaction_stats", groups=STATS_GROUP
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        self.env["crm.interaction.log.entry"]._assign_interaction_stats("user_id", self)

    def action_open_interactions(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("user_id", "=", self.id)], self.display_name, {"default_user_id": self.id}
        )

    def action_create_interaction(self):
        self.ensure_one()
        return self.env["crm.interaction.create.wizard"]._action_open(
            {"default_user_id": self.id, "crm_interaction_lock": ["user_id"]}
        )
