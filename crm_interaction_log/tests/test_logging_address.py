import base64
from email.message import EmailMessage
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.models.mail_thread import MailThread

from .common import TestInteractionCommon

DOMAIN = "crm-log.example.com"
DOMAIN_B = "company-b.example.com"


@tagged("post_install", "-at_install")
class TestLoggingAddress(TestInteractionCommon):
    """Raw RFC 822 emails fed through the mail gateway (``message_process``)
    to the logging address: Bcc, shared-mailbox forward, Incoming Mail Server,
    redelivery, private, unknown, automatic replies, other companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Entry = cls.env["crm.interaction.log.entry"]
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": DOMAIN})
        cls.company.alias_domain_id = cls.alias_domain
        Entry._set_logging_alias("interactions", cls.company)
        cls.alias = Entry._get_logging_alias(cls.company)
        cls.address = f"interactions@{DOMAIN}"
        cls.template_logged = cls.env.ref(
            "crm_interaction_log.interaction_template_email_logged"
        )
        cls.user_salesman.email = "sally@mycompany.example.com"
        cls.partner_ben.email = "ben@example.com"
        cls.Thread = cls.env["mail.thread"]

    def _raw(
        self,
        sender,
        to,
        cc=None,
        delivered_to=None,
        message_id="<log-1@mail.example.com>",
        subject="Our offer",
        headers=None,
        attachment=None,
        in_reply_to=None,
    ):
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = to
        if cc:
            msg["Cc"] = cc
        if delivered_to:
            msg["Delivered-To"] = delivered_to
        msg["Subject"] = subject
        msg["Message-Id"] = message_id
        msg["Date"] = "Tue, 01 Dec 2026 09:30:00 +0000"
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content("Hello,\n\nhere is the offer we discussed.\n")
        if attachment:
            msg.add_attachment(
                attachment[1],
                maintype="application",
                subtype="octet-stream",
                filename=attachment[0],
            )
        return msg.as_string()

    def _process(self, raw, model=None):
        """Feed ``raw`` to the gateway; fail if anything bounced."""
        with (
            patch.object(
                MailThread, "_routing_create_bounce_email", autospec=True
            ) as bounce,
            patch.object(
                type(self.env["mail.alias"]),
                "_alias_bounce_incoming_email",
                autospec=True,
            ) as alias_bounce,
        ):
            result = self.Thread.message_process(model, raw)
        self.assertFalse(bounce.called, "the gateway bounced the email")
        self.assertFalse(alias_bounce.called, "the alias bounced the email")
        return result

    def _entries(self, message_id="<log-1@mail.example.com>"):
        return (
            self.env["crm.interaction.log.entry"]
            .sudo()
            .search([("mail_message_id.message_id", "=", message_id)])
        )

    # ------------------------------------------------------------
    # LOGGED
    # ------------------------------------------------------------

    def test_bcc_outbound(self):
        """A salesperson's email to a customer, Bcc to the logging address:
        an outbound entry with the sender as salesperson, the message with
        its attachment in the entry's chatter."""
        raw = self._raw(
            "Sally Salesman <sally@mycompany.example.com>",
            "Anna Virtanen <anna@example.com>",
            delivered_to=self.address,
            attachment=("offer.pdf", b"%PDF-1.4 offer"),
        )
        self._process(raw)
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertRecordValues(
            entry,
            [
                {
                    "partner_id": self.partner_anna.id,
                    "user_id": self.user_salesman.id,
                    "template_id": self.template_logged.id,
                    "information_flow": "outbound",
                    "initiated_by": "us",
                    "subject": "Our offer",
                    "description": "Our offer",
                    "state": "logged",
                    "company_id": self.company.id,
                    "correspondence_type": "none",
                    "delivery_status": "none",
                }
            ],
        )
        message = entry.mail_message_id
        self.assertEqual(message.model, "crm.interaction.log.entry")
        self.assertEqual(message.res_id, entry.id)
        self.assertIn("here is the offer we discussed", str(message.body))
        self.assertEqual(message.attachment_ids.mapped("name"), ["offer.pdf"])
        self.assertEqual(
            base64.b64decode(message.attachment_ids.datas), b"%PDF-1.4 offer"
        )
        self.assertEqual(entry.attachment_ids, message.attachment_ids)
        self.assertEqual(str(entry.date), "2026-12-01 09:30:00")
        # the customer is not notified of anything
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )

    def test_forward_from_shared_mailbox_inbound(self):
        """A customer's email to a shared mailbox forwarded to the logging
        address: inbound, one entry per known contact among From and Cc, each
        with the message in its chatter."""
        raw = self._raw(
            "Anna Virtanen <anna@example.com>",
            "Sales <sales@mycompany.example.com>",
            cc="ben@example.com, someone@unknown.example.com",
            delivered_to=self.address,
            headers={"X-Forwarded-To": self.address},
        )
        self._process(raw)
        entries = self._entries().sorted("partner_id")
        self.assertEqual(
            entries.partner_id, self.partner_anna | self.partner_ben, "known only"
        )
        for entry in entries:
            self.assertEqual(entry.information_flow, "inbound")
            self.assertEqual(entry.initiated_by, "them")
            self.assertEqual(entry.mail_message_id.res_id, entry.id)
        anna = entries.filtered(lambda e: e.partner_id == self.partner_anna)
        self.assertEqual(anna.user_id, self.user_salesman, "the contact's salesperson")

    def test_incoming_mail_server_fallback_model(self):
        """An Incoming Mail Server reading the shared mailbox into the entry
        model: no alias in the addresses, the fallback model logs it."""
        raw = self._raw(
            "Sally Salesman <sally@mycompany.example.com>",
            "anna@example.com",
        )
        self._process(raw, model="crm.interaction.log.entry")
        self.assertEqual(self._entries().partner_id, self.partner_anna)

    def test_redelivery_logged_once(self):
        raw = self._raw(
            "sally@mycompany.example.com", "anna@example.com", delivered_to=self.address
        )
        self._process(raw)
        self._process(raw)
        self.assertEqual(len(self._entries()), 1)
        # the same email through the Incoming Mail Server as well
        self._process(raw, model="crm.interaction.log.entry")
        self.assertEqual(len(self._entries()), 1)

    def test_one_open_opportunity(self):
        Lead = self.env["crm.lead"]
        lead = Lead.create(
            {
                "name": "Chairs",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "campaign_id": self.campaign.id,
            }
        )
        raw = self._raw(
            "sally@mycompany.example.com", "anna@example.com", delivered_to=self.address
        )
        self._process(raw)
        entry = self._entries()
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        # two open opportunities: no guess
        Lead.create(
            {
                "name": "Tables",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
            }
        )
        raw = self._raw(
            "sally@mycompany.example.com",
            "anna@example.com",
            delivered_to=self.address,
            message_id="<log-2@mail.example.com>",
        )
        self._process(raw)
        self.assertFalse(self._entries("<log-2@mail.example.com>").lead_id)

    def test_multi_company_from_alias_domain(self):
        """Each company's logging address logs into that company."""
        Entry = self.env["crm.interaction.log.entry"]
        domain_b = self.env["mail.alias.domain"].create({"name": DOMAIN_B})
        self.company_b.alias_domain_id = domain_b
        Entry._set_logging_alias("interactions", self.company_b)
        self.assertEqual(
            Entry._get_logging_alias(self.company_b).alias_domain_id, domain_b
        )
        self.assertNotEqual(Entry._get_logging_alias(self.company_b), self.alias)
        raw = self._raw(
            "sally@mycompany.example.com",
            "anna@example.com",
            delivered_to=f"interactions@{DOMAIN_B}",
        )
        self._process(raw)
        entry = self._entries()
        self.assertEqual(entry.company_id, self.company_b)
        self.assertEqual(entry.user_id, self.user_salesman)
        # a contact of the other company is not logged in this one
        self.env["res.partner"].create(
            {"name": "Carl", "email": "carl@example.com", "company_id": self.company.id}
        )
        raw = self._raw(
            "sally@mycompany.example.com",
            "carl@example.com",
            delivered_to=f"interactions@{DOMAIN_B}",
            message_id="<log-b2@mail.example.com>",
        )
        self._process(raw)
        self.assertFalse(self._entries("<log-b2@mail.example.com>"))

    def test_shared_alias_domain_company_of_the_user(self):
        """Companies sharing one alias domain: a customer's email goes to the
        company of the colleague it was written to."""
        self.company_b.alias_domain_id = self.alias_domain
        user_b = new_test_user(
            self.env,
            login="cil_log_user_b",
            groups="sales_team.group_sale_salesman",
            company_id=self.company_b.id,
            company_ids=[(6, 0, self.company_b.ids)],
            email="bob@company-b.example.com",
        )
        self._process(
            self._raw(
                "anna@example.com",
                "bob@company-b.example.com",
                delivered_to=self.address,
            )
        )
        entry = self._entries()
        self.assertEqual(entry.company_id, self.company_b)
        self.assertEqual(entry.information_flow, "inbound")
        # Anna's salesperson first, as for every inbound email
        self.assertEqual(entry.user_id, self.user_salesman)
        self.partner_anna.user_id = False
        self._process(
            self._raw(
                "anna@example.com",
                "bob@company-b.example.com",
                delivered_to=self.address,
                message_id="<log-2@mail.example.com>",
            )
        )
        self.assertEqual(self._entries("<log-2@mail.example.com>").user_id, user_b)

    def test_message_new_is_the_gateway_s(self):
        """Only the gateway (superuser) makes entries of an email: a user
        calling message_new (RPC) gets an access error."""
        msg_dict = {
            "message_id": "<forged@example.com>",
            "email_from": "sally@mycompany.example.com",
            "to": "anna@example.com",
            "subject": "Forged",
            "body": "<p>forged</p>",
        }
        Entry = self.env["crm.interaction.log.entry"]
        for user in (self.user_salesman, self.user_manager):
            with self.assertRaises(AccessError):
                Entry.with_user(user).message_new(dict(msg_dict))
        self.assertFalse(self._entries("<forged@example.com>"))

    def test_settings_alias(self):
        data_alias = self.env.ref("crm_interaction_log.mail_alias_interactions")
        self.assertEqual(data_alias.alias_name, "interactions")
        self.assertEqual(data_alias.alias_model_id.model, "crm.interaction.log.entry")
        Settings = self.env["res.config.settings"]
        settings = Settings.create({})
        self.assertEqual(settings.crm_interaction_logging_alias, "interactions")
        self.assertEqual(settings.crm_interaction_logging_alias_domain, DOMAIN)
        settings.crm_interaction_logging_alias = "crm-log"
        settings.execute()
        self.assertEqual(self.alias.alias_full_name, f"crm-log@{DOMAIN}")
        settings = Settings.create({})
        settings.crm_interaction_logging_alias = False
        settings.execute()
        self.assertFalse(self.alias.exists())

    # ------------------------------------------------------------
    # NOT LOGGED
    # ------------------------------------------------------------

    def test_private_not_logged(self):
        for n, value in enumerate(("Private", "Personal", "Company-Confidential")):
            message_id = f"<private-{n}@mail.example.com>"
            raw = self._raw(
                "sally@mycompany.example.com",
                "anna@example.com",
                delivered_to=self.address,
                message_id=message_id,
                headers={"Sensitivity": value},
            )
            self.assertFalse(self._process(raw))
            self.assertFalse(
                self.env["mail.message"].search([("message_id", "=", message_id)]),
                "nothing of a private email is kept",
            )

    def test_auto_reply_not_logged(self):
        raw = self._raw(
            "anna@example.com",
            "sally@mycompany.example.com",
            delivered_to=self.address,
            headers={"Auto-Submitted": "auto-replied"},
        )
        self._process(raw)
        self.assertFalse(self._entries())

    def test_unknown_listed_for_sender(self):
        """No known contact: nothing logged, nothing bounced, the sender finds
        the email in Emails Not Logged (once, also when redelivered)."""
        raw = self._raw(
            "sally@mycompany.example.com",
            "New Customer <new@prospect.example.com>",
            delivered_to=self.address,
        )
        self._process(raw)
        self._process(raw)
        self.assertFalse(self._entries())
        Unlogged = self.env["crm.interaction.unlogged.email"]
        unlogged = Unlogged.with_user(self.user_salesman).search([])
        self.assertEqual(len(unlogged), 1)
        self.assertRecordValues(
            unlogged,
            [
                {
                    "subject": "Our offer",
                    "unknown_addresses": "new@prospect.example.com",
                    "user_id": self.user_salesman.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertFalse(Unlogged.with_user(self.user_salesman_2).search([]))

    def test_privacy_blocked_not_logged(self):
        Partner = self.env["res.partner"]
        if "interaction_privacy_blocked" not in Partner._fields:
            # until the privacy flag exists, a contact is never blocked
            self._process(
                self._raw(
                    "anna@example.com", "x@y.example.com", delivered_to=self.address
                )
            )
            self.assertEqual(self._entries().partner_id, self.partner_anna)
            return
        self.partner_anna.interaction_privacy_blocked = True
        self._process(
            self._raw(
                "anna@example.com",
                "sally@mycompany.example.com",
                cc="ben@example.com",
                delivered_to=self.address,
            )
        )
        self.assertFalse(self._entries(), "nothing of a blocked sender's email")
        self._process(
            self._raw(
                "sally@mycompany.example.com",
                "anna@example.com, ben@example.com",
                delivered_to=self.address,
                message_id="<log-2@mail.example.com>",
            )
        )
        self.assertEqual(
            self._entries("<log-2@mail.example.com>").partner_id, self.partner_ben
        )

    def test_internal_only_not_logged(self):
        """Between colleagues: no external contact, nothing logged."""
        self.user_manager.email = "max@mycompany.example.com"
        raw = self._raw(
            "sally@mycompany.example.com",
            "max@mycompany.example.com",
            delivered_to=self.address,
        )
        self._process(raw)
        self.assertFalse(self._entries())
        self.assertFalse(
            self.env["crm.interaction.unlogged.email"].search([]),
            "no unknown address to list",
        )

    # ------------------------------------------------------------
    # LOGGED ONCE
    # ------------------------------------------------------------

    def test_reply_to_logged_email_is_new_interaction(self):
        """The customer answers an email logged from Outlook: the answer is
        posted on the logged entry, as a reply to an interaction email, and
        logged once as a new inbound entry answering it (its opportunity and
        campaign)."""
        self.env["crm.lead"].create(
            {
                "name": "Chairs",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "campaign_id": self.campaign.id,
            }
        )
        self._process(
            self._raw(
                "sally@mycompany.example.com",
                "anna@example.com",
                delivered_to=self.address,
            )
        )
        outbound = self._entries()
        # the outbound email's opportunity, though Anna has two open ones now
        lead = outbound.lead_id
        self.assertEqual(lead.campaign_id, self.campaign)
        self.env["crm.lead"].create(
            {
                "name": "Tables",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
            }
        )
        self._process(
            self._raw(
                "anna@example.com",
                "sally@mycompany.example.com",
                delivered_to=self.address,
                message_id="<reply-1@example.com>",
                subject="Re: Our offer",
                in_reply_to="<log-1@mail.example.com>",
            )
        )
        inbound = self._entries("<reply-1@example.com>")
        self.assertEqual(len(inbound), 1)
        self.assertEqual(inbound.lead_id, lead, "the opportunity answered")
        self.assertEqual(inbound.campaign_id, self.campaign)
        self.assertEqual(inbound.reply_to_entry_id, outbound)
        self.assertNotEqual(inbound, outbound)
        self.assertEqual(inbound.information_flow, "inbound")
        self.assertEqual(inbound.partner_id, self.partner_anna)

    def test_chatter_and_logging_address_log_once(self):
        """A customer's answer to an opportunity's email reaches both the
        opportunity (a direct reply, logged by an email_received rule) and
        the logging address: the opportunity's chatter has it once and it is
        logged once, whichever copy arrives first."""
        self.env["crm.interaction.auto.rule"].create(
            {
                "model_id": self.env["ir.model"]._get_id("crm.lead"),
                "event": "email_received",
                "template_id": self.template_call_in.id,
            }
        )
        for n, logging_first in enumerate((False, True)):
            lead = self.env["crm.lead"].create(
                {
                    "name": f"Sofas {n}",
                    "type": "opportunity",
                    "partner_id": self.partner_anna.id,
                }
            )
            sent = lead.message_post(
                body="Our offer", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            message_id = f"<answer-{n}@example.com>"
            direct = self._raw(
                "anna@example.com",
                f"catchall@{DOMAIN}",
                message_id=message_id,
                subject="Re: Sofas",
                in_reply_to=sent.message_id,
            )
            copy = self._raw(
                "anna@example.com",
                "sally@mycompany.example.com",
                delivered_to=self.address,
                message_id=message_id,
                subject="Re: Sofas",
                in_reply_to=sent.message_id,
            )
            for raw in (copy, direct) if logging_first else (direct, copy):
                self._process(raw)
            with self.subTest(logging_first=logging_first):
                self.assertEqual(
                    len(
                        lead.message_ids.filtered(
                            lambda m, i=message_id: m.message_id == i
                        )
                    ),
                    1,
                )
                self.assertEqual(len(self._entries(message_id)), 1)
