from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestEntryActionsUi(HttpCase):
    def test_call_then_create_opportunity_tour(self):
        partner = self.env["res.partner"].create(
            {"name": "Tour Caller", "phone": "+358 9 555 0101"}
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_interaction_actions_tour",
            login="admin",
        )
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            entry.template_id,
            self.env.ref("crm_interaction_log.interaction_template_call_out"),
        )
        self.assertEqual(
            entry.outcome_id,
            self.env.ref("crm_interaction_log.interaction_outcome_no_answer"),
        )
        self.assertTrue(entry.attempt_failed)
        self.assertEqual(entry.contact_via, "+358 9 555 0101")
        self.assertEqual(entry.lead_id.partner_id, partner)
        self.assertEqual(entry.lead_id.interaction_entry_id, entry)
