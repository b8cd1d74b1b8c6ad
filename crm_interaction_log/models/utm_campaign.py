from collections import defaultdict

from odoo import api, fields, models


class UtmCampaign(models.Model):
    """Campaign figures of the interactions logged for a campaign: how many,
    how many responses, at what cost, and the opportunities they produced."""

    _inherit = "utm.campaign"

    interaction_currency_id = fields.Many2one(
        "res.currency", compute="_compute_interaction_currency_id"
    )
    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_stats"
    )
    interaction_target_count = fields.Integer(
        string="Targeted Interactions",
        compute="_compute_interaction_stats",
        help="Logged interactions flagged Campaign Target.",
    )
    interaction_response_count = fields.Integer(
        string="Responses",
        compute="_compute_interaction_stats",
        help="Logged interactions flagged Campaign Response.",
    )
    interaction_response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_interaction_stats",
        help="Responses per targeted interaction, in percent (per interaction "
        "when none is flagged as target).",
    )
    interaction_cost = fields.Monetary(
        compute="_compute_interaction_stats",
        currency_field="interaction_currency_id",
    )
    interaction_cost_per_response = fields.Monetary(
        string="Cost per Response",
        compute="_compute_interaction_stats",
        currency_field="interaction_currency_id",
    )
    interaction_opportunity_count = fields.Integer(
        string="Opportunities from Interactions",
        compute="_compute_interaction_opportunity_count",
    )

    def _compute_interaction_currency_id(self):
        self.interaction_currency_id = self.env.company.currency_id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        # the entries' statistics, split on target and response
        rows = defaultdict(lambda: [0, 0, 0, 0.0])
        ids = [cid for cid in self.ids if cid]
        for campaign_id, target, response, count, cost, *_rest in (
            self.env["crm.interaction.log.entry"]._read_interaction_stats(
                [("campaign_id", "in", ids)],
                ["campaign_id", "campaign_target", "campaign_response"],
            )
            if ids
            else []
        ):
            row = rows[campaign_id]
            row[0] += count
            row[1] += count if target else 0
            row[2] += count if response else 0
            row[3] += cost
        for campaign in self:
            count, targets, responses, cost = rows[campaign.id]
            campaign.interaction_count = count
            campaign.interaction_target_count = targets
            campaign.interaction_response_count = responses
            base = targets or count
            campaign.interaction_response_rate = (
                100.0 * responses / base if base else 0.0
            )
            campaign.interaction_cost = cost
            campaign.interaction_cost_per_response = (
                cost / responses if responses else 0.0
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_opportunity_count(self):
        counts = dict(
            self.env["crm.lead"]._read_group(
                [("interaction_campaign_id", "in", self.ids)],
                ["interaction_campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.interaction_opportunity_count = counts.get(campaign, 0)

    def action_open_interactions(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("campaign_id", "=", self.id)],
            self.display_name,
            {
                "create": False,
                "default_campaign_id": self.id,
                "search_default_filter_not_canceled": 1,
            },
        )

    def action_open_interaction_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action.update(
            {
                "domain": [("interaction_campaign_id", "=", self.id)],
                "context": {"create": False},
                "display_name": self.env._(
                    "Opportunities from Interactions: %(name)s", name=self.name
                ),
            }
        )
        return action
