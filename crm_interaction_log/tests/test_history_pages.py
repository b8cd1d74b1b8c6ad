from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common_history import DocumentHistoryCommon


@tagged("post_install", "-at_install")
class TestHistoryPages(DocumentHistoryCommon):
    """The Interactions pages and the chatter notes."""

    def test_partner_history(self):
        entry_anna = self._create_entry(date=fields.Datetime.now() - timedelta(days=2))
        entry_ben = self._create_entry(partner=self.partner_ben)
        postponed = self._create_entry(state="postponed")
        canceled = self._create_entry(partner=self.partner_ben)
        canceled.action_cancel()
        self.assertEqual(
            self.partner_anna.interaction_log_entry_ids, entry_anna | postponed
        )
        self.assertEqual(self.partner_anna.interaction_history_ids, entry_anna)
        # a company shows its people's, newest first
        self.assertEqual(
            self.partner_company.interaction_history_ids.ids,
            (canceled | entry_ben).sorted(lambda e: -e.id).ids + entry_anna.ids,
        )

    def test_lead_history(self):
        entry = self._create_entry(lead_id=self.lead.id)
        self._create_entry(lead_id=self.lead.id, state="postponed")
        self.assertEqual(self.lead.interaction_log_entry_ids, entry)

    def test_forms_show_interactions_page(self):
        with Form(self.partner_company.with_user(self.user_salesman)) as form:
            self.assertIn("interaction_history_ids", form._view["fields"])
        with Form(self.lead.with_user(self.user_salesman)) as form:
            self.assertIn("interaction_log_entry_ids", form._view["fields"])

    def test_wizard_log_posts_notes(self):
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=self.partner_anna.id,
                default_lead_id=self.lead.id,
            )
        )
        wizard.template_id = self.template_call_out
        wizard.save().action_log()
        entry = self.Entry.search([("partner_id", "=", self.partner_anna.id)])
        self.assertEqual(len(entry), 1)
        for record in (self.partner_anna, self.lead):
            note = record.message_ids.filtered(lambda m: "Interaction logged" in m.body)
            self.assertEqual(len(note), 1, record)
            self.assertIn(entry.template_id.name, note.body)
            self.assertIn(entry.description, note.body)
            # no link: not every reader of the contact may open the entry
            self.assertNotIn("crm.interaction.log.entry", note.body)
            self.assertNotIn("href", note.body)
            self.assertTrue(note.subtype_id.internal)

    def test_segment_logging_posts_no_notes(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Spring letter",
                "template_id": self.template_letter.id,
                "line_ids": [
                    fields.Command.create({"partner_id": self.partner_anna.id}),
                    fields.Command.create({"partner_id": self.partner_ben.id}),
                ],
            }
        )
        segment.action_log()
        self.assertEqual(len(segment.logged_segment_id.entry_ids), 2)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", segment.line_ids.partner_id.ids),
                    ("body", "ilike", "crm.interaction.log.entry"),
                ]
            )
        )
