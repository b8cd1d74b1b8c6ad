from odoo import api, fields, models

STATS_GROUP = "sales_team.group_sale_salesman"


class ResUsers(models.Model):
    _inherit = "res.users"

    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_stats", groups=STATS_GROUP
    )
    interaction_cost = fields.Float(
        compute="_compute_interaction_stats", groups=STATS_GROUP
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
        stats = self.env["crm.interaction.log.entry"]._get_interaction_stats(
            "user_id", self
        )
        for user in self:
            count, cost, duration, last_date, _last_attempt = stats.get(
                user.id, (0, 0.0, 0, False, False)
            )
            user.interaction_count = count
            user.interaction_cost = cost
            user.interaction_duration = duration
            user.last_interaction_date = last_date

    def action_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        action["domain"] = [("user_id", "=", self.id)]
        action["context"] = {"default_user_id": self.id}
        action["display_name"] = self.env._(
            "Interactions: %(name)s", name=self.display_name
        )
        return action

    def action_create_interaction(self):
        self.ensure_one()
        return self.env["crm.interaction.create.wizard"]._action_open(
            {"default_user_id": self.id, "crm_interaction_lock": ["user_id"]}
        )
