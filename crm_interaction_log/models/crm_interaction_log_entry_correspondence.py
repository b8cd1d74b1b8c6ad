"""Correspondence of log entries: the email or letter an interaction is.

The entry fields and methods live in this file (extending
``crm.interaction.log.entry``) so that the correspondence stays one piece:
rendering the template on entries, queueing the emails through Odoo's mail
queue, following their delivery status and resending the failed ones.
"""

import json
import random
import socket
import time
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, is_html_empty
from odoo.tools.mail import formataddr

from .notifications import SOFT_RELOAD, counted, notification

DELIVERY_STATUS = [
    ("none", "Not Sent"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("error", "Error"),
    ("no_email", "No Email"),
]
# what rendering reads of entries and contacts through the ORM (the rest of
# sending reads its columns in SQL)
ENTRY_SEND_FIELDS = ["partner_id", "template_id", "description", "subject"]
PARTNER_SEND_FIELDS = ["name", "lang"]
# what sending reads of an email entry (see _read_correspondence_rows): one
# dict per entry (a dict of plain values is not tracked by Python's garbage
# collector, a named tuple would be: ten thousand of them, kept for the whole
# sending, would set off a full collection)
SEND_COLUMNS = (
    "id",
    "partner_id",
    "template_id",
    "subject",
    "description",
    "body",
    "message_id",
    "status",
    "message_exists",
    "mail_ids",
    "failed_mail_ids",
    "partner_name",
    "email",
    "record_name",
    "lang",
    "unreachable",
    "attachment_ids",
)
LETTER_REPORT = "crm_interaction_log.action_report_interaction_letter"
# mails created at once: bounds the memory of a 50,000-line segment
MAIL_BATCH_SIZE = 10000


def _tracking_message_ids():
    """Message-Id generator of the same form as
    ``odoo.tools.mail.generate_tracking_message_id``, with the random source
    and host name set up once for a whole batch of emails."""
    rng = random.SystemRandom()
    host = socket.gethostname()

    def new_message_id(res_id):
        rnd = f"{rng.random():.15f}"[2:]
        return f"<{rnd}.{time.time():.15f}-openerp-{res_id}@{host}>"

    return new_message_id


def _array_literal(values):
    """``values`` (integers or strings, no None) as the text of a PostgreSQL
    array, to pass as one parameter cast to ``int[]`` or ``text[]``: the
    server reads ten thousand values from it at once, where psycopg2's
    ``ARRAY[...]`` of as many literals costs it several times longer."""
    return "{%s}" % ",".join(
        str(value)
        if isinstance(value, int)
        else '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')
        for value in values
    )


def _json_rows(keys, rows):
    """``rows`` (tuples of values in the order of ``keys``) as a JSON array
    of objects, for ``json_to_recordset``."""
    return json.dumps([dict(zip(keys, row, strict=False)) for row in rows])


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

    def _register_hook(self):
        """The link to the email message may be checked at commit: segment
        logging writes the entries with the ids of the messages it creates
        right after them (see ``_defer_mail_message_fk``), instead of
        updating ten thousand fresh entries afterwards. Odoo keeps a foreign
        key's deferrability when it updates the schema."""
        result = super()._register_hook()
        for name in self._mail_message_fk_names(deferrable=False):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ALTER CONSTRAINT %s DEFERRABLE INITIALLY IMMEDIATE",
                    SQL.identifier(self._table),
                    SQL.identifier(name),
                )
            )
        return result

    @api.model
    def _mail_message_fk_names(self, deferrable):
        """Names of the entry table's foreign keys on ``mail_message_id``
        that are (or are not) deferrable."""
        return [
            name
            for (name,) in self.env.execute_query(
                SQL(
                    """
                    SELECT fk.conname
                      FROM pg_constraint fk
                      JOIN pg_attribute a
                        ON a.attrelid = fk.conrelid AND a.attnum = fk.conkey[1]
                     WHERE fk.contype = 'f' AND fk.condeferrable = %s
                       AND fk.conrelid = %s::regclass
                       AND a.attname = 'mail_message_id'
                    """,
                    deferrable,
                    self._table,
                )
            )
        ]

    @api.model
    def _defer_mail_message_fk(self):
        """Check the entries' links to their email messages at commit, for
        this transaction only; False when the key cannot be deferred."""
        names = self._mail_message_fk_names(deferrable=True)
        if not names:
            return False
        self.env.cr.execute(
            SQL("SET CONSTRAINTS %s DEFERRED", SQL.identifier(names[0]))
        )
        return True

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
        )

    def _get_correspondence_contents(self, rows=None):
        """Subject and body of each entry's correspondence: its own (typed in
        the wizard) when it has one, else its template's rendered on the
        entry in the contact's language, in one rendering per template and
        language.

        :param rows: what sending read of the entries already (send rows);
            read here when not given. Bodies are then given as plain text, for
            the database (ten thousand ``Markup`` bodies kept in tuples would
            set off a full run of Python's garbage collector)
        :return: ``{entry_id: (subject, body)}``
        """
        send_rows = rows
        if rows is None:
            self.flush_recordset(["template_id", "subject", "description", "body"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, template_id, subject, description, body "
                    "FROM crm_interaction_log_entry WHERE id = ANY(%s)",
                    self.ids,
                )
            )
        else:
            rows = [
                (
                    row["id"],
                    row["template_id"],
                    row["subject"],
                    row["description"],
                    row["body"],
                )
                for row in rows
            ]
        contents = {}
        to_render = defaultdict(list)
        own_subject = {}
        for entry_id, template_id, subject, description, body in rows:
            own_subject[entry_id] = subject or description
            if body and not is_html_empty(body):
                if send_rows is None:
                    body = self._fields["body"].convert_to_cache(body, self)
                contents[entry_id] = (own_subject[entry_id], body)
            else:
                to_render[template_id].append(entry_id)
                own_subject[entry_id] = (subject, description)
        if not to_render:
            return contents
        langs = None
        if send_rows is None:
            # what rendering reads, and only that (a segment has thousands of
            # entries: prefetching every column of entries and contacts would
            # cost more than the rendering itself)
            entries = self.browse(
                entry_id for entry_ids in to_render.values() for entry_id in entry_ids
            )
            entries.fetch(ENTRY_SEND_FIELDS)
            entries.partner_id.fetch(PARTNER_SEND_FIELDS)
        else:
            rendered_rows = [row for row in send_rows if row["id"] not in contents]
            self._cache_send_rows(rendered_rows)
            langs = {row["id"]: row["lang"] for row in rendered_rows}
        templates = self.env["crm.interaction.template"]
        for template_id, entry_ids in to_render.items():
            rendered = templates.browse(template_id)._render_correspondence(
                self.browse(entry_ids), langs=langs
            )
            for entry_id in entry_ids:
                subject, body = rendered[entry_id]
                entry_subject, description = own_subject[entry_id]
                if send_rows is not None:
                    body = str(body)
                contents[entry_id] = (entry_subject or subject or description, body)
        return contents

    def _cache_send_rows(self, rows):
        """Give the ORM what rendering reads of the entries and contacts of
        ``rows`` (send rows), as read by ``_read_correspondence_rows``
        after a flush: the values ``fetch()`` would read again, put in the
        cache the same way, after the same access checks."""
        if not rows:
            return
        entries = self.browse(row["id"] for row in rows)
        partners = self.env["res.partner"].browse(row["partner_id"] for row in rows)
        entries.check_access("read")
        partners.check_access("read")
        entries.check_field_access_rights("read", ENTRY_SEND_FIELDS)
        partners.check_field_access_rights("read", PARTNER_SEND_FIELDS)
        cache = self.env.cache
        for records, fname, attr in (
            (entries, "partner_id", "partner_id"),
            (entries, "template_id", "template_id"),
            (entries, "description", "description"),
            (entries, "subject", "subject"),
            (partners, "name", "partner_name"),
            (partners, "lang", "lang"),
        ):
            cache.insert_missing(
                records, records._fields[fname], [row[attr] for row in rows]
            )

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    def _read_correspondence_rows(self):
        """What sending needs of the email entries among these (logged, email
        correspondence), for all of them at once: the entry, its contact and
        whether it can be emailed (a valid address, not blacklisted: what
        ``res.partner.is_blacklisted`` says) in one query; then the mails of
        the messages sent before (no query for a segment just logged) and the
        entries' own attachments (the columns the first query leaves NULL).

        :return: a list of send rows, ordered by entry id
        """
        if not self:
            return []
        self.env.flush_all()
        ids = _array_literal(self.ids)
        rows = [
            dict(zip(SEND_COLUMNS, row, strict=True))
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT e.id, e.partner_id, e.template_id, e.subject,
                           e.description, e.body, e.mail_message_id,
                           e.delivery_status, msg.id IS NOT NULL,
                           NULL, NULL, p.name, p.email_normalized,
                           p.complete_name, p.lang,
                           COALESCE(p.email_normalized, '') = ''
                           OR EXISTS (SELECT 1 FROM mail_blacklist b
                                       WHERE b.active
                                         AND b.email = p.email_normalized),
                           NULL
                      FROM %(table)s e
                      JOIN res_partner p ON p.id = e.partner_id
                 LEFT JOIN mail_message msg ON msg.id = e.mail_message_id
                     WHERE e.id = ANY(%(ids)s::int[])
                       AND e.correspondence_type = 'email'
                       AND e.state = 'logged'
                  ORDER BY e.id
                    """,
                    table=SQL.identifier(self._table),
                    ids=ids,
                )
            )
        ]
        # the mails of messages sent before (none for a segment just logged)
        sent_before = {row["message_id"]: row for row in rows if row["message_exists"]}
        if sent_before:
            for message_id, mail_ids, failed_ids in self.env.execute_query(
                SQL(
                    """
                    SELECT mail_message_id, array_agg(id),
                           array_agg(id) FILTER (
                               WHERE state IN ('exception', 'cancel'))
                      FROM mail_mail
                     WHERE mail_message_id = ANY(%s::int[])
                  GROUP BY mail_message_id
                    """,
                    _array_literal(sent_before),
                )
            ):
                row = sent_before[message_id]
                row["mail_ids"], row["failed_mail_ids"] = mail_ids, failed_ids
        attachments = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT entry_id, array_agg(attachment_id)
                      FROM crm_interaction_log_entry_ir_attachment_rel
                     WHERE entry_id = ANY(%s::int[])
                  GROUP BY entry_id
                    """,
                    ids,
                )
            )
        )
        for row in rows:
            row["attachment_ids"] = attachments.get(row["id"])
        return rows

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
        rows = self._read_correspondence_rows()
        unreachable = [row for row in rows if row["unreachable"]]
        # a segment logged with sending marked them already
        to_mark = self.browse(
            row["id"] for row in unreachable if row["status"] != "no_email"
        )
        if to_mark:
            to_mark._write_protected(
                {"delivery_status": "no_email", "delivery_failure_reason": False}
            )
        reachable = [row for row in rows if not row["unreachable"]]
        for start in range(0, len(reachable), MAIL_BATCH_SIZE):
            batch = reachable[start : start + MAIL_BATCH_SIZE]
            self.browse(row["id"] for row in batch)._queue_emails(batch)
        return {"queued": len(reachable), "no_email": len(unreachable)}

    def _queue_emails(self, rows):
        """Put the emails of the entries in the outgoing mail queue, in bulk.

        Entries resent after a failure requeue their failed ``mail.mail``
        (the same message, so the contact's chatter shows it once); the
        others get a new message in the contact's chatter and a new mail
        (see ``_create_mails``).

        :param rows: the send rows of these entries
        """
        if not rows:
            return
        requeue = (
            self.env["mail.mail"]
            .sudo()
            .browse(mail_id for row in rows for mail_id in row["failed_mail_ids"] or ())
        )
        if requeue:
            requeue.write(
                {"state": "outgoing", "failure_reason": False, "failure_type": False}
            )
        requeued = self.browse(row["id"] for row in rows if row["mail_ids"])
        if requeued:
            requeued._write_protected(
                {"delivery_status": "queued", "delivery_failure_reason": False}
            )
        (self - requeued)._create_mails([row for row in rows if not row["mail_ids"]])
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _create_mails(self, rows):
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

        :param rows: the send rows of these entries
        """
        if not rows:
            return
        contents = self._get_correspondence_contents(rows)
        email_from = self._get_correspondence_email_from()
        author = self.env.user.partner_id
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        now = fields.Datetime.now()
        uid = self.env.uid
        template_attachments = {
            template.id: template.attachment_ids.ids for template in self.template_id
        }
        self.env.flush_all()
        cr = self.env.cr

        # entries logged by a segment come with the id of their message
        # (allocated by the insert, the message created here); a resent
        # entry keeps its existing message; the others get a new one
        unlinked = [row["id"] for row in rows if not row["message_id"]]
        cr.execute(
            SQL(
                "SELECT nextval('mail_message_id_seq') FROM generate_series(1, %s)",
                len(unlinked),
            )
        )
        allocated = dict(zip(unlinked, (row[0] for row in cr.fetchall()), strict=True))
        to_update = {}
        messages = []
        mail_messages = []
        mail_addresses = []
        attachment_pairs = ([], [])
        new_message_id = _tracking_message_ids()
        for row in rows:
            message_id = row["message_id"]
            if not message_id:
                message_id = to_update[row["id"]] = allocated[row["id"]]
            elif row["status"] != "queued":
                to_update[row["id"]] = message_id
            mail_messages.append(message_id)
            mail_addresses.append(formataddr((row["partner_name"], row["email"])))
            if row["message_exists"]:
                continue
            subject, body = contents[row["id"]]
            body = body or ""
            messages.append(
                (
                    message_id,
                    subject,
                    body,
                    row["partner_id"],
                    row["record_name"],
                    new_message_id(f"{row['partner_id']}-res.partner"),
                )
            )
            attachment_ids = template_attachments[row["template_id"]]
            if row["attachment_ids"]:
                attachment_ids = set(attachment_ids) | set(row["attachment_ids"])
            for attachment_id in attachment_ids:
                attachment_pairs[0].append(message_id)
                attachment_pairs[1].append(attachment_id)
        # the rows go to the database as one JSON document per statement: a
        # few megabytes parsed at once, not ten thousand array literals
        if messages:
            cr.execute(
                SQL(
                    """
                    INSERT INTO mail_message (
                        id, subject, body, res_id, record_name, message_id,
                        model, message_type, subtype_id, author_id, email_from,
                        reply_to, date, is_internal, reply_to_force_new,
                        email_add_signature, create_uid, create_date,
                        write_uid, write_date)
                    SELECT m.id, m.subject, m.body, m.res_id, m.record_name,
                           m.message_id, 'res.partner', 'email_outgoing', %s, %s,
                           %s, %s, %s, FALSE, FALSE, FALSE, %s, %s, %s, %s
                      FROM json_to_recordset(%s::json)
                           AS m(id int, subject varchar, body text, res_id int,
                                record_name varchar, message_id varchar)
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
                    _json_rows(
                        (
                            "id",
                            "subject",
                            "body",
                            "res_id",
                            "record_name",
                            "message_id",
                        ),
                        messages,
                    ),
                )
            )
        if attachment_pairs[0]:
            cr.execute(
                SQL(
                    """
                    INSERT INTO message_attachment_rel (message_id, attachment_id)
                    SELECT * FROM unnest(%s::int[], %s::int[])
                    """,
                    *map(_array_literal, attachment_pairs),
                )
            )
        # addressed like mail.mail.email_to of mass mailings: the contact's
        # formatted address (the message stays on the contact); the body is
        # the message's, read where it was just written
        cr.execute(
            SQL(
                """
                INSERT INTO mail_mail (
                    mail_message_id, body_html, email_to, state, is_notification,
                    auto_delete, create_uid, create_date, write_uid, write_date)
                SELECT m.id, m.body, v.email_to, 'outgoing', TRUE, TRUE,
                       %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::text[]) AS v(message_id, email_to)
                  JOIN mail_message m ON m.id = v.message_id
                """,
                uid,
                now,
                uid,
                now,
                _array_literal(mail_messages),
                _array_literal(mail_addresses),
            )
        )
        # entries whose link and status the segment insert already wrote
        # need no update (an update of every fresh entry costs as much as
        # inserting them)
        if to_update:
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
                    _array_literal(to_update),
                    _array_literal(to_update.values()),
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
                )
                if queued
                else self.env._("No email to send.")
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
