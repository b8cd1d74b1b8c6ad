"""Correspondence of log entries: the email or letter an interaction is.

The entry fields and methods live in this file (extending
``crm.interaction.log.entry``) so that the correspondence stays one piece:
rendering the template on entries, sending the emails through Odoo's mail
composer and queue, following their delivery status and resending the
failed ones.

An interaction email is a mass-mode email of Odoo's composer on the entry:
its message lives in the entry's chatter, its Reply-To is the catchall of the
entry's company alias domain (replies come back through the mail gateway and
are logged, see ``crm_interaction_log_entry_reply.py``), and it carries the
company's Return-Path and Odoo's headers.
"""

import ast
import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, is_html_empty, split_every

from .mail_bulk_insert import insert_mails
from .notifications import SOFT_RELOAD, counted, notification

DELIVERY_STATUS = [
    ("none", "Not Sent"),
    ("printed", "Printed"),
    ("to_send", "To Send"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("error", "Error"),
    ("no_email", "No Email"),
]
LETTER_REPORT = "crm_interaction_log.action_report_interaction_letter"
# emails prepared at once: bounds the memory of a 50,000-line segment
MAIL_BATCH_SIZE = 10000
# up to this many emails at once, the composer creates them itself (Odoo's
# own path, record by record); more are written in a few statements with
# the values the composer prepared (see mail_bulk_insert.py)
COMPOSER_SEND_LIMIT = 50
_logger = logging.getLogger(__name__)
# why the composer cancels an email (mail.mail failure_type) -> status
CANCELED_STATUS = {
    "mail_bl": "no_email",
    "mail_email_missing": "no_email",
    "mail_email_invalid": "no_email",
    "mail_optout": "no_email",
}


class CrmInteractionLogEntry(models.Model):
    # one class per concern (correspondence) keeps the entry model readable
    _inherit = "crm.interaction.log.entry"  # pylint: disable=consider-merging-classes-inherited

    delivery_status = fields.Selection(
        DELIVERY_STATUS,
        default="none",
        readonly=True,
        copy=False,
        index=True,
        help="Delivery of the interaction's email or letter: not sent, letter "
        "printed, email to be prepared in the background (a large segment), "
        "queued in the outgoing mail queue, sent, failed (SMTP error or "
        "bounce) or impossible because the contact has no email address or "
        "is blacklisted.",
    )
    delivery_failure_reason = fields.Text(readonly=True, copy=False)
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Email Message",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    mail_body = fields.Html(
        string="Email Sent", related="mail_message_id.body", related_sudo=False
    )
    body = fields.Html(
        string="Content",
        sanitize_style=True,
        help="Text of the letter or email as sent. Empty: the template's content "
        "rendered for the contact.",
    )
    letter_file_name = fields.Char(
        compute="_compute_letter_file_name",
        help="Name of the letter printed for the interaction, in the contact's "
        "language (the letter report keeps it under this name and prints it "
        "again from it).",
    )

    @api.depends("partner_id.name", "partner_id.lang")
    def _compute_letter_file_name(self):
        for entry in self:
            partner = entry.partner_id
            env = entry.with_context(lang=partner.lang or entry.env.lang).env
            entry.letter_file_name = (
                env._("Letter %(contact)s", contact=partner.name or "") + ".pdf"
            )

    # ------------------------------------------------------------
    # RENDERING
    # ------------------------------------------------------------

    @api.model
    def mail_allowed_qweb_expressions(self):
        # simple placeholders of interaction templates, rendered without
        # evaluating code (the fast path of mail.render.mixin)
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.description",
            "object.subject",
            "object.partner_id.lang",
            "object.commercial_partner_id.name",
            "object.unsubscribe_url",
        )

    def _get_correspondence_contents(self):
        """Subject and body of each entry's correspondence: its own (typed in
        the wizard) when it has one, else its template's rendered on the
        entry (``mail.render.mixin``, in the contact's language).

        :return: ``{entry_id: (subject, body)}``
        """
        contents = {}
        # ids gathered in lists: growing a recordset with |= in a loop
        # copies it each time (quadratic on a segment)
        to_render = defaultdict(list)
        for entry in self:
            if entry.body and not is_html_empty(entry.body):
                contents[entry.id] = (entry.subject or entry.description, entry.body)
            else:
                to_render[entry.template_id].append(entry.id)
        for template, entry_ids in to_render.items():
            entries = self.browse(entry_ids)
            rendered = template._render_correspondence(entries)
            for entry in entries:
                subject, body = rendered[entry.id]
                contents[entry.id] = (
                    entry.subject or subject or entry.description,
                    body,
                )
        return contents

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    @api.model
    def _get_correspondence_email_from(self):
        user = self.env.user
        return user.email_formatted or self.env.company.email_formatted

    def _send_correspondence(self):
        """Send the correspondence of logged entries: queue the emails of
        email entries, mark those without a reachable contact ``no_email``.
        Hard-copy entries are printed with the letter report.

        :return: ``{"queued": n, "no_email": n}``
        """
        # sending writes the entries' status and message: the caller must be
        # allowed to change them
        self.check_access("write")
        entries = self.filtered(
            lambda e: e.state == "logged" and e.correspondence_type == "email"
        )
        unreachable_partners = entries.partner_id.filtered(
            lambda p: p._get_interaction_email_problem()
        )
        unreachable = entries.filtered(lambda e: e.partner_id in unreachable_partners)
        to_mark = unreachable.filtered(lambda e: e.delivery_status != "no_email")
        if to_mark:
            to_mark._write_protected(
                {"delivery_status": "no_email", "delivery_failure_reason": False}
            )
        reachable = entries - unreachable
        # an email that failed goes back to the queue (the same message and
        # mail, as the mail's own Retry does); the others are new emails
        failed_mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", reachable.mail_message_id.ids),
                    ("state", "in", ("exception", "cancel")),
                ]
            )
        )
        requeued = reachable.filtered(
            lambda e: e.mail_message_id in failed_mails.mail_message_id
        )
        if failed_mails:
            failed_mails.mark_outgoing()
            requeued._write_protected(
                {"delivery_status": "queued", "delivery_failure_reason": False}
            )
        new = reachable - requeued
        for batch in split_every(MAIL_BATCH_SIZE, new.ids, self.browse):
            batch._queue_emails()
        if reachable:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return {"queued": len(reachable), "no_email": len(unreachable)}

    def _mark_to_send(self):
        """Leave the emails of these logged entries to the background job
        (``crm.interaction.logged.segment._cron_send_pending_emails``), which
        sends them as ``_send_correspondence`` would, as the user logging
        them now. One statement for all (the status is not tracked: this is
        what ``_link_correspondence_mails`` writes for sent ones).

        :return: ``{"to_send": n}``
        """
        self.check_access("write")
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE %s
                   SET delivery_status = 'to_send',
                       delivery_failure_reason = NULL,
                       write_uid = %s, write_date = %s
                 WHERE id = ANY(%s) AND state = 'logged'
                   AND correspondence_type = 'email'
             RETURNING id
                """,
                SQL.identifier(self._table),
                self.env.uid,
                fields.Datetime.now(),
                self.ids,
            )
        )
        self.invalidate_recordset(
            ["delivery_status", "delivery_failure_reason", "write_uid", "write_date"]
        )
        if rows:
            self.env.ref(
                "crm_interaction_log.ir_cron_send_pending_emails"
            ).sudo()._trigger()
        return {"to_send": len(rows)}

    def _send_in_background(self, user, company):
        """Send the emails of these entries (to send, of one logged segment
        and company) as ``user``, who logged them, with that user's rights:
        what that user may no longer do fails these entries with the reason
        (Error), it never blocks the job."""
        if not self:
            return
        try:
            with self.env.cr.savepoint():
                self.with_user(user).with_company(company)._send_correspondence()
        except (AccessError, UserError) as error:
            _logger.info(
                "%s interaction emails not sent in the background: %s",
                len(self),
                error,
            )
            reason = self.env._(
                "Not sent in the name of %(user)s, who logged it: %(reason)s",
                user=user.name,
                reason=error.args[0] if error.args else str(error),
            )
            self._write_protected(
                {"delivery_status": "error", "delivery_failure_reason": reason}
            )
        # whatever the composer left without an email is not retried forever
        left = self.filtered(lambda e: e.delivery_status == "to_send")
        if left:
            _logger.warning(
                "No email was prepared for the interactions %s: marked Error", left.ids
            )
            left._write_protected(
                {
                    "delivery_status": "error",
                    "delivery_failure_reason": self.env._(
                        "No email could be prepared for this interaction."
                    ),
                }
            )

    def _queue_emails(self):
        """Create the emails of the entries in the outgoing mail queue, with
        the values Odoo's composer gives each of them (see
        ``_prepare_correspondence_mails``), and link each entry to its
        message."""
        values = self._prepare_correspondence_mails()
        if not values:
            return
        MailSudo = self.env["mail.mail"].sudo()
        if len(values) <= COMPOSER_SEND_LIMIT:
            mails = MailSudo.create(list(values.values()))
            links = [
                (mail.res_id, mail.mail_message_id.id, mail.state, mail.failure_type)
                for mail in mails
            ]
        else:
            links = insert_mails(self.env, list(values.values()))
        self._link_correspondence_mails(links)

    def _prepare_correspondence_mails(self):
        """The ``mail.mail`` values of each entry's email, prepared by Odoo's
        composer in mass mode on the entries (``_prepare_mail_values``): one
        composer per template and language (the template's translation is
        its content in that language), one per entry with content of its
        own. Attachments (the template's and the entry's) are linked, not
        copied per email.

        :return: ``{entry_id: mail values}``
        """
        # ids gathered in lists (growing a recordset with |= is quadratic)
        groups = defaultdict(list)
        for entry in self:
            if (entry.body and not is_html_empty(entry.body)) or entry.subject:
                groups[entry].append(entry.id)
            else:
                groups[entry.template_id].append(entry.id)
        email_from = self._get_correspondence_email_from()
        author = self.env.user.partner_id
        # the entries' own attachments, read for all of them at once
        own_attachments = {entry.id: entry.attachment_ids.ids for entry in self}
        values = {}
        for source, entry_ids in groups.items():
            entries = self.browse(entry_ids)
            template = entries.template_id
            for template_lang, lang_ids in template._classify_per_lang(
                entries.ids
            ).values():
                if source._name == self._name:
                    subject = source.subject or template_lang.subject
                    body = source.body
                    if not body or is_html_empty(body):
                        body = template_lang.body
                else:
                    subject, body = template_lang.subject, template_lang.body
                composer = (
                    self.env["mail.compose.message"]
                    .sudo()
                    .with_context(lang=template_lang.env.lang)
                    .create(
                        {
                            "composition_mode": "mass_mail",
                            "model": self._name,
                            "res_ids": repr(lang_ids),
                            "subject": subject or "{{ object.description }}",
                            "body": body or "",
                            "email_from": email_from,
                            "author_id": author.id,
                            "auto_delete": True,
                            "auto_delete_keep_log": True,
                        }
                    )
                )
                template_attachments = template.attachment_ids.ids
                by_id = {entry.id: entry for entry in entries}
                for entry_id, mail_values in composer._prepare_mail_values(
                    lang_ids
                ).items():
                    entry = by_id[entry_id]
                    if entry.logged_segment_id:
                        # bulk mail: one-click unsubscribe (RFC 8058)
                        headers = ast.literal_eval(mail_values.get("headers") or "{}")
                        headers.update(entry._unsubscribe_headers())
                        mail_values["headers"] = repr(headers)
                    mail_values["attachment_ids"] = [
                        fields.Command.link(attachment_id)
                        for attachment_id in dict.fromkeys(
                            template_attachments + own_attachments[entry_id]
                        )
                    ]
                    values[entry_id] = mail_values
        return values

    def _link_correspondence_mails(self, links):
        """Give each entry its email message and delivery status.

        :param links: ``(entry id, message id, mail state, failure type)``
            of each email created
        """
        statuses = {
            entry_id: (
                "queued"
                if state != "cancel"
                else CANCELED_STATUS.get(failure_type, "error")
            )
            for entry_id, _message_id, state, failure_type in links
        }
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                UPDATE %s e
                   SET mail_message_id = v.message_id,
                       delivery_status = v.status,
                       delivery_failure_reason = NULL,
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::int[], %s::varchar[])
                       AS v(entry_id, message_id, status)
                 WHERE e.id = v.entry_id
                """,
                SQL.identifier(self._table),
                self.env.uid,
                fields.Datetime.now(),
                [link[0] for link in links],
                [link[1] for link in links],
                [statuses[link[0]] for link in links],
            )
        )
        self.invalidate_recordset(
            [
                "mail_message_id",
                "delivery_status",
                "delivery_failure_reason",
                "write_uid",
                "write_date",
            ]
        )

    @api.model
    def _follow_delivery(self, messages, status, reason=False):
        """The emails of ``messages`` were sent (or failed) in this
        transaction, which also removes them from the queue: follow it on
        their entries without ever undoing the send. When the entries are
        being changed by someone else at this moment (a cancel, a restore:
        a serialization failure or a lock), their status is left as it was
        and catches up after the queue's run (``_sync_delivery_status``)."""
        if not messages:
            return
        try:
            with self.env.cr.savepoint():
                self._update_delivery_status(messages, status, reason)
                self.env.flush_all()
        except (
            psycopg2.errors.SerializationFailure,
            psycopg2.errors.LockNotAvailable,
        ) as error:
            self.env.invalidate_all(flush=False)
            _logger.info(
                "Delivery status of the interactions of %s emails left for the "
                "next run of the mail queue: %s",
                len(messages),
                error.pgcode,
            )

    @api.model
    def _sync_delivery_status(self):
        """Queued entries whose email is no longer in the queue: sent (the
        queue deletes a sent mail and keeps the message), or failed (the
        mail is kept in exception)."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT e.id,
                       COALESCE(bool_or(m.state = 'outgoing'), FALSE),
                       COALESCE(bool_or(m.state IN ('exception', 'cancel')), FALSE)
                  FROM %s e
             LEFT JOIN mail_mail m ON m.mail_message_id = e.mail_message_id
                 WHERE e.delivery_status = 'queued'
                   AND e.mail_message_id IS NOT NULL
              GROUP BY e.id
                """,
                SQL.identifier(self._table),
            )
        )
        sent = [entry for entry, pending, failed in rows if not pending and not failed]
        failed = [entry for entry, pending, failed in rows if failed and not pending]
        Entry = self.sudo().with_context(active_test=False)
        if sent:
            Entry.browse(sent)._write_protected({"delivery_status": "sent"})
        if failed:
            Entry.browse(failed)._write_protected({"delivery_status": "error"})

    @api.model
    def _update_delivery_status(self, messages, status, reason=False):
        """Delivery of ``messages`` changed (sent, failed, bounced): follow
        it on their entries."""
        if not messages:
            return
        entries = (
            self.sudo()
            .with_context(active_test=False)
            .search([("mail_message_id", "in", messages.ids)])
        )
        if entries:
            entries._write_protected(
                {"delivery_status": status, "delivery_failure_reason": reason}
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_resend(self):
        """Send again the correspondence of the selected entries that failed
        or could not be sent (error, no email; not yet sent ones are sent for
        the first time). Sent and queued entries are left alone."""
        entries = self.filtered(
            lambda e: e.state == "logged"
            and e.correspondence_type == "email"
            and e.delivery_status in ("none", "error", "no_email")
        )
        counts = entries._send_correspondence()
        return self._correspondence_notification(counts, SOFT_RELOAD)

    @api.model
    def _correspondence_notification(self, counts, next_action=None):
        """Notification telling how many emails were queued and how many
        contacts could not be emailed."""
        queued, no_email = counts["queued"], counts["no_email"]
        messages = []
        if queued or not no_email:
            messages.append(
                counted(
                    queued,
                    self.env._("1 email queued."),
                    self.env._("%(count)s emails queued.", count=queued),
                    none=self.env._("No email to send."),
                )
            )
        if no_email:
            messages.append(
                counted(
                    no_email,
                    self.env._(
                        "1 contact has no email address or is blacklisted: its "
                        "interaction is marked No Email."
                    ),
                    self.env._(
                        "%(count)s contacts have no email address or are "
                        "blacklisted: their interactions are marked No Email.",
                        count=no_email,
                    ),
                )
            )
        # a warning, not sticky: the entries keep their No Email status
        return notification(
            " ".join(messages),
            next_action,
            kind="warning" if no_email else "success",
        )

    def _render_letters(self, keep=False):
        """The letters of the entries as one document (a PDF; HTML when
        reports render without wkhtmltopdf, in tests).

        :param bool keep: let the report keep each entry's letter as its
            attachment (Odoo's Save as Attachment), which printing the entry
            again reloads instead of rendering it anew
        :return: ``(content, extension, mimetype)``
        """
        Report = self.env["ir.actions.report"]
        if not keep:
            Report = Report.with_context(report_pdf_no_attachment=True)
        content, report_type = Report._render_qweb_pdf(LETTER_REPORT, self.ids)
        if report_type == "pdf":
            return content, "pdf", "application/pdf"
        return content, "html", "text/html"

    def _attach_letters(self, record=None, name=None):
        """Print the letters of the entries and attach the document to
        ``record`` (a logged segment: one merged document), or to each entry
        when there is only one entry.

        :return: the attachment
        """
        attachment = None
        if record is None:
            # the entry's own letter: kept by the report itself, so that the
            # download that follows reloads it (printed once)
            self.ensure_one()
            record = self
            content, extension, mimetype = self._render_letters(keep=True)
            attachment = self.env.ref(LETTER_REPORT).retrieve_attachment(self)
            name = self.letter_file_name.removesuffix(".pdf")
        else:
            content, extension, mimetype = self._render_letters()
        # not kept by the report (HTML without wkhtmltopdf, a merged document)
        attachment = attachment or self.env["ir.attachment"].create(
            {
                "name": f"{name}.{extension}",
                "raw": content,
                "mimetype": mimetype,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        if record._name == self._name:
            record._write_protected(
                {"attachment_ids": [fields.Command.link(attachment.id)]}
            )
        # the letters are printed: what the delivery status says of them
        letters = self.filtered(lambda e: e.correspondence_type == "hard_copy")
        if letters:
            letters._write_protected({"delivery_status": "printed"})
        return attachment

    def action_print_letters(self):
        """One PDF with the letters of the selected entries."""
        return self.env.ref(LETTER_REPORT).report_action(self)
