"""Replies to interaction emails come back through Odoo's mail gateway and
are logged: the email is received by a real SMTP server (aiosmtpd), the
customer's answer to it goes through ``message_process``."""

from odoo.tests import tagged

from .common_correspondence import SmtpCorrespondenceCommon


@tagged("post_install", "-at_install")
class TestMailReplies(SmtpCorrespondenceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "crm.example.com", "catchall_alias": "catchall"}
        )
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring 2027"})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "John's offer",
                "type": "opportunity",
                "partner_id": cls.partner_en.id,
                "campaign_id": cls.campaign.id,
            }
        )
        cls.Entry = cls.env["crm.interaction.log.entry"]

    def _send_and_receive(self):
        entry, _result = self._log_with_wizard(
            self.partner_en, lead_id=self.lead, campaign_id=self.campaign
        )
        self._run_mail_queue()
        [received] = self._received_by("john@example.com")
        return entry, received

    def _reply(self, received, message_id="<reply-1@example.com>", extra=""):
        raw = (
            "From: John Smith <john@example.com>\r\n"
            f"To: {received['Reply-To']}\r\n"
            f"Subject: Re: {received['Subject']}\r\n"
            f"Message-ID: {message_id}\r\n"
            f"In-Reply-To: {received['Message-ID']}\r\n"
            f"References: {received['Message-ID']}\r\n"
            f"{extra}"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Yes please, send the contract.\r\n"
        )
        self.env["mail.thread"].message_process(False, raw)
        self.env.invalidate_all()

    def _answers(self, entry):
        return self.Entry.search([("reply_to_entry_id", "=", entry.id)])

    def test_reply_goes_to_catchall_and_is_logged_once(self):
        entry, received = self._send_and_receive()
        self.assertIn("<catchall@crm.example.com>", received["Reply-To"])
        self._reply(received)
        answer = self._answers(entry)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.partner_en)
        self.assertEqual(answer.information_flow, "inbound")
        self.assertEqual(answer.initiated_by, "them")
        self.assertEqual(
            answer.template_id, self.env.company.interaction_reply_template_id
        )
        self.assertEqual(answer.lead_id, self.lead)
        self.assertEqual(answer.campaign_id, self.campaign)
        self.assertTrue(answer.campaign_response)
        self.assertEqual(answer.state, "logged")
        # the reply is in the answered entry's chatter, and is the answer's email
        self.assertEqual(
            (answer.mail_message_id.model, answer.mail_message_id.res_id),
            (entry._name, entry.id),
        )
        self.assertIn("send the contract", answer.mail_message_id.body)
        self.assertEqual(self.campaign.interaction_response_count, 1)
        # the same email delivered again is not logged again
        self._reply(received)
        self.assertEqual(len(self._answers(entry)), 1)

    def test_out_of_office_is_not_a_response(self):
        entry, received = self._send_and_receive()
        self._reply(received, extra="Auto-Submitted: auto-replied\r\n")
        self.assertFalse(self._answers(entry))
        # Odoo still keeps it in the entry's chatter
        self.assertTrue(
            entry.message_ids.filtered(
                lambda m: m.message_id == "<reply-1@example.com>"
            )
        )

    def test_replies_not_logged_when_switched_off(self):
        self.env.company.interaction_log_replies = False
        entry, received = self._send_and_receive()
        self._reply(received)
        self.assertFalse(self._answers(entry))

    def test_reply_from_a_stranger_is_not_logged_for_the_contact(self):
        entry, received = self._send_and_receive()
        raw = (
            "From: Someone Else <mallory@example.net>\r\n"
            f"To: {received['Reply-To']}\r\n"
            "Subject: Re: offer\r\n"
            "Message-ID: <reply-2@example.net>\r\n"
            f"In-Reply-To: {received['Message-ID']}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n"
        )
        self.env["mail.thread"].message_process(False, raw)
        self.assertFalse(self._answers(entry))
