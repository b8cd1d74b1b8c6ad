from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import TestInteractionCommon

LOGGER = "odoo.addons.crm_interaction_log.models.crm_interaction_auto_rule"


@tagged("post_install", "-at_install")
class TestAutoLogging(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_email = cls.env["crm.interaction.template"].create(
            {
                "code": "T_EMAIL",
                "name": "Test email sent",
                "group_id": cls.group_letter.id,
                "correspondence_type": "email",
            }
        )
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        cls.rule_email = cls.env["crm.interaction.auto.rule"].create(
            {
                "model_id": cls.lead_model.id,
                "event": "email_sent",
                "template_id": cls.template_email.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Showroom chairs",
                "type": "opportunity",
                "partner_id": cls.partner_anna.id,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.Entry = cls.env["crm.interaction.log.entry"]

    def _entries(self, record):
        return self.Entry.search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_email_from_chatter_logs_interaction(self):
        self.lead.message_post(
            body="Here is our offer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )
        entry = self._entries(self.lead)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.template_id, self.template_email)
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.description, "Test email sent: Showroom chairs")
        self.assertEqual(entry.source_document_name, "Showroom chairs")
        action = entry.action_open_source_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("crm.lead", self.lead.id)
        )

    def test_internal_note_does_not_log(self):
        self.lead.message_post(
            body="Internal remark", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self._entries(self.lead))

    def test_no_rule_no_log(self):
        self.partner_ben.message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(self._entries(self.partner_ben))
        self.rule_email.active = False
        self.lead.message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(self._entries(self.lead))

    def test_composer_logs_interaction(self):
        composer = Form(
            self.env["mail.compose.message"].with_context(
                default_model="crm.lead",
                default_res_ids=self.lead.ids,
                default_composition_mode="comment",
            )
        )
        composer.body = "<p>Offer attached</p>"
        composer.save().action_send_mail()
        self.assertEqual(self._entries(self.lead).partner_id, self.partner_anna)

    def test_recipients_when_document_has_no_partner(self):
        lead = self.env["crm.lead"].create(
            {"name": "No contact", "type": "opportunity"}
        )
        lead.message_post(
            body="Hi",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(self.partner_ben | self.partner_company).ids,
        )
        self.assertEqual(
            self._entries(lead).partner_id, self.partner_ben | self.partner_company
        )

    def test_no_partner_is_logged_as_warning(self):
        lead = self.env["crm.lead"].create({"name": "Nobody", "type": "opportunity"})
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            lead.message_post(
                body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertIn("Interaction not logged for Nobody", logs.output[0])
        self.assertIn("no contact", logs.output[0])
        self.assertFalse(self._entries(lead))

    def test_report_print_logs_interaction(self):
        view = self.env["ir.ui.view"].create(
            {
                "name": "test_interaction_lead_report",
                "type": "qweb",
                "key": "crm_interaction_log.test_interaction_lead_report",
                "arch": '<t t-name="crm_interaction_log.test_interaction_lead_report">'
                '<t t-foreach="docs" t-as="o"><p t-esc="o.name"/></t></t>',
            }
        )
        report = self.env["ir.actions.report"].create(
            {
                "name": "Lead sheet",
                "model": "crm.lead",
                "report_type": "qweb-pdf",
                "report_name": view.key,
            }
        )
        self.env["crm.interaction.auto.rule"].create(
            {
                "model_id": self.lead_model.id,
                "event": "report_printed",
                "template_id": self.template_letter.id,
            }
        )
        self.env["ir.actions.report"]._render_qweb_pdf(report, self.lead.ids)
        entry = self._entries(self.lead)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.template_id, self.template_letter)
        # the HTML preview is not a print
        self.env["ir.actions.report"]._render_qweb_html(report, self.lead.ids)
        self.assertEqual(len(self._entries(self.lead)), 1)

    def test_rules_managed_by_managers(self):
        rules = self.env["crm.interaction.auto.rule"].with_user(self.user_salesman)
        self.assertTrue(rules.search([]))
        with self.assertRaises(AccessError):
            rules.create(
                {
                    "model_id": self.lead_model.id,
                    "event": "report_printed",
                    "template_id": self.template_letter.id,
                }
            )
