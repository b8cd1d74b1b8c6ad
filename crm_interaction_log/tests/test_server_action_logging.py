from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_history import LOGGER, DocumentHistoryCommon


@tagged("post_install", "-at_install")
class TestServerActionLogging(DocumentHistoryCommon):
    """The Log Interaction server action, as automation rules run it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env["ir.actions.server"].create(
            {
                "name": "Log stage change",
                "model_id": cls.lead_model.id,
                "state": "crm_interaction_log",
                "crm_interaction_template_id": cls.template_letter.id,
            }
        )

    def _run(self, action, records, user=None):
        action = action.with_user(user) if user else action
        return action.with_context(
            active_model=records._name,
            active_ids=records.ids,
            active_id=records[:1].id,
        ).run()

    def _entries(self):
        return self.Entry.search([("template_id", "=", self.template_letter.id)])

    def test_run_logs_for_document_contact(self):
        """An automation rule (base_automation, not a dependency) runs its
        server actions exactly so: run() with the records in the context."""
        lead_2 = self.env["crm.lead"].create(
            {"name": "Tables", "type": "opportunity", "partner_id": self.partner_ben.id}
        )
        self.assertFalse(self._run(self.action, self.lead | lead_2))
        entries = self._entries()
        self.assertEqual(entries.partner_id, self.partner_anna | self.partner_ben)
        self.assertEqual(entries.lead_id, self.lead | lead_2)
        entry = entries.filtered(lambda e: e.lead_id == self.lead)
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))

    def test_run_as_salesman(self):
        self._run(self.action, self.lead, user=self.user_salesman)
        self.assertEqual(self._entries().partner_id, self.partner_anna)

    def test_contact_field(self):
        user_field = self.env["ir.model.fields"]._get("res.users", "partner_id")
        with self.assertRaises(ValidationError):
            self.action.crm_interaction_partner_field_id = user_field
        action = self.env["ir.actions.server"].create(
            {
                "name": "Log meeting organizer contact",
                "model_id": self.env["ir.model"]._get_id("res.users"),
                "state": "crm_interaction_log",
                "crm_interaction_template_id": self.template_letter.id,
                "crm_interaction_partner_field_id": user_field.id,
            }
        )
        self._run(action, self.user_salesman_2)
        self.assertEqual(self._entries().partner_id, self.user_salesman_2.partner_id)

    def test_template_required(self):
        with self.assertRaises(ValidationError):
            self.env["ir.actions.server"].create(
                {
                    "name": "No template",
                    "model_id": self.lead_model.id,
                    "state": "crm_interaction_log",
                }
            )

    def test_document_without_contact_warns(self):
        lead = self.env["crm.lead"].create({"name": "Nobody", "type": "opportunity"})
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            self._run(self.action, lead)
        self.assertIn("Interaction not logged for Nobody", logs.output[0])
        self.assertFalse(self._entries())

    def test_automation_rule_fires(self):
        """A real Automation Rule (base_automation, installed next to the
        addon by make test, not a dependency): an opportunity reaching the
        Won stage logs an interaction for its customer."""
        self.assertIn(
            "base.automation",
            self.env,
            "make test installs base_automation in the test database: this test "
            "fires a real automation rule",
        )
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        rule = self.env["base.automation"].create(
            {
                "name": "Log won opportunities",
                "model_id": self.lead_model.id,
                "trigger": "on_stage_set",
                "trg_field_ref": won.id,
            }
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Log the won deal",
                "model_id": self.lead_model.id,
                "base_automation_id": rule.id,
                "state": "crm_interaction_log",
                "crm_interaction_template_id": self.template_letter.id,
            }
        )
        rule.write({"action_server_ids": [Command.link(action.id)]})
        self.assertFalse(
            self.env["crm.interaction.log.entry"].search(
                [("template_id", "=", self.template_letter.id)]
            )
        )
        self.lead.stage_id = won
        entries = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_letter.id)]
        )
        self.assertEqual(entries.partner_id, self.partner_anna)
        self.assertEqual(entries.lead_id, self.lead)
        self.assertEqual(
            (entries.res_model, entries.res_id), ("crm.lead", self.lead.id)
        )
