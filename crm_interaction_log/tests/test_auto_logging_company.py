from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import TestInteractionCommon

LOGGER = "odoo.addons.crm_interaction_log.models.crm_interaction_log_entry"


@tagged("post_install", "-at_install")
class TestAutoLoggingCompany(TestInteractionCommon):
    """Automatic entries pass the company checks of a create: an email from
    another company's contact on an opportunity, or that contact at a
    meeting, is processed as usual but logs no entry mixing companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["crm.interaction.log.entry"]
        cls.template_email_in = cls.env["crm.interaction.template"].create(
            {
                "code": "T_CO_IN",
                "name": "Email received",
                "group_id": cls.group_letter.id,
            }
        )
        cls.env["crm.interaction.auto.rule"].create(
            {
                "model_id": cls.env["ir.model"]._get("crm.lead").id,
                "event": "email_received",
                "template_id": cls.template_email_in.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Showroom chairs",
                "type": "opportunity",
                "partner_id": cls.partner_anna.id,
                "user_id": cls.user_salesman.id,
                "company_id": cls.company.id,
            }
        )
        cls.partner_b = cls.env["res.partner"].create(
            {
                "name": "Bruno of B",
                "email": "bruno@b.example.com",
                "company_id": cls.company_b.id,
            }
        )
        cls.partner_anna.email = "anna@example.com"
        cls.user_salesman.email = "sally@ourcompany.example.com"

    def _reply(self, email_from, msg_id, date="Tue, 24 Nov 2026 10:00:00 +0000"):
        parent = self.lead.message_post(
            body="Our offer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )
        raw = "\n".join(
            [
                f"From: {email_from}",
                "To: sales@example.com",
                "Subject: Re: Showroom chairs",
                f"Message-ID: {msg_id}",
                f"Date: {date}",
                f"In-Reply-To: {parent.message_id}",
                f"References: {parent.message_id}",
                "MIME-Version: 1.0",
                'Content-Type: text/plain; charset="utf-8"',
                "",
                "We accept.",
            ]
        )
        self.env["mail.thread"].sudo().message_process("crm.lead", raw)
        return self.env["mail.message"].search([("message_id", "=", msg_id)])

    def test_reply_from_another_company_contact(self):
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            message = self._reply("Bruno <bruno@b.example.com>", "<b-1@b.example.com>")
        # the email reached the opportunity
        self.assertEqual((message.model, message.res_id), ("crm.lead", self.lead.id))
        self.assertEqual(message.author_id, self.partner_b)
        # but logged no company A interaction with company B's contact
        self.assertFalse(
            self.Entry.search([("template_id", "=", self.template_email_in.id)])
        )
        self.assertIn("Bruno of B", logs.output[0])
        self.assertIn("Interaction Company B", logs.output[0])
        # the customer's own reply is logged as before
        self._reply("Anna <anna@example.com>", "<a-1@example.com>")
        entry = self.Entry.search([("template_id", "=", self.template_email_in.id)])
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.company_id, self.company)

    def test_reply_with_forged_date(self):
        message = self._reply(
            "Anna <anna@example.com>",
            "<a-9999@example.com>",
            date="Fri, 31 Dec 9999 10:00:00 +0000",
        )
        self.assertEqual(message.date.year, 9999)
        entry = self.Entry.search([("mail_message_id", "=", message.id)])
        self.assertEqual(entry.partner_id, self.partner_anna)
        # logged when it arrived, not in a year that would top every statistic
        self.assertLessEqual(entry.date, fields.Datetime.now())
        self.assertGreater(entry.date.year, 2000)

    def test_meeting_attendee_of_another_company(self):
        template = self.env["crm.interaction.template"].create(
            {"code": "T_CO_MEET", "name": "Meeting", "group_id": self.group_call.id}
        )
        self.company.interaction_meeting_template_id = template
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        event = self.env["calendar.event"].create(
            {
                "name": "Fair",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": self.user_salesman.id,
                "partner_ids": [Command.set((self.partner_ben | self.partner_b).ids)],
            }
        )
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            event.with_user(self.user_salesman).action_log_interactions()
        entries = self.Entry.search([("calendar_event_id", "=", event.id)])
        self.assertEqual(entries.partner_id, self.partner_ben)
        self.assertIn("Bruno of B", logs.output[0])
