import base64

from odoo.tests import tagged

from odoo.addons.crm_interaction_log.models.compat import ACTION_GROUPS_FIELD
from odoo.addons.mail_plugin.tests.common import (
    TestMailPluginControllerCommon,
    mock_auth_method_outlook,
)

# the groups of users: groups_id on 18.0, group_ids on 19.0
GROUPS_FIELD = ACTION_GROUPS_FIELD


@tagged("post_install", "-at_install")
class TestInteractionMailPlugin(TestMailPluginControllerCommon):
    """Emails logged into an opportunity through the add-in's own controller
    (``/mail_plugin/log_mail_content``) become interactions of its contact."""

    def setUp(self):
        super().setUp()
        self.user_test[GROUPS_FIELD] |= self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        self.user_test.email = "employee@mycompany.example.com"
        self.contact = self.env["res.partner"].create(
            {"name": "Anna Virtanen", "email": "anna@example.com"}
        )
        self.lead = self.env["crm.lead"].create(
            {
                "name": "Chairs for the office",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.user_test.id,
            }
        )
        self.template = self.env.ref(
            "crm_interaction_log.interaction_template_email_logged"
        )

    def _log(self, message, attachments=None):
        return self.make_jsonrpc_request(
            "/mail_plugin/log_mail_content",
            {
                "model": "crm.lead",
                "res_id": self.lead.id,
                "message": message,
                "attachments": attachments or [],
            },
        )

    def _entries(self):
        return (
            self.env["crm.interaction.log.entry"]
            .sudo()
            .search([("lead_id", "=", self.lead.id)])
        )

    @mock_auth_method_outlook("employee")
    def test_received_email_logged_inbound(self):
        content = base64.b64encode(b"%PDF-1.4 spec").decode()
        self._log(
            "<p>From: Anna Virtanen &lt;anna@example.com&gt;</p>"
            "<p>We need 40 chairs.</p>",
            [["spec.pdf", content]],
        )
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        message = entry.mail_message_id
        self.assertEqual((message.model, message.res_id), ("crm.lead", self.lead.id))
        self.assertIn("We need 40 chairs", str(message.body))
        self.assertRecordValues(
            entry,
            [
                {
                    "partner_id": self.contact.id,
                    "template_id": self.template.id,
                    "information_flow": "inbound",
                    "initiated_by": "them",
                    "user_id": self.user_test.id,
                    "res_model": "crm.lead",
                    "res_id": self.lead.id,
                    "state": "logged",
                }
            ],
        )
        self.assertEqual(entry.attachment_ids.mapped("name"), ["spec.pdf"])

    @mock_auth_method_outlook("employee")
    def test_sent_email_logged_outbound(self):
        self._log(
            "<p>From: employee@mycompany.example.com</p><p>Here is our offer.</p>"
        )
        entry = self._entries()
        self.assertEqual(entry.information_flow, "outbound")
        self.assertEqual(entry.initiated_by, "us")
        self.assertEqual(entry.user_id, self.user_test)

    @mock_auth_method_outlook("employee")
    def test_other_models_and_leads_without_contact_not_logged(self):
        self.make_jsonrpc_request(
            "/mail_plugin/log_mail_content",
            {
                "model": "res.partner",
                "res_id": self.contact.id,
                "message": "<p>From: anna@example.com</p>",
            },
        )
        self.assertFalse(
            self.env["crm.interaction.log.entry"]
            .sudo()
            .search([("partner_id", "=", self.contact.id)])
        )
        self.lead.partner_id = False
        self._log("<p>From: anna@example.com</p>")
        self.assertFalse(self._entries())
        self.assertTrue(self.lead.message_ids, "the email is still in the chatter")

    @mock_auth_method_outlook("employee")
    def test_privacy_blocked_contact_not_logged(self):
        self.contact.sudo().interaction_privacy_blocked = True
        self._log("<p>From: anna@example.com</p><p>Call me.</p>")
        self.assertFalse(self._entries())
        self.assertTrue(self.lead.message_ids, "the email is still in the chatter")
