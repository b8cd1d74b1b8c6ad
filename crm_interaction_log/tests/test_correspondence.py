import base64
from unittest.mock import patch

import psycopg2
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import format_datetime
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon
from .common_correspondence import CorrespondenceCommon, SmtpCorrespondenceCommon


@tagged("post_install", "-at_install")
class TestCorrespondence(CorrespondenceCommon):
    """Rendering, the wizard, segments and statuses (the mail queue is not
    run here: see TestCorrespondenceSmtp)."""

    def test_template_renders_in_contact_language(self):
        entries = self._create_entry(
            self.template_email, self.partner_fi
        ) | self._create_entry(self.template_email, self.partner_en)
        contents = entries._get_correspondence_contents()
        subject_fi, body_fi = contents[entries[0].id]
        subject_en, body_en = contents[entries[1].id]
        self.assertEqual(subject_fi, "Tarjous: Eero Mäkinen")
        self.assertIn("Hyvä Eero Mäkinen, tässä tarjouksemme.", body_fi)
        self.assertEqual(subject_en, "Offer for John Smith")
        self.assertIn("Dear John Smith, here is our offer.", body_en)

    def test_template_preview(self):
        preview = Form(
            self.env["crm.interaction.template.preview"].with_context(
                default_template_id=self.template_email.id
            )
        )
        preview.partner_id = self.partner_fi
        self.assertEqual(preview.subject, "Tarjous: Eero Mäkinen")
        self.assertIn("tässä tarjouksemme", preview.body)
        preview.partner_id = self.partner_en
        self.assertEqual(preview.subject, "Offer for John Smith")
        action = self.template_email.action_open_preview()
        self.assertEqual(action["res_model"], "crm.interaction.template.preview")

    def test_wizard_shows_rendered_content_and_send_option(self):
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=self.partner_fi.id
            )
        )
        wizard.template_id = self.template_call_out
        self.assertFalse(wizard.send_correspondence)
        self.assertFalse(wizard.subject)
        wizard.template_id = self.template_email
        self.assertTrue(wizard.send_correspondence)
        self.assertEqual(wizard.subject, "Tarjous: Eero Mäkinen")
        self.assertIn("tässä tarjouksemme", wizard.body)
        wizard.template_id = self.template_letter
        self.assertTrue(wizard.send_correspondence)
        self.assertEqual(wizard.subject, "Letter to Eero Mäkinen")

    def test_wizard_shows_where_the_correspondence_goes_before_logging(self):
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=self.partner_fi.id
            )
        )
        wizard.template_id = self.template_email
        self.assertEqual(wizard.recipient, self.partner_fi.email_formatted)
        self.assertFalse(wizard.recipient_warning)
        # the template's attachments go with the email: shown before Log
        self.assertEqual(wizard.template_attachment_ids[:], self.attachment)
        wizard.template_id = self.template_letter
        self.assertEqual(
            wizard.recipient.splitlines()[:3],
            ["Eero Mäkinen", "Mannerheimintie 1", "Helsinki"],
        )
        self.assertFalse(wizard.template_attachment_ids[:])
        wizard.template_id = self.template_call_out
        self.assertFalse(wizard.recipient)
        # what cannot be sent is said before Log, not after
        for partner, words in (
            (self.partner_no_email, "Nora No Email has no email address"),
            (self.partner_blacklisted, "Bob Blacklisted asked to receive no more"),
        ):
            wizard.partner_id = partner
            wizard.template_id = self.template_email
            self.assertFalse(wizard.recipient)
            self.assertIn(words, wizard.recipient_warning)
        wizard.template_id = self.template_letter
        self.assertIn("has no postal address", wizard.recipient_warning)

    def test_nothing_empty_is_sent(self):
        empty = self.template_email.copy(
            {"code": "T_EMPTY", "subject": False, "body": False}
        )
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=self.partner_en.id
            )
        )
        wizard.template_id = empty
        # nothing to send: logged only by default
        self.assertFalse(wizard.send_correspondence)
        wizard.send_correspondence = True
        wizard = wizard.save()
        Entry = self.env["crm.interaction.log.entry"]
        before = Entry.search_count([])
        with self.assertRaisesRegex(UserError, "has no content: write it, or untick"):
            wizard.action_log()
        self.assertEqual(Entry.search_count([]), before)
        wizard.send_correspondence = False
        wizard.action_log()
        self.assertEqual(Entry.search_count([]), before + 1)
        # a segment: refused before anything is logged, logged without sending
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Empty",
                "template_id": empty.id,
                "line_ids": [(0, 0, {"partner_id": self.partner_en.id})],
            }
        )
        with self.assertRaisesRegex(
            UserError, r"the template \[T_EMPTY\].* has no content"
        ):
            segment.action_log(send_correspondence=True)
        self.assertEqual(segment.state, "draft")
        self.assertEqual(Entry.search_count([]), before + 1)
        segment.action_log()
        self.assertEqual(segment.state, "logged")

    def test_wizard_subject_and_attachments_sit_with_the_content(self):
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_create_wizard_view_form"
        )
        correspondence = arch.xpath("//group[@name='correspondence']")[0]
        result = arch.xpath("//group[@name='result']")[0]
        for fname in ("subject", "attachment_ids"):
            self.assertTrue(correspondence.xpath(f".//field[@name='{fname}']"))
            # in the result only for interactions without correspondence
            [node] = result.xpath(f".//field[@name='{fname}']")
            self.assertEqual(
                node.get("invisible"), "correspondence_type in ('email', 'hard_copy')"
            )
        self.assertTrue(correspondence.xpath(".//field[@name='recipient']"))
        self.assertTrue(
            correspondence.xpath(".//field[@name='template_attachment_ids']")
        )

    def test_letter_address_company_and_person_on_their_own_lines(self):
        company = self.env["res.partner"].create(
            {
                "name": "Mäkinen Oy",
                "is_company": True,
                "street": "Aleksanterinkatu 5",
                "zip": "00100",
                "city": "Helsinki",
                "country_id": self.env.ref("base.fi").id,
            }
        )
        person = self.env["res.partner"].create(
            {"name": "Aino Mäkinen", "parent_id": company.id, "type": "contact"}
        )
        self.assertEqual(
            person._get_interaction_address_lines()[:4],
            ["Mäkinen Oy", "Aino Mäkinen", "Aleksanterinkatu 5", "00100 Helsinki"],
        )
        self.assertEqual(company._get_interaction_address_lines()[0], "Mäkinen Oy")
        self.assertNotIn("Mäkinen Oy", company._get_interaction_address_lines()[1:])
        entry = self._create_entry(self.template_letter, person)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "crm_interaction_log.action_report_interaction_letter", entry.ids
            )[0]
            .decode()
        )
        address = etree.fromstring(
            html.split('<address class="o_interaction_letter_address')[1]
            .split(">", 1)[1]
            .split("</address>")[0]
            .join(("<a>", "</a>"))
        )
        lines = [text.strip() for text in address.itertext() if text.strip()]
        self.assertEqual(
            lines[:3], ["Mäkinen Oy", "Aino Mäkinen", "Aleksanterinkatu 5"]
        )
        self.assertNotIn("Mäkinen Oy, Aino Mäkinen", html)

    def test_wizard_queues_email_with_edited_content(self):
        entry, result = self._log_with_wizard(
            self.partner_fi, subject="Oma aihe", body="<p>Muokattu teksti</p>"
        )
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.delivery_status, "queued")
        message = entry.mail_message_id
        # the email is the entry's: in its chatter, to its contact
        self.assertEqual((message.model, message.res_id), (entry._name, entry.id))
        self.assertEqual(message.subject, "Oma aihe")
        self.assertIn("Muokattu teksti", message.body)
        self.assertEqual(message.attachment_ids, self.attachment)
        mail = self._mails_of(entry)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.partner_fi)
        self.assertIn(message, entry.message_ids)
        self.assertEqual(result["params"]["type"], "success")

    def test_wizard_without_send_sends_nothing(self):
        entry, _result = self._log_with_wizard(
            self.partner_en, send_correspondence=False
        )
        self.assertEqual(entry.delivery_status, "none")
        self.assertFalse(entry.mail_message_id)

    def test_wizard_contact_without_email(self):
        entry, result = self._log_with_wizard(self.partner_no_email)
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.delivery_status, "no_email")
        self.assertFalse(entry.mail_message_id)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("1 contact has no email address", result["params"]["message"])

    def test_wizard_hard_copy_prints_and_attaches_letter(self):
        entry, result = self._log_with_wizard(self.partner_fi, self.template_letter)
        self.assertEqual(entry.correspondence_type, "hard_copy")
        self.assertEqual(entry.delivery_status, "printed")
        self.assertEqual(result["type"], "ir.actions.report")
        self.assertEqual(
            result["report_name"], "crm_interaction_log.report_interaction_letter"
        )
        self.assertEqual(result["context"]["active_ids"], entry.ids)
        self.assertTrue(result["close_on_report_download"])
        letter = entry.attachment_ids
        self.assertEqual(len(letter), 1)
        self.assertEqual((letter.res_model, letter.res_id), (entry._name, entry.id))
        content = base64.b64decode(letter.datas).decode()
        self.assertIn("Hello Eero Mäkinen, a letter.", content)
        self.assertIn("Mannerheimintie 1", content)
        self.assertFalse(entry.mail_message_id)

    def test_letter_report_one_document_for_selection(self):
        entries = self._create_entry(
            self.template_letter, self.partner_fi
        ) | self._create_entry(self.template_letter, self.partner_en)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "crm_interaction_log.action_report_interaction_letter", entries.ids
            )[0]
            .decode()
        )
        self.assertIn("Hello Eero Mäkinen, a letter.", html)
        self.assertIn("Hello John Smith, a letter.", html)
        self.assertIn(self.env.company.name, html)

    def test_delivery_fields_protected(self):
        entry = self._create_entry(self.template_email, self.partner_en)
        with self.assertRaises(UserError):
            entry.write({"delivery_status": "sent"})
        with self.assertRaises(UserError):
            entry.write(
                {"mail_message_id": self.env["mail.message"].search([], limit=1).id}
            )

    def test_segment_queues_one_mail_per_line_and_counts_no_email(self):
        partners = (
            self.partner_fi
            | self.partner_en
            | self.partner_no_email
            | self.partner_blacklisted
        )
        logged, result = self._log_segment(partners)
        entries = logged.entry_ids
        self.assertEqual(len(entries), 4)
        status = {e.partner_id: e.delivery_status for e in entries}
        self.assertEqual(status[self.partner_fi], "queued")
        self.assertEqual(status[self.partner_en], "queued")
        self.assertEqual(status[self.partner_no_email], "no_email")
        self.assertEqual(status[self.partner_blacklisted], "no_email")
        mails = self._mails_of(entries)
        self.assertEqual(len(mails), 2)
        fi_entry = entries.filtered(lambda e: e.partner_id == self.partner_fi)
        self.assertIn("tässä tarjouksemme", fi_entry.mail_body)
        by_partner = {m.recipient_ids.id: m for m in mails}
        self.assertEqual(set(by_partner), {self.partner_fi.id, self.partner_en.id})
        self.assertEqual(
            {(m.model, m.res_id) for m in mails},
            {(e._name, e.id) for e in entries if e.delivery_status == "queued"},
        )
        self.assertEqual(
            by_partner[self.partner_fi.id].subject, "Tarjous: Eero Mäkinen"
        )
        self.assertEqual(by_partner[self.partner_en.id].subject, "Offer for John Smith")
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("2 emails queued", result["params"]["message"])
        self.assertIn("2 contacts have no email", result["params"]["message"])
        self.assertIn("4 interactions logged", result["params"]["message"])
        self.assertEqual(result["params"]["next"]["res_id"], logged.id)
        self.assertEqual(logged.delivery_failed_count, 2)

    def test_salesperson_segment_sends_in_finnish(self):
        """An own-documents salesperson working in Finnish logs a segment with
        sending: the emails are theirs (author, sender), rendered in each
        contact's language, and the result speaks Finnish."""
        self.user_salesman.lang = "fi_FI"
        Segment = self.env["crm.interaction.segment"].with_user(self.user_salesman)
        segment = Segment.with_context(lang="fi_FI").create(
            {
                "description": "Kevättarjous",
                "template_id": self.template_email.id,
                "line_ids": [
                    (0, 0, {"partner_id": partner.id})
                    for partner in self.partner_fi
                    | self.partner_en
                    | self.partner_no_email
                ],
            }
        )
        result = segment.action_log(send_correspondence=True)
        entries = segment.sudo().logged_segment_id.entry_ids
        status = {entry.partner_id: entry.delivery_status for entry in entries}
        self.assertEqual(status[self.partner_fi], "queued")
        self.assertEqual(status[self.partner_en], "queued")
        self.assertEqual(status[self.partner_no_email], "no_email")
        self._assert_offers_sent_by(entries, self.user_salesman)
        self.assertEqual(len(self._mails_of(entries)), 2)
        self.assertIn("3 vuorovaikutusta kirjattu", result["params"]["message"])
        self.assertIn("2 sähköpostia jonossa", result["params"]["message"])

    def test_segment_without_send(self):
        logged, result = self._log_segment(
            self.partner_fi | self.partner_en, send=False
        )
        self.assertEqual(set(logged.entry_ids.mapped("delivery_status")), {"none"})
        self.assertFalse(self._mails_of(logged.entry_ids))
        self.assertNotIn("queued", result["params"]["message"])
        self.assertEqual(result["params"]["next"]["res_id"], logged.id)

    def test_segment_log_wizard_sends(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Wizard offer",
                "template_id": self.template_email.id,
                "line_ids": [(0, 0, {"partner_id": self.partner_en.id})],
            }
        )
        action = segment.action_open_log_wizard()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertTrue(wizard.send_correspondence)  # as in Create Interaction
        wizard.send_correspondence = True
        wizard.save().action_log()
        self.assertEqual(segment.logged_segment_id.entry_ids.delivery_status, "queued")

    def test_segment_hard_copy_lines_one_letter_document(self):
        logged, _result = self._log_segment(
            self.partner_fi | self.partner_en, self.template_letter
        )
        letters = self.env["ir.attachment"].search(
            [("res_model", "=", logged._name), ("res_id", "=", logged.id)]
        )
        self.assertEqual(len(letters), 1)
        content = base64.b64decode(letters.datas).decode()
        self.assertIn("Hello Eero Mäkinen, a letter.", content)
        self.assertIn("Hello John Smith, a letter.", content)
        self.assertFalse(self._mails_of(logged.entry_ids))
        self.assertEqual(logged.letter_count, 2)
        self.assertEqual(set(logged.entry_ids.mapped("delivery_status")), {"printed"})
        action = logged.action_print_letters()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            sorted(action["context"]["active_ids"]), sorted(logged.entry_ids.ids)
        )

    def test_resend_no_email_once_contact_has_one(self):
        logged, _result = self._log_segment(self.partner_no_email)
        entry = logged.entry_ids
        self.assertEqual(entry.delivery_status, "no_email")
        self.partner_no_email.email = "nora@example.com"
        result = logged.action_resend_failed()
        self.assertEqual(entry.delivery_status, "queued")
        self.assertEqual(self._mails_of(entry).recipient_ids, self.partner_no_email)
        self.assertIn("1 email queued", result["params"]["message"])

    def test_resend_needs_write_access(self):
        logged, _result = self._log_segment(self.partner_no_email)
        self.partner_no_email.email = "nora@example.com"
        entry = logged.entry_ids.with_user(self.user_salesman_2)
        with self.assertRaises(AccessError):
            entry.action_resend()
        self.assertEqual(logged.entry_ids.delivery_status, "no_email")

    def test_resend_sends_entry_attachments_with_template_ones(self):
        logged, _result = self._log_segment(self.partner_en, send=False)
        entry = logged.entry_ids
        self.assertEqual(entry.delivery_status, "none")
        own = self.env["ir.attachment"].create(
            {"name": "terms.txt", "raw": b"Terms", "mimetype": "text/plain"}
        )
        entry._write_protected({"attachment_ids": [(4, own.id)]})
        result = entry.action_resend()
        self.assertEqual(entry.delivery_status, "queued")
        self.assertEqual(entry.mail_message_id.attachment_ids, self.attachment | own)
        mail = self._mails_of(entry)
        self.assertEqual(mail.body_html, entry.mail_message_id.body)
        self.assertIn("Dear John Smith", mail.body_html)
        self.assertIn("1 email queued", result["params"]["message"])

    def test_resend_leaves_sent_and_queued_alone(self):
        entry, _result = self._log_with_wizard(self.partner_en)
        mails = self._mails_of(entry)
        entry.action_resend()
        self.assertEqual(self._mails_of(entry), mails)

    def test_bounce_sets_error(self):
        entry, _result = self._log_with_wizard(self.partner_en)
        message = entry.mail_message_id
        self.env["mail.thread"]._routing_handle_bounce(
            False,
            {
                "bounced_email": "john@example.com",
                "bounced_partner": self.partner_en,
                "bounced_msg_ids": [message.message_id],
                "bounced_message": message,
                "email_from": "MAILER-DAEMON@example.com",
                "to": "bounce@example.com",
                "message_id": "<bounce-1@example.com>",
            },
        )
        self.assertEqual(entry.delivery_status, "error")
        self.assertIn("john@example.com", entry.delivery_failure_reason)


@tagged("post_install", "-at_install")
class TestCorrespondenceSmtp(SmtpCorrespondenceCommon):
    def test_email_arrives_in_contact_language_with_attachment(self):
        entry, _result = self._log_with_wizard(self.partner_fi)
        self.assertEqual(entry.delivery_status, "queued")
        self._run_mail_queue()
        self.assertEqual(entry.delivery_status, "sent")
        received = self._received_by("eero@example.fi")
        self.assertEqual(len(received), 1)
        msg = received[0]
        self.assertIn("eero@example.fi", msg["To"])
        self.assertEqual(msg["Subject"], "Tarjous: Eero Mäkinen")
        html = msg.get_body(preferencelist=("html",)).get_content()
        self.assertIn("Hyvä Eero Mäkinen, tässä tarjouksemme.", html)
        attachments = list(msg.iter_attachments())
        self.assertEqual([a.get_filename() for a in attachments], ["price_list.txt"])
        self.assertEqual(attachments[0].get_content(), "Price list 2026")
        # the message stays in the entry's chatter once the mail is gone
        self.assertIn(entry.mail_message_id, entry.message_ids)
        self.assertFalse(self._mails_of(entry))

    def test_server_down_gives_error_then_resend(self):
        self._stop_smtp()
        try:
            entry, _result = self._log_with_wizard(self.partner_en)
            self._run_mail_queue()
            self.assertEqual(entry.delivery_status, "error")
            self.assertTrue(entry.delivery_failure_reason)
            self.assertFalse(self._received_by("john@example.com"))
        finally:
            self._start_smtp()
        failed = self.env["crm.interaction.log.entry"].search(
            [("delivery_status", "=", "error"), ("id", "=", entry.id)]
        )
        self.assertEqual(failed, entry)
        failed.action_resend()
        self.assertEqual(entry.delivery_status, "queued")
        self._run_mail_queue()
        self.assertEqual(entry.delivery_status, "sent")
        received = self._received_by("john@example.com")
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]["Subject"], "Offer for John Smith")
        # one message in the chatter, not one per attempt
        self.assertEqual(
            entry.message_ids.filtered(lambda m: m.subject == "Offer for John Smith"),
            entry.mail_message_id,
        )

    def test_segment_emails_arrive(self):
        partners = self.partner_fi | self.partner_en | self.partner_no_email
        logged, _result = self._log_segment(partners)
        self._run_mail_queue()
        status = {e.partner_id: e.delivery_status for e in logged.entry_ids}
        self.assertEqual(
            status,
            {
                self.partner_fi: "sent",
                self.partner_en: "sent",
                self.partner_no_email: "no_email",
            },
        )
        self.assertEqual(
            self._received_by("eero@example.fi")[0]["Subject"], "Tarjous: Eero Mäkinen"
        )
        self.assertEqual(
            self._received_by("john@example.com")[0]["Subject"], "Offer for John Smith"
        )
        for address in ("eero@example.fi", "john@example.com"):
            self.assertEqual(len(self._received_by(address)), 1)

    def test_status_conflict_never_undoes_the_send(self):
        """The owner cancels or restores the entry while the queue sends it:
        updating its status hits a serialization failure after the SMTP
        server accepted the email. The send stands (the mail leaves the
        queue, it is never sent again) and the status catches up."""
        entry, _result = self._log_with_wizard(self.partner_en)
        Entry = type(self.env["crm.interaction.log.entry"])
        update = Entry._update_delivery_status
        calls = []

        def conflicting(records, messages, status, reason=False):
            calls.append(status)
            if len(calls) == 1:
                raise psycopg2.errors.SerializationFailure(
                    "could not serialize access due to concurrent update"
                )
            return update(records, messages, status, reason)

        with patch.object(Entry, "_update_delivery_status", conflicting):
            self._run_mail_queue()
        self.assertEqual(calls[0], "sent")
        self.assertEqual(len(self._received_by("john@example.com")), 1)
        self.assertFalse(self._mails_of(entry))
        self.assertEqual(entry.delivery_status, "sent")
        self._run_mail_queue()
        self.assertEqual(len(self._received_by("john@example.com")), 1)


@tagged("post_install", "-at_install")
class TestDeliveryStatusOnForm(TestInteractionCommon):
    """What the entry form shows of its email: a failure in words, not the
    mail server's "111 / Connection refused"; Resend reloads the form; the
    email by its subject and date."""

    def _failed(self, status, reason):
        entry = self._create_entry()
        entry._write_protected(
            {"delivery_status": status, "delivery_failure_reason": reason}
        )
        return entry

    def test_messages(self):
        cases = {
            ("error", "111 / Connection refused"): "could not be reached",
            ("error", "SMTPAuthenticationError: 535 5.7.8"): "refused the login",
            ("error", "550 5.1.1 Recipient address rejected"): "was refused",
            ("error", "Something odd"): "could not be sent: Something odd",
            ("no_email", False): "has no email address",
        }
        for (status, reason), expected in cases.items():
            with self.subTest(reason=reason):
                message = self._failed(status, reason).delivery_failure_message
                self.assertIn(expected, message)
                if reason and status == "error" and "odd" not in reason:
                    self.assertNotIn(reason, message)
        self.assertFalse(self._create_entry().delivery_failure_message)

    def test_form_shows_the_words(self):
        arch = etree.fromstring(
            self.env["crm.interaction.log.entry"].get_view(view_type="form")["arch"]
        )
        self.assertTrue(arch.xpath("//field[@name='delivery_failure_message']"))
        # the server's raw reason is for developer mode only (18.0 leaves it
        # out of the arch, 19.0 leaves that to the web client)
        source = etree.fromstring(
            self.env.ref(
                "crm_interaction_log.crm_interaction_log_entry_view_form_correspondence"
            ).arch
        )
        [reason] = source.xpath("//field[@name='delivery_failure_reason']")
        self.assertEqual(reason.get("groups"), "base.group_no_one")

    def test_resend_reloads_the_form(self):
        entry = self._create_entry()
        result = entry.action_resend()
        self.assertEqual(result["params"]["next"]["tag"], "soft_reload")

    def test_email_message_shown_by_subject_and_date(self):
        """The entry's email (a message on the contact) reads as its subject
        and date, not as the contact's name (the message's record name)."""
        entry = self._create_entry()
        message = self.partner_anna.message_post(
            body="Our offer", subject="Spring offer", subtype_xmlid="mail.mt_note"
        )
        entry._write_protected({"mail_message_id": message.id})
        source = etree.fromstring(
            self.env.ref(
                "crm_interaction_log.crm_interaction_log_entry_view_form_correspondence"
            ).arch
        )
        [node] = source.xpath("//field[@name='mail_message_id']")
        self.assertEqual(node.get("string"), "Email Message")
        spec = {"fields": {"display_name": {}}}
        if node.get("context"):
            spec["context"] = safe_eval(node.get("context"))
        [values] = entry.web_read({"mail_message_id": spec})
        date = format_datetime(self.env, message.date, dt_format="short")
        self.assertEqual(
            values["mail_message_id"]["display_name"], f"Spring offer ({date})"
        )
        message.subject = False
        [values] = entry.web_read({"mail_message_id": spec})
        self.assertEqual(values["mail_message_id"]["display_name"], f"Email of {date}")
        # elsewhere a message keeps Odoo's name
        self.assertNotEqual(message.display_name, f"Email of {date}")
