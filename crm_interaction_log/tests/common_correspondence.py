"""Correspondence test fixtures: templates in two languages, contacts, and
a real SMTP server (aiosmtpd) for the mail queue."""

import email
import email.policy
import logging
import socket
import threading
from unittest.mock import patch

from aiosmtpd.controller import Controller

import odoo
from odoo.tests import Form

from ..models.compat import ODOO_19
from .common import TestInteractionCommon

SUBJECT = "Offer for {{ object.partner_id.name }}"
SUBJECT_FI = "Tarjous: {{ object.partner_id.name }}"
BODY = '<p>Dear <t t-out="object.partner_id.name"/>, here is our offer.</p>'
BODY_FI = '<p>Hyvä <t t-out="object.partner_id.name"/>, tässä tarjouksemme.</p>'


class CorrespondenceCommon(TestInteractionCommon):
    """An email template with a subject, a body (English and Finnish) and an
    attachment, and contacts in both languages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fi_FI")
        # the document layout is chosen (else printing opens its configurator)
        cls.env.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.env.user.write({"email": "sender@example.com"})
        cls.user_salesman.write({"email": "sally@example.com"})
        cls.group_email = cls.env["crm.interaction.group"].create(
            {"code": "T_EMAIL", "name": "Test emails"}
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "price_list.txt",
                "raw": b"Price list 2026",
                "mimetype": "text/plain",
            }
        )
        cls.template_email = cls.env["crm.interaction.template"].create(
            {
                "code": "T_OFFER",
                "name": "Test offer email",
                "group_id": cls.group_email.id,
                "correspondence_type": "email",
                "ignore_contact_correspondence_type": True,
                "subject": SUBJECT,
                "body": BODY,
                "attachment_ids": [(6, 0, cls.attachment.ids)],
            }
        )
        cls.template_email.update_field_translations("subject", {"fi_FI": SUBJECT_FI})
        cls.template_email.update_field_translations("body", {"fi_FI": BODY_FI})
        cls.template_letter.write(
            {
                "subject": "Letter to {{ object.partner_id.name }}",
                "body": '<p>Hello <t t-out="object.partner_id.name"/>, a letter.</p>',
            }
        )
        Partner = cls.env["res.partner"]
        cls.partner_fi = Partner.create(
            {
                "name": "Eero Mäkinen",
                "email": "eero@example.fi",
                "lang": "fi_FI",
                "street": "Mannerheimintie 1",
                "city": "Helsinki",
            }
        )
        cls.partner_en = Partner.create(
            {"name": "John Smith", "email": "john@example.com", "lang": "en_US"}
        )
        cls.partner_no_email = Partner.create({"name": "Nora No Email"})
        cls.partner_blacklisted = Partner.create(
            {"name": "Bob Blacklisted", "email": "bob@example.com"}
        )
        cls.env["mail.blacklist"].create({"email": "bob@example.com"})

    def _log_with_wizard(self, partner, template=None, **values):
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=partner.id
            )
        )
        wizard.template_id = template or self.template_email
        for fname, value in values.items():
            setattr(wizard, fname, value)
        wizard = wizard.save()
        result = wizard.action_log()
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", partner.id)], order="id desc", limit=1
        )
        return entry, result

    def _mails_of(self, entries):
        return self.env["mail.mail"].search(
            [("mail_message_id", "in", entries.mail_message_id.ids)]
        )

    def _assert_offers_sent_by(self, entries, user):
        """The emails of ``entries`` (the offer to Eero in Finnish and to John
        in English) are ``user``'s: author, sender and subjects."""
        messages = entries.mail_message_id
        self.assertEqual(messages.author_id, user.partner_id)
        self.assertEqual(set(messages.mapped("email_from")), {user.email_formatted})
        self.assertEqual(
            sorted(messages.mapped("subject")),
            ["Offer for John Smith", "Tarjous: Eero Mäkinen"],
        )

    def _log_segment(self, partners, template=None, send=True):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Spring offer",
                "template_id": (template or self.template_email).id,
                "line_ids": [(0, 0, {"partner_id": p.id}) for p in partners],
            }
        )
        result = segment.action_log(send_correspondence=send)
        return segment.logged_segment_id, result


def run_mail_queue(env):
    """Run the standard mail queue for real: Odoo sends no email while a test
    runs; this turns that off for the queue run only (without letting the
    queue commit)."""
    if ODOO_19:  # the mail server and the mails ask _disable_send()
        enable = patch.object(
            type(env["ir.mail_server"]), "_disable_send", return_value=False
        )
    else:  # the mail server reads current_test (the queue commits by the
        # thread's testing flag, which stays set)
        enable = patch.object(odoo.modules.module, "current_test", False)
    with enable:
        env["mail.mail"].process_email_queue()
    env.invalidate_all()


class SmtpServer:
    """An SMTP server (aiosmtpd) on localhost and the only active
    ``ir.mail_server``, pointing at it; ``inbox.messages`` is what it got."""

    def __init__(self, env):
        self.port = _free_port()
        self.inbox = _Inbox()
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        env["ir.mail_server"].search([]).write({"active": False})
        env["ir.mail_server"].create(
            {
                "name": "Test SMTP (aiosmtpd)",
                "smtp_host": "127.0.0.1",
                "smtp_port": self.port,
                "smtp_encryption": "none",
                "sequence": 1,
            }
        )

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    """aiosmtpd handler keeping what the server received."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        with self.lock:
            self.messages.append(
                (
                    list(envelope.rcpt_tos),
                    email.message_from_bytes(
                        envelope.content, policy=email.policy.default
                    ),
                )
            )
        return "250 Message accepted for delivery"


class SmtpCorrespondenceCommon(CorrespondenceCommon):
    """The real path: an SMTP server (aiosmtpd) on localhost, an
    ``ir.mail_server`` pointing at it and Odoo's own mail queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # aiosmtpd logs every SMTP command at INFO level
        smtp_logger = logging.getLogger("mail.log")
        cls.addClassCleanup(smtp_logger.setLevel, smtp_logger.level)
        smtp_logger.setLevel(logging.WARNING)
        cls.smtp_port = _free_port()
        cls.inbox = _Inbox()
        cls.controller = None
        cls._start_smtp()
        cls.addClassCleanup(cls._stop_smtp)
        cls.env["ir.mail_server"].search([]).write({"active": False})
        cls.mail_server = cls.env["ir.mail_server"].create(
            {
                "name": "Test SMTP (aiosmtpd)",
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp_port,
                "smtp_encryption": "none",
                "sequence": 1,
            }
        )

    @classmethod
    def _start_smtp(cls):
        cls.controller = Controller(
            cls.inbox, hostname="127.0.0.1", port=cls.smtp_port, ready_timeout=10
        )
        cls.controller.start()

    @classmethod
    def _stop_smtp(cls):
        if cls.controller:
            cls.controller.stop()
            cls.controller = None

    def setUp(self):
        super().setUp()
        self.inbox.messages.clear()

    def _run_mail_queue(self):
        run_mail_queue(self.env)

    def _received_by(self, address):
        return [msg for rcpt, msg in self.inbox.messages if address in rcpt]
