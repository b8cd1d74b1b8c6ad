"""Interaction emails are Odoo's own mail: the rows the bulk path writes equal
what Odoo's mass-mail composer writes for the same entries, contact and
template, column by column, in two companies with their own alias domains."""

import ast
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from ..models import crm_interaction_log_entry_correspondence as correspondence
from .common_correspondence import CorrespondenceCommon

# what differs between two emails of two entries by nature
SKIP_MESSAGE = {"id", "create_date", "write_date", "date", "message_id", "res_id"}
SKIP_MAIL = {"id", "create_date", "write_date", "mail_message_id", "references"}


@tagged("post_install", "-at_install")
class TestMailParity(CorrespondenceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Second Company Oy"})
        AliasDomain = cls.env["mail.alias.domain"]
        for company, domain in (
            (cls.company_a, "first.example.com"),
            (cls.company_b, "second.example.fi"),
        ):
            company.alias_domain_id = AliasDomain.create(
                {
                    "name": domain,
                    "bounce_alias": "bounce",
                    "catchall_alias": "catchall",
                }
            )
        cls.env.user.company_ids |= cls.company_b
        # a template of every company
        cls.group_email.company_id = False
        cls.template_email.company_id = False
        Partner = cls.env["res.partner"]
        cls.contact_a = Partner.create(
            {"name": "Maija Meikäläinen", "email": "maija@example.fi", "lang": "fi_FI"}
        )
        cls.contact_b = Partner.create(
            {
                "name": "Ville Virtanen",
                "email": "ville@example.com",
                "company_id": cls.company_b.id,
            }
        )

    def _entries(self, company, contact, count=1):
        return self.env["crm.interaction.log.entry"].create(
            [
                {
                    "partner_id": contact.id,
                    "template_id": self.template_email.id,
                    "description": "Spring offer",
                    "company_id": company.id,
                    "correspondence_type": "email",
                }
                for _i in range(count)
            ]
        )

    def _composer_mails(self, entries):
        """What Odoo's mass-mail composer writes for the entries, with the
        template's content in the contact's language."""
        lang = entries.partner_id.lang
        template = self.template_email.with_context(lang=lang)
        composer = (
            self.env["mail.compose.message"]
            .with_context(lang=lang)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": entries._name,
                    "res_ids": repr(entries.ids),
                    "subject": template.subject,
                    "body": template.body,
                    "email_from": entries._get_correspondence_email_from(),
                    "author_id": self.env.user.partner_id.id,
                    "auto_delete": True,
                    "auto_delete_keep_log": True,
                    "force_send": False,
                }
            )
        )
        mails, _messages = composer._action_send_mail()
        return mails

    def _rows(self, table, ids, skip):
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT * FROM %s WHERE id = ANY(%s) ORDER BY id",
                SQL.identifier(table),
                list(ids),
            )
        )
        return [{k: v for k, v in row.items() if k not in skip} for row in rows]

    def _compare(self, ours, theirs, entries_ours, entries_theirs):
        self.env.flush_all()
        self.assertEqual(len(ours), len(theirs))
        ours_messages = self._rows(
            "mail_message", ours.mail_message_id.ids, SKIP_MESSAGE
        )
        their_messages = self._rows(
            "mail_message", theirs.mail_message_id.ids, SKIP_MESSAGE
        )
        self.assertEqual(ours_messages, their_messages)
        ours_mails = self._rows("mail_mail", ours.ids, SKIP_MAIL)
        their_mails = self._rows("mail_mail", theirs.ids, SKIP_MAIL)
        # the headers name the entry (X-Odoo-Objects): the rest is equal
        for rows, entries in (
            (ours_mails, entries_ours),
            (their_mails, entries_theirs),
        ):
            for row, entry in zip(rows, entries, strict=True):
                headers = ast.literal_eval(row.pop("headers"))
                self.assertEqual(
                    headers.pop("X-Odoo-Objects"), f"{entry._name}-{entry.id}"
                )
                row["headers"] = headers
        self.assertEqual(ours_mails, their_mails)
        self.assertEqual(ours.recipient_ids, theirs.recipient_ids)

    def _send_bulk(self, entries):
        """The set-based path, as a segment of thousands takes it."""
        with patch.object(correspondence, "COMPOSER_SEND_LIMIT", 0):
            entries._send_correspondence()
        return self._mails_of(entries)

    def test_bulk_rows_equal_composer_rows_in_two_companies(self):
        for company, contact in (
            (self.company_a, self.contact_a),
            (self.company_b, self.contact_b),
        ):
            with self.subTest(company=company.name):
                theirs_entries = self._entries(company, contact)
                ours_entries = self._entries(company, contact)
                theirs = self._composer_mails(theirs_entries)
                ours = self._send_bulk(ours_entries)
                self._compare(ours, theirs, ours_entries, theirs_entries)
                domain = company.alias_domain_id
                message = ours.mail_message_id
                # replies come back to the company's catchall, bounces to its
                # bounce address: through Odoo's gateway
                self.assertIn(f"<{domain.catchall_email}>", message.reply_to)
                self.assertEqual(
                    message.reply_to,
                    ours_entries._notify_get_reply_to()[ours_entries.id],
                )
                self.assertEqual(message.record_alias_domain_id, domain)
                self.assertEqual(message.record_company_id, company)
                self.assertEqual(
                    ast.literal_eval(ours.headers)["Return-Path"], domain.bounce_email
                )
                self.assertEqual(
                    (message.model, message.res_id),
                    (ours_entries._name, ours_entries.id),
                )
                self.assertEqual(ours_entries.mail_message_id, message)
                self.assertEqual(ours_entries.delivery_status, "queued")
                # the template's attachments are linked, not copied per email
                self.assertEqual(message.attachment_ids, self.attachment)

    def test_composer_path_equals_bulk_path(self):
        """A few emails (the wizard, a resend) go through the ORM's create
        with the composer's values; many through the set-based path: both
        write the same rows."""
        small_entries = self._entries(self.company_b, self.contact_b)
        bulk_entries = self._entries(self.company_b, self.contact_b)
        small_entries._send_correspondence()
        small = self._mails_of(small_entries)
        bulk = self._send_bulk(bulk_entries)
        self._compare(bulk, small, bulk_entries, small_entries)
        self.assertEqual(
            small.mail_message_id.attachment_ids, bulk.mail_message_id.attachment_ids
        )

    def test_message_id_from_odoo_generator(self):
        entries = self._entries(self.company_a, self.contact_a)
        mail = self._send_bulk(entries)
        self.assertRegex(
            mail.mail_message_id.message_id,
            rf"^<[\d.]+-openerp-{entries.id}-crm\.interaction\.log\.entry@",
        )
        self.assertEqual(mail.references, mail.mail_message_id.message_id)
