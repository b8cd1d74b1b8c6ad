from odoo import api, fields, models

from .link_access import check_readable_links


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
    interaction_log_entry_ids = fields.One2many(
        "crm.interaction.log.entry",
        "lead_id",
        string="Interaction Log Entries",
        domain=[("state", "!=", "postponed")],
    )
    interaction_entry_id = fields.Many2one(
        "crm.interaction.log.entry",
        string="Created from Interaction",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    interaction_campaign_id = fields.Many2one(
        "utm.campaign",
        string="Campaign of the Interaction",
        related="interaction_entry_id.campaign_id",
        store=True,
        index="btree_not_null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the interaction an opportunity came from: one the user may read
        check_readable_links(self, vals_list, ["interaction_entry_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_readable_links(self, [vals], ["interaction_entry_id"])
        return super().write(vals)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        self.env["crm.interaction.log.entry"]._assign_interaction_stats("lead_id", self)

    def action_open_interactions(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("lead_id", "=", self.id)],
            self.display_name,
            {"default_lead_id": self.id, "default_partner_id": self.partner_id.id},
        )

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

    def action_call(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_call(
            self.partner_id, lead=self
        )
