from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models.crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH
from .common import TestInteractionCommon
from .common_history import DocumentHistoryCommon

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

    def test_rule_models_with_contact_or_chatter(self):
        field = self.env["crm.interaction.auto.rule"]._fields["model_id"]
        models = self.env["ir.model"].search(literal_eval(field.domain))
        names = set(models.mapped("model"))
        self.assertIn("crm.lead", names)
        self.assertIn("res.partner", names)
        self.assertNotIn("ir.ui.view", names)
        self.assertNotIn("ir.model.fields", names)
        rule = self.env["crm.interaction.auto.rule"].new({})
        self.assertEqual(rule.event, "email_sent")


@tagged("post_install", "-at_install")
class TestEmailLogging(DocumentHistoryCommon):
    """Outbound auto-logged emails count on their opportunity; a customer's
    email arriving through the mail gateway logs an inbound entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule.create(
            [
                {
                    "model_id": cls.lead_model.id,
                    "event": "email_sent",
                    "template_id": cls.template_email_out.id,
                },
                {
                    "model_id": cls.lead_model.id,
                    "event": "email_received",
                    "template_id": cls.template_email_in.id,
                },
            ]
        )
        cls.user_salesman.email = "sally@ourcompany.example.com"
        cls.partner_anna.email = "anna@example.com"

    def _lead_message(self):
        """A message of the lead customers reply to."""
        return self.lead.message_post(
            body="Our offer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )

    def _raw_email(
        self, email_from, msg_id, in_reply_to="", extra="", subject=None, body=None
    ):
        headers = [
            f"Return-Path: <{email_from}>",
            f"From: {email_from}",
            "To: sales@example.com",
            f"Subject: {subject or 'Re: Showroom chairs'}",
            f"Message-ID: {msg_id}",
            "Date: Tue, 24 Nov 2026 10:00:00 +0000",
            "MIME-Version: 1.0",
        ]
        if in_reply_to:
            headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
        if extra:
            headers.append(extra)
        if "Content-Type" not in extra:
            headers.append('Content-Type: text/plain; charset="utf-8"')
        body = body or "Thank you, we accept the offer.\n"
        return "\n".join(headers) + "\n\n" + body

    def _process(self, raw, model="crm.lead"):
        return self.env["mail.thread"].sudo().message_process(model, raw)

    def _entries(self, **domain):
        return self.Entry.search(
            [("template_id", "=", self.template_email_in.id)]
            + [(key, "=", value) for key, value in domain.items()]
        )

    def test_outbound_email_counts_on_opportunity(self):
        self.assertEqual(self.lead.interaction_count, 0)
        message = self.lead.message_post(
            body="Here is our offer",
            subject="Offer for showroom chairs",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual(entry.subject, "Offer for showroom chairs")
        self.assertEqual(entry.mail_message_id, message)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 1)

    def test_outbound_email_without_subject_takes_document_name(self):
        self.lead.message_post(
            body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(entry.subject, "Showroom chairs")

    def test_document_linked_to_opportunity_sets_lead(self):
        """A document with an opportunity link (here a meeting) logs on the
        opportunity too."""
        self.Rule.create(
            {
                "model_id": self.env["ir.model"]._get_id("calendar.event"),
                "event": "email_sent",
                "template_id": self.template_email_out.id,
            }
        )
        # an opportunity without customer yet: whoever is written to counts
        lead = self.env["crm.lead"].create(
            {
                "name": "Open tender",
                "type": "opportunity",
                "campaign_id": self.campaign.id,
            }
        )
        event = self.env["calendar.event"].create(
            {
                "name": "Showroom visit",
                "start": fields.Datetime.now(),
                "stop": fields.Datetime.now() + timedelta(hours=1),
                "opportunity_id": lead.id,
            }
        )
        event.message_post(
            body="See you there",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_ben.ids,
        )
        entry = self.Entry.search(
            [("res_model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.campaign_id, self.campaign)

    def test_long_document_name_fits_the_description(self):
        self.lead.name = "Chairs " * 40
        self.lead.message_post(
            body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(len(entry.description), DESCRIPTION_MAX_LENGTH)

    def test_incoming_reply_logs_inbound_entry(self):
        parent = self._lead_message()
        self.assertFalse(self._entries())
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<reply-1@customer.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        message = self.env["mail.message"].search(
            [("message_id", "=", "<reply-1@customer.example.com>")]
        )
        self.assertEqual(message.model, "crm.lead")
        self.assertEqual(message.res_id, self.lead.id)
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.information_flow, "inbound")
        self.assertEqual(entry.initiated_by, "them")
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))
        self.assertEqual(entry.mail_message_id, message)
        self.assertEqual(entry.subject, "Re: Showroom chairs")
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.state, "logged")
        # the incoming email is not an email sent: no outbound entry for it
        self.assertEqual(
            self.Entry.search(
                [("template_id", "=", self.template_email_out.id)]
            ).mail_message_id,
            parent,
        )

    def test_incoming_email_creating_a_lead_logs_for_its_author(self):
        leads_before = self.env["crm.lead"].search([])
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<new-1@customer.example.com>",
                subject="Need 40 chairs",
            )
        )
        lead = self.env["crm.lead"].search([]) - leads_before
        self.assertEqual(len(lead), 1)
        entry = self._entries()
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.subject, "Need 40 chairs")

    def test_same_message_is_never_logged_twice(self):
        parent = self._lead_message()
        raw = self._raw_email(
            "Anna Virtanen <anna@example.com>",
            "<reply-2@customer.example.com>",
            in_reply_to=parent.message_id,
        )
        self._process(raw)
        self._process(raw)
        self.assertEqual(len(self._entries()), 1)
        # logging the message again directly changes nothing either
        message = self._entries().mail_message_id
        self.assertFalse(self.Rule._log_incoming_messages(message))
        self.assertEqual(len(self._entries()), 1)

    def test_internal_user_mail_not_logged(self):
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Sally Salesman <sally@ourcompany.example.com>",
                "<internal-1@ourcompany.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        message = self.env["mail.message"].search(
            [("message_id", "=", "<internal-1@ourcompany.example.com>")]
        )
        self.assertEqual(message.author_id, self.user_salesman.partner_id)
        self.assertFalse(self._entries())

    def test_auto_reply_not_logged(self):
        parent = self._lead_message()
        for number, header in enumerate(
            ("Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: bulk")
        ):
            msg_id = f"<auto-{number}@customer.example.com>"
            self._process(
                self._raw_email(
                    "Anna Virtanen <anna@example.com>",
                    msg_id,
                    in_reply_to=parent.message_id,
                    extra=header,
                )
            )
            self.assertTrue(
                self.env["mail.message"].search([("message_id", "=", msg_id)]),
                "the auto-reply is still posted on the lead",
            )
        self.assertFalse(self._entries())
        # Auto-Submitted: no is a person writing
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<person-1@customer.example.com>",
                in_reply_to=parent.message_id,
                extra="Auto-Submitted: no",
            )
        )
        self.assertEqual(len(self._entries()), 1)

    def test_bounce_not_logged(self):
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<bounce-1@customer.example.com>",
                in_reply_to=parent.message_id,
                extra="Content-Type: multipart/report; report-type=delivery-status; "
                'boundary="XXX"',
                body=(
                    "--XXX\nContent-Type: text/plain\n\nDelivery failed.\n"
                    "--XXX\nContent-Type: message/delivery-status\n\n"
                    "Reporting-MTA: dns; mx.example.com\n\n"
                    "Final-Recipient: rfc822; anna@example.com\nAction: failed\n"
                    "Status: 5.1.1\n\n"
                    "--XXX\nContent-Type: text/rfc822-headers\n\n"
                    f"Message-ID: {parent.message_id}\n"
                    "--XXX--\n"
                ),
            )
        )
        self.assertFalse(
            self.env["mail.message"].search(
                [("message_id", "=", "<bounce-1@customer.example.com>")]
            ),
            "a bounce is not posted",
        )
        self.assertFalse(self._entries())

    def test_unknown_sender_is_logged_as_warning(self):
        parent = self._lead_message()
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            self._process(
                self._raw_email(
                    "Stranger <stranger@nowhere.example.com>",
                    "<stranger-1@nowhere.example.com>",
                    in_reply_to=parent.message_id,
                )
            )
        self.assertIn("stranger@nowhere.example.com", logs.output[0])
        self.assertIn("not a known contact", logs.output[0])
        self.assertFalse(self._entries())

    def test_no_rule_no_log(self):
        self.Rule.search([("event", "=", "email_received")]).active = False
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<reply-3@customer.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        self.assertFalse(self._entries())

    def test_message_post_of_email_type_outside_gateway_not_logged(self):
        """Only mail arriving through the gateway is an email received."""
        self.lead.message_post(
            body="Imported", message_type="email", author_id=self.partner_anna.id
        )
        self.assertFalse(self._entries())


@tagged("post_install", "-at_install")
class TestSystemEntries(DocumentHistoryCommon):
    """Automatic entries are made by one batch ORM create: they hold exactly
    what a create of the same values holds."""

    def test_insert_equals_create(self):
        Rule = self.Rule
        self.partner_ben.interaction_correspondence_type = "email"
        vals = Rule._prepare_document_entry_values(
            self.template_letter,
            self.lead,
            self.partner_ben,
            user_id=self.user_salesman_2.id,
            note="<p>Feedback <script>alert(1)</script></p>",
            subject="Offer",
        )
        inserted = self.Entry._create_system_entries([vals])
        created = self.Entry.create(dict(vals))
        self.env.flush_all()
        self.env.invalidate_all()
        skip = {"id", "create_date", "write_date", "display_name"}
        fnames = [
            fname
            for fname, field in self.Entry._fields.items()
            if field.store and field.column_type and fname not in skip
        ]
        self.assertEqual(
            inserted.read(fnames, load=None)[0] | {"id": 0},
            created.read(fnames, load=None)[0] | {"id": 0},
        )
        self.assertEqual(inserted.group_id, self.group_letter)
        self.assertEqual(inserted.commercial_partner_id, self.partner_company)
        self.assertEqual(inserted.correspondence_type, "email")
        self.assertEqual(inserted.campaign_id, self.campaign)
        self.assertNotIn("<script>", inserted.note)
        self.assertIn(inserted, self.partner_ben.interaction_log_entry_ids)
        # logged automatic entries are read-only like any other
        with self.assertRaises(UserError):
            inserted.description = "Changed"

    def test_cache_and_inverse_after_insert(self):
        self.assertFalse(self.lead.interaction_log_entry_ids)
        entries = self.Rule._log_with_template(self.lead, self.template_call_out)
        self.assertEqual(self.lead.interaction_log_entry_ids, entries)
        self.assertEqual(entries.partner_id, self.partner_anna)
        self.assertEqual(entries.duration, 10)
