"""Privacy of a contact's interactions: restriction (Privacy Blocked), access
(the export of the interaction history) and erasure (Forget)."""

import base64
import io

import xlsxwriter
from markupsafe import Markup

from odoo import fields, models
from odoo.tools import html2plaintext

from .notifications import counted

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# text cells: Excel's limit
MAX_CELL = 32767
# the columns of the Interactions sheet, after the entry's number
EXPORT_ENTRY_FIELDS = [
    "date",
    "state",
    "partner_id",
    "commercial_partner_id",
    "template_id",
    "group_id",
    "description",
    "information_flow",
    "initiated_by",
    "user_id",
    "lead_id",
    "campaign_id",
    "cost",
    "duration",
    "attempt_failed",
    "outcome_id",
    "evaluation",
    "contact_via",
    "subject",
    "note",
    "body",
    "correspondence_type",
    "delivery_status",
    "canceled_date",
    "attachment_ids",
    "is_anonymized",
]


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    interaction_privacy_blocked = fields.Boolean(
        string="Privacy Blocked",
        tracking=True,
        copy=False,
        help="The contact asked that their data no longer be processed: no new "
        "interaction, email or letter is logged for them (segments and "
        "automatic logging leave them out).",
    )

    # ------------------------------------------------------------
    # ACCESS: THE INTERACTION HISTORY EXPORT
    # ------------------------------------------------------------

    def action_export_interaction_history(self):
        """One XLSX of every interaction of the contact (logged, postponed,
        canceled; for a company, those of its people too) with its comments,
        the emails sent and received, the attachments and the status history:
        the answer to a data subject's access request. Record rules apply:
        the export holds what the user may read. The export is noted in the
        contact's chatter; returns the download."""
        self.ensure_one()
        self.check_access("read")
        entries = self.env["crm.interaction.log.entry"].search(
            self._get_interaction_domain(), order="date, id"
        )
        content = self._build_interaction_history_xlsx(entries)
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        name = self.env._(
            "Interaction history %(contact)s %(date)s.xlsx",
            contact=self.name or "",
            date=now.strftime("%Y-%m-%d"),
        )
        # no document of its own: only its creator (and administrators) may
        # download it
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(content),
                    "mimetype": XLSX_MIMETYPE,
                    "public": False,
                }
            )
        )
        self.sudo().message_post(
            body=Markup("%s")
            % counted(
                len(entries),
                self.env._(
                    "Interaction history exported by %(user)s (1 interaction).",
                    user=self.env.user.name,
                ),
                self.env._(
                    "Interaction history exported by %(user)s (%(count)s "
                    "interactions).",
                    user=self.env.user.name,
                    count=len(entries),
                ),
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _build_interaction_history_xlsx(self, entries):
        """The workbook of the export: sheets Interactions, Emails,
        Attachments and Status History.

        :return: the XLSX file's bytes
        """
        book = _HistoryWorkbook(self)
        book.sheet(self.env._("Interactions"), *self._export_entry_rows(book, entries))
        book.sheet(self.env._("Emails"), *self._export_email_rows(book, entries))
        book.sheet(
            self.env._("Attachments"),
            [
                self.env._("Interaction No."),
                self.env._("File Name"),
                self.env._("Type"),
                self.env._("Size (Bytes)"),
                self.env._("Created On"),
            ],
            [
                [
                    entry.id,
                    attachment.name,
                    attachment.mimetype or "",
                    attachment.file_size,
                    book.local(attachment.create_date),
                ]
                for entry in entries
                for attachment in entry.attachment_ids
            ],
        )
        book.sheet(
            self.env._("Status History"), *self._export_history_rows(book, entries)
        )
        return book.close()

    def _export_entry_rows(self, book, entries):
        model = "crm.interaction.log.entry"
        headers = [self.env._("Interaction No.")] + [
            book.label(model, fname) for fname in EXPORT_ENTRY_FIELDS
        ]
        rows = []
        for entry in entries:
            rows.append(
                [entry.id] + [book.value(entry, fname) for fname in EXPORT_ENTRY_FIELDS]
            )
        return headers, rows

    def _export_email_rows(self, book, entries):
        """The emails: the one each entry was sent or logged from, and those
        of its own chatter (only of the entries the user may read)."""
        model = "crm.interaction.log.entry"
        messages = entries.sudo().mail_message_id | self.env[
            "mail.message"
        ].sudo().search(
            [
                ("model", "=", model),
                ("res_id", "in", entries.ids),
                ("message_type", "in", ("email", "email_outgoing")),
            ]
        )
        entry_of_message = {entry.mail_message_id.id: entry.id for entry in entries}
        headers = [
            self.env._("Interaction No."),
            self.env._("Date"),
            self.env._("Direction"),
            self.env._("From"),
            self.env._("Recipients"),
            self.env._("Subject"),
            self.env._("Body"),
            self.env._("Attachments"),
        ]
        rows = [
            [
                entry_of_message.get(message.id)
                or (message.res_id if message.model == model else None),
                book.local(message.date),
                self.env._("Received")
                if message.message_type == "email"
                else self.env._("Sent"),
                message.email_from or message.author_id.display_name or "",
                ", ".join(message.partner_ids.mapped("display_name")),
                message.subject or "",
                book.text(message.body),
                ", ".join(message.attachment_ids.mapped("name")),
            ]
            for message in messages.sorted("date")
        ]
        return headers, rows

    def _export_history_rows(self, book, entries):
        model = "crm.interaction.log.entry.history"
        headers = [self.env._("Interaction No.")] + [
            book.label(model, fname)
            for fname in (
                "date",
                "old_state",
                "new_state",
                "user_id",
                "logged_segment_id",
            )
        ]
        rows = [
            [
                line.entry_id.id,
                book.local(line.date),
                book.selection(model, "old_state", line.old_state),
                book.selection(model, "new_state", line.new_state),
                line.user_id.display_name or "",
                line.logged_segment_id.display_name or "",
            ]
            for line in entries.state_history_ids.sorted(lambda h: (h.date, h.id))
        ]
        return headers, rows

    # ------------------------------------------------------------
    # ERASURE
    # ------------------------------------------------------------

    def action_interaction_forget(self):
        """Open the confirmation of the erasure of these contacts'
        interactions (Sales Administrators only)."""
        self.env["crm.interaction.log.entry"]._check_can_erase()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Forget Contact"),
            "res_model": "crm.interaction.forget.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def _get_interaction_forget_entries(self):
        """The entries of these contacts the user may erase (in the companies
        they work in: record rules apply)."""
        return self.env["crm.interaction.log.entry"].search(
            [("partner_id", "in", self.ids)]
        )

    def _interaction_forget(self):
        """Erase the personal data of these contacts' interactions (see
        ``crm.interaction.log.entry._anonymize_interactions``), note it in
        each contact's chatter and in the privacy log.

        :return: number of entries erased
        """
        Entry = self.env["crm.interaction.log.entry"]
        Entry._check_can_erase()
        entries = self._get_interaction_forget_entries()
        count = entries._anonymize_interactions()
        details = counted(
            count,
            self.env._("Anonymized 1 interaction log entry"),
            self.env._("Anonymized %(count)s interaction log entries", count=count),
        )
        self.env["privacy.log"].sudo().create(
            [
                {
                    "anonymized_name": partner.name or str(partner.id),
                    "anonymized_email": partner.email or f"{partner.id}@anonymized",
                    "execution_details": details,
                    "records_description": self.env._(
                        "%(model)s (%(count)s)",
                        model=Entry._description,
                        count=count,
                    ),
                }
                for partner in self
            ]
        )
        for partner in self:
            partner.sudo().message_post(
                body=self.env._(
                    "Interactions of this contact anonymized by %(user)s: the "
                    "contact can now be deleted.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )
        return count


class _HistoryWorkbook:
    """An XLSX workbook (Odoo's ``xlsxwriter``) of sheets with a header row;
    values shown as the user sees them (labels, local times, plain text)."""

    def __init__(self, record):
        self.env = record.env
        self.record = record
        self.output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.output, {"in_memory": True})
        self.header_style = self.workbook.add_format(
            {"bold": True, "bg_color": "#e9ecef"}
        )
        self.datetime_style = self.workbook.add_format(
            {"num_format": "yyyy-mm-dd hh:mm"}
        )
        self.text_style = self.workbook.add_format({"text_wrap": True, "valign": "top"})

    def label(self, model, fname):
        return self.env[model]._fields[fname]._description_string(self.env)

    def selection(self, model, fname, value):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env)).get(value, value or "")

    def local(self, value):
        if not value:
            return None
        return fields.Datetime.context_timestamp(self.record, value).replace(
            tzinfo=None
        )

    def text(self, value):
        return (html2plaintext(value) if value else "")[:MAX_CELL]

    def value(self, record, fname):
        """The cell value of the field ``fname`` of ``record``."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or None
        if field.type == "many2many":
            return ", ".join(value.mapped("name"))
        if field.type == "selection":
            return self.selection(record._name, fname, value)
        if field.type == "datetime":
            return self.local(value)
        if field.type == "html":
            return self.text(value)
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        return value

    def sheet(self, name, headers, rows):
        worksheet = self.workbook.add_worksheet(name[:31])
        for col, header in enumerate(headers):
            worksheet.write(0, col, header, self.header_style)
            worksheet.set_column(col, col, 18)
        for row_index, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                self._write(worksheet, row_index, col, value)
        worksheet.freeze_panes(1, 0)

    def _write(self, worksheet, row, col, value):
        if hasattr(value, "year"):
            worksheet.write_datetime(row, col, value, self.datetime_style)
        elif value is None or value is False:
            worksheet.write_blank(row, col, None)
        elif isinstance(value, int | float):
            worksheet.write_number(row, col, value)
        else:
            worksheet.write_string(row, col, str(value)[:MAX_CELL], self.text_style)

    def close(self):
        """:return: the file's bytes"""
        self.workbook.close()
        return self.output.getvalue()
