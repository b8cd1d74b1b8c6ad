"""Correspondence of log entries: the email or letter an interaction is.

The entry fields and methods live in this file (extending
``crm.interaction.log.entry``) so that the correspondence stays one piece:
rendering the template on entries, queueing the emails through Odoo's mail
queue, following their delivery status and resending the failed ones.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, is_html_empty
from odoo.tools.mail import formataddr, generate_tracking_message_id

DELIVERY_STATUS = [
    ("none", "Not Sent"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("error", "Error"),
    ("no_email", "No Email"),
]
ENTRY_SEND_FIELDS = [
    "partner_id",
    "template_id",
    "correspondence_type",
    "state",
    "mail_message_id",
    "description",
    "subject",
    "body",
    "attachment_ids",
]
PARTNER_SEND_FIELDS = ["name", "complete_name", "lang", "email", "email_normalized"]
LETTER_REPORT = "crm_interaction_log.action_report_interaction_letter"
# mails created at once: bounds the memory of a 50,000-line segment
MAIL_BATCH_SIZE = 10000


class CrmInteractionLogEntry(models.Model):
    # one class per concern (correspondence) keeps the entry model readable
    _inherit = "crm.interaction.log.entry"  # pylint: disable=consider-merging-classes-inherited

    delivery_status = fields.Selection(
        DELIVERY_STATUS,
        default="none",
        readonly=True,
        copy=False,
        index=True,
        help="Delivery of the interaction's email: not sent, queued in the "
        "outgoing mail queue, sent, failed (SMTP error or bounce) or impossible "
        "because the contact has no email address or is blacklisted.",
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

    def init(self):
        # entries written in SQL (segment logging) get the default too
        result = super().init()
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN delivery_status SET DEFAULT 'none'",
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET delivery_status = 'none' WHERE delivery_status IS NULL",
                SQL.identifier(self._table),
            )
        )
        return result

    # ------------------------------------------------------------
    # RENDERING
    # ------------------------------------------------------------

    def mail_allowed_qweb_expressions(self):
        # simple placeholders of interaction templates, rendered without
        # evaluating code (the fast path of mail.render.mixin)
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.description",
            "object.subject",
            "object.partner_id.lang",
            "object.commercial_partner_id.name",
        )

    def _get_correspondence_contents(self):
        """Subject and body of each entry's correspondence: its own (typed in
        the wizard) when it has one, else its template's rendered on the
        entry in the contact's language, in one rendering per template and
        language.

        :return: ``{entry_id: (subject, body)}``
        """
        contents = {}
        to_render = defaultdict(list)
        for entry in self:
            if entry.body and not is_html_empty(entry.body):
                contents[entry.id] = (
                    entry.subject or entry.description,
                    entry.body,
                )
            else:
                to_render[entry.template_id].append(entry)
        for template, entries in to_render.items():
            rendered = template._render_correspondence(
                self.browse([e.id for e in entries])
            )
            for entry in entries:
                subject, body = rendered[entry.id]
                contents[entry.id] = (
                    entry.subject or subject or entry.description,
                    body,
                )
        return contents

    def _get_letter_body(self):
        """Body printed on the letter of each entry: ``{entry_id: body}``."""
        return {
            entry_id: body
            for entry_id, (
                _subject,
                body,
            ) in self._get_correspondence_contents().items()
        }

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    def _get_unreachable_entries(self):
        """Entries whose contact cannot receive email: no valid address or
        blacklisted (what ``res.partner.is_blacklisted`` says), in one query
        for all entries."""
        if not self:
            return self
        self.env["res.partner"].flush_model(["email_normalized"])
        self.env["mail.blacklist"].flush_model(["email", "active"])
        self.flush_recordset(["partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT e.id
                  FROM %s e
                  JOIN res_partner p ON p.id = e.partner_id
                 WHERE e.id = ANY(%s)
                   AND (COALESCE(p.email_normalized, '') = ''
                        OR EXISTS (SELECT 1 FROM mail_blacklist b
                                    WHERE b.active AND b.email = p.email_normalized))
                """,
                SQL.identifier(self._table),
                list(self.ids),
            )
        )
        return self.browse([row[0] for row in rows])

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
        # sending writes on the entries (their status and message) in SQL:
        # the caller must be allowed to change them
        self.check_access("write")
        # what sending reads, and only that (a segment has thousands of
        # entries: prefetching every column of entries and contacts would
        # cost more than the sending itself)
        self.fetch(ENTRY_SEND_FIELDS)
        self.partner_id.fetch(PARTNER_SEND_FIELDS)
        emails = self.filtered(
            lambda e: e.correspondence_type == "email" and e.state == "logged"
        )
        unreachable = emails._get_unreachable_entries()
        if unreachable:
            unreachable._write_protected(
                {"delivery_status": "no_email", "delivery_failure_reason": False}
            )
        reachable = emails - unreachable
        for start in range(0, len(reachable), MAIL_BATCH_SIZE):
            reachable[start : start + MAIL_BATCH_SIZE]._queue_emails()
        return {"queued": len(reachable), "no_email": len(unreachable)}

    def _queue_emails(self):
        """Put the emails of the entries in the outgoing mail queue, in bulk.

        Entries resent after a failure requeue their failed ``mail.mail``
        (the same message, so the contact's chatter shows it once); the
        others get a new message in the contact's chatter and a new mail
        (see ``_create_mails``).
        """
        if not self:
            return
        MailSudo = self.env["mail.mail"].sudo()
        existing = MailSudo.search(
            [("mail_message_id", "in", self.mail_message_id.ids)]
        )
        requeue = existing.filtered(lambda m: m.state in ("exception", "cancel"))
        if requeue:
            requeue.write(
                {"state": "outgoing", "failure_reason": False, "failure_type": False}
            )
        requeued = self.filtered(
            lambda e: e.mail_message_id
            and e.mail_message_id in existing.mail_message_id
        )
        if requeued:
            requeued._write_protected(
                {"delivery_status": "queued", "delivery_failure_reason": False}
            )
        (self - requeued)._create_mails()
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _create_mails(self):
        """Create the email of each entry as Odoo's mass mailing would (a
        ``mail.message`` on the contact, a ``mail.mail`` to the contact with
        the template's and entry's attachments, in the outgoing queue), but
        in a few statements for all entries: a segment of 10,000 contacts
        queues its emails in seconds, where the ORM (and the mass-mail
        composer) spends most of its time per record. The values are what
        ``mail.mail.create()`` would store; subjects and bodies are rendered
        by ``mail.render.mixin`` from the template (trusted content) or typed
        in the wizard (sanitized by the entry's Html field). Entries marked
        queued and linked to their message in the same pass.
        """
        if not self:
            return
        contents = self._get_correspondence_contents()
        email_from = self._get_correspondence_email_from()
        author = self.env.user.partner_id
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        now = fields.Datetime.now()
        uid = self.env.uid
        self.env.flush_all()
        cr = self.env.cr

        new_entries = self.filtered(lambda e: not e.mail_message_id)
        cr.execute(
            SQL(
                "SELECT nextval('mail_message_id_seq') FROM generate_series(1, %s)",
                len(new_entries),
            )
        )
        new_message_ids = [row[0] for row in cr.fetchall()]
        message_of = dict(zip(new_entries.ids, new_message_ids, strict=True))
        message_of.update({e.id: e.mail_message_id.id for e in self - new_entries})
        columns = defaultdict(list)
        attachment_pairs = ([], [])
        template_attachments = {
            template.id: template.attachment_ids.ids for template in self.template_id
        }
        for entry, message_id in zip(new_entries, new_message_ids, strict=True):
            subject, body = contents[entry.id]
            partner = entry.partner_id
            columns["id"].append(message_id)
            columns["subject"].append(subject)
            columns["body"].append(body or "")
            columns["res_id"].append(partner.id)
            columns["message_id"].append(
                generate_tracking_message_id(f"{partner.id}-res.partner")
            )
            attachment_ids = template_attachments[entry.template_id.id]
            if entry.attachment_ids:
                attachment_ids = set(attachment_ids) | set(entry.attachment_ids.ids)
            for attachment_id in attachment_ids:
                attachment_pairs[0].append(message_id)
                attachment_pairs[1].append(attachment_id)
        if new_entries:
            cr.execute(
                SQL(
                    """
                    INSERT INTO mail_message (
                        id, subject, body, res_id, record_name, message_id,
                        model, message_type, subtype_id, author_id, email_from,
                        reply_to, date, is_internal, reply_to_force_new,
                        email_add_signature, create_uid, create_date,
                        write_uid, write_date)
                    SELECT m.id, m.subject, m.body, m.res_id, p.complete_name,
                           m.message_id, 'res.partner', 'email_outgoing', %s, %s,
                           %s, %s, %s, FALSE, FALSE, FALSE, %s, %s, %s, %s
                      FROM unnest(%s::int[], %s::varchar[], %s::text[], %s::int[],
                                  %s::varchar[])
                           AS m(id, subject, body, res_id, message_id)
                      JOIN res_partner p ON p.id = m.res_id
                    """,
                    subtype_id,
                    author.id,
                    email_from,
                    email_from,
                    now,
                    uid,
                    now,
                    uid,
                    now,
                    columns["id"],
                    columns["subject"],
                    columns["body"],
                    columns["res_id"],
                    columns["message_id"],
                )
            )
        if attachment_pairs[0]:
            cr.execute(
                SQL(
                    """
                    INSERT INTO message_attachment_rel (message_id, attachment_id)
                    SELECT * FROM unnest(%s::int[], %s::int[])
                    """,
                    *attachment_pairs,
                )
            )
        # addressed like mail.mail.email_to of mass mailings: the contact's
        # formatted address (the message stays on the contact)
        cr.execute(
            SQL(
                """
                INSERT INTO mail_mail (
                    mail_message_id, body_html, email_to, state, is_notification,
                    auto_delete, create_uid, create_date, write_uid, write_date)
                SELECT m.*, 'outgoing', TRUE, TRUE, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::text[], %s::text[]) AS m
                """,
                uid,
                now,
                uid,
                now,
                [message_of[entry.id] for entry in self],
                [contents[entry.id][1] or "" for entry in self],
                [
                    formataddr(
                        (entry.partner_id.name, entry.partner_id.email_normalized)
                    )
                    for entry in self
                ],
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE %s e
                   SET mail_message_id = v.message_id,
                       delivery_status = 'queued',
                       delivery_failure_reason = NULL,
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::int[]) AS v(entry_id, message_id)
                 WHERE e.id = v.entry_id
                """,
                SQL.identifier(self._table),
                uid,
                now,
                list(message_of),
                list(message_of.values()),
            )
        )
        # what the ORM caches of entries, messages, mails and chatters
        self.invalidate_recordset(
            [
                "mail_message_id",
                "delivery_status",
                "delivery_failure_reason",
                "write_uid",
                "write_date",
            ]
        )
        self.env["mail.message"].invalidate_model()
        self.env["mail.mail"].invalidate_model()
        self.env["res.partner"].invalidate_model(["message_ids"])

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
        return self._correspondence_notification(counts)

    @api.model
    def _correspondence_notification(self, counts, next_action=None):
        """Notification telling how many emails were queued and how many
        contacts could not be emailed."""
        message = self.env._("%(count)s email(s) queued.", count=counts["queued"])
        if counts["no_email"]:
            message += " " + self.env._(
                "%(count)s contact(s) have no email address or are blacklisted: "
                "their interactions are marked No Email.",
                count=counts["no_email"],
            )
        params = {
            "type": "warning" if counts["no_email"] else "success",
            "message": message,
            "sticky": bool(counts["no_email"]),
        }
        if next_action:
            params["next"] = next_action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }

    def _render_letters(self):
        """The letters of the entries as one document (a PDF; HTML when
        reports render without wkhtmltopdf, in tests).

        :return: ``(content, extension, mimetype)``
        """
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(report_pdf_no_attachment=True)
            ._render_qweb_pdf(LETTER_REPORT, self.ids)
        )
        if report_type == "pdf":
            return content, "pdf", "application/pdf"
        return content, "html", "text/html"

    def _attach_letters(self, record=None, name=None):
        """Print the letters of the entries and attach the document to
        ``record`` (a logged segment: one merged document), or to each entry
        when there is only one entry.

        :return: the attachment
        """
        content, extension, mimetype = self._render_letters()
        if record is None:
            self.ensure_one()
            record = self
            name = name or self.env._(
                "Letter %(contact)s", contact=self.partner_id.name
            )
        attachment = self.env["ir.attachment"].create(
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
        return attachment

    def action_print_letters(self):
        """One PDF with the letters of the selected entries."""
        return self.env.ref(LETTER_REPORT).report_action(self)
