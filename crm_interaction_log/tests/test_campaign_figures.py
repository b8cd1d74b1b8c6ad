from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestCampaignFigures(TestInteractionCommon):
    def test_campaign_figures(self):
        campaign = self.campaign
        E = self._create_entry
        # four targeted letters, two of them answered by an inbound call
        for partner in (self.partner_anna, self.partner_ben) * 2:
            E(template=self.template_letter, partner=partner)
        for partner in (self.partner_anna, self.partner_ben):
            E(
                template=self.template_call_in,
                partner=partner,
                campaign_id=campaign.id,
                campaign_response=True,
                cost=3.0,
            )
        E(template=self.template_letter).action_cancel()
        E(template=self.template_letter, state="postponed")
        self.assertEqual(campaign.interaction_count, 6)
        self.assertEqual(campaign.interaction_target_count, 4)
        self.assertEqual(campaign.interaction_response_count, 2)
        self.assertAlmostEqual(campaign.interaction_response_rate, 50.0)
        self.assertAlmostEqual(campaign.interaction_cost, 4 * 1.2 + 2 * 3.0)
        self.assertAlmostEqual(
            campaign.interaction_cost_per_response, (4 * 1.2 + 2 * 3.0) / 2
        )
        self.assertEqual(campaign.interaction_opportunity_count, 0)
        # an opportunity created from a response counts for the campaign
        response = self.env["crm.interaction.log.entry"].search(
            [("campaign_response", "=", True)], limit=1
        )
        response.action_create_opportunity()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.interaction_opportunity_count, 1)
        action = campaign.action_open_interaction_opportunities()
        self.assertEqual(
            self.env["crm.lead"].search(action["domain"]), response.lead_id
        )
        # the campaign analysis groups the logged entries by response
        analysis = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action_campaign_analysis"
        )
        self.assertIn("campaign_id", analysis["domain"])

    def test_campaign_without_interactions(self):
        other = self.env["utm.campaign"].create({"name": "Empty"})
        self.assertEqual(other.interaction_count, 0)
        self.assertEqual(other.interaction_response_rate, 0.0)
        self.assertEqual(other.interaction_cost_per_response, 0.0)

    def test_campaign_figures_follow_record_rules(self):
        self._create_entry(template=self.template_letter, user_id=self.user_salesman.id)
        self._create_entry(
            template=self.template_letter,
            partner=self.partner_ben,
            user_id=self.user_salesman_2.id,
        )
        campaign = self.campaign.with_user(self.user_salesman)
        self.assertEqual(campaign.interaction_count, 1)
        self.assertEqual(self.campaign.interaction_count, 2)

    def test_cost_per_response_only_with_responses(self):
        arch = self._view_arch(model="utm.campaign")
        (node,) = arch.xpath("//field[@name='interaction_cost_per_response']")
        self.assertEqual(node.get("invisible"), "not interaction_response_count")
