from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_stats"
    )
    interaction_cost = fields.Monetary(
        compute="_compute_interaction_stats", currency_field="company_currency"
    )
    interaction_duration = fields.Integer(
        string="Interaction Duration (Min.)", compute="_compute_interaction_stats"
    )
    last_interaction_date = fields.Datetime(compute="_compute_interaction_stats")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        stats = self.env["crm.interaction.log.entry"]._get_interaction_stats(
            "lead_id", self
        )
        for lead in self:
            count, cost, duration, last_date, _last_attempt = stats.get(
                lead.id, (0, 0.0, 0, False, False)
            )
            lead.interaction_count = count
            lead.interaction_cost = cost
            lead.interaction_duration = duration
            lead.last_interaction_date = last_date

    def action_open_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        action["display_name"] = self.env._(
            "Interactions: %(name)s", name=self.display_name
        )
        return action

    def action_create_interaction(self):
        self.ensure_one()
        return self.env["crm.interaction.create.wizard"]._action_open(
            {
                "default_lead_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_campaign_id": self.campaign_id.id,
                "crm_interaction_lock": ["lead_id"],
            }
        )
