import logging
import time
from datetime import datetime, timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

from .compat import Constraint, cron_progress, running_tests
from .crm_interaction_template import (
    template_default_compute,
)
from .link_access import check_attachment_links
from .notifications import counted, success_notification
from .protected_write import has_write_token, with_write_token

_logger = logging.getLogger(__name__)

EVALUATION = [
    ("very_positive", "Very Positive"),
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
    ("very_negative", "Very Negative"),
]
STATES = [
    ("postponed", "Postponed"),
    ("logged", "Logged"),
    ("canceled", "Canceled"),
]
# fields a user may still change on a logged or canceled entry
EDITABLE_WHEN_LOGGED = {"note", "evaluation", "attempt_failed", "outcome_id"}
RETENTION_PARAM = "crm_interaction_log.canceled_retention_days"
DEFAULT_RETENTION_DAYS = 30
CRON_BATCH_SIZE = 5000
# fields that only the entry's own code may change, through _write_protected()
PROTECTED_FIELDS = {
    "state",
    "canceled_date",
    "canceled_with_segment",
    "res_model",
    "res_id",
    "segment_id",
    "logged_segment_id",
    # its email: the correspondence sent, or the email it was logged from
    "delivery_status",
    "delivery_failure_reason",
    "mail_message_id",
    # the meeting it was logged from
    "calendar_event_id",
    # the interaction whose email it answers
    "reply_to_entry_id",
    # the Business Central entry it was imported from
    "external_ref",
}
# words of the mail server's failure reasons (mail.mail failure_reason)
FAILURE_CONNECTION = (
    "connection refused",
    "timed out",
    "timeout",
    "name or service not known",
    "network is unreachable",
    "connection unexpectedly closed",
    "could not connect",
    "connect failed",
)
FAILURE_LOGIN = ("authentication", "535", "username and password")
FAILURE_RECIPIENT = ("recipient", "bounce", "550", "invalid", "does not exist")
# what the UI lets a user type into a description
DESCRIPTION_MAX_LENGTH = 100
# the dates an interaction can have: beyond them, a typing error that
# would skew the last-interaction dates and the analysis
MIN_DATE = datetime(1900, 1, 1)
MAX_DATE = datetime(2199, 12, 31, 23, 59, 59)


class CrmInteractionLogEntry(models.Model):
    """One interaction with a contact: a call, letter, email, meeting or
    mailing, logged from an interaction template.

    An entry is ``postponed`` while its Create Interaction wizard was saved
    unfinished, ``logged`` once done, and ``canceled`` when it should no
    longer count. Logged entries are read-only but for the comment fields;
    only postponed and canceled entries can be deleted.
    """

    _name = "crm.interaction.log.entry"
    _inherit = ["mail.thread", "crm.interaction.values.mixin"]
    _description = "Interaction Log Entry"
    _order = "date desc, id desc"
    _rec_names_search = ["description", "partner_id.name", "template_id.name"]
    _check_company_auto = True
    _mail_post_access = "read"

    # Interaction
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Company",
        compute="_compute_commercial_partner_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="set null",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    group_id = fields.Many2one(
        "crm.interaction.group",
        string="Interaction Group",
        compute="_compute_group_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    description = fields.Char(required=True, tracking=True)
    campaign_id = fields.Many2one(string="Campaign", index="btree_not_null")
    subject = fields.Char()
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Result
    attempt_failed = fields.Boolean(tracking=True)
    outcome_id = fields.Many2one(
        "crm.interaction.outcome",
        string="Outcome",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    contact_via = fields.Char(
        help="The phone number or address used to reach the contact."
    )
    evaluation = fields.Selection(EVALUATION, tracking=True)
    note = fields.Html(string="Comments")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_interaction_log_entry_ir_attachment_rel",
        "entry_id",
        "attachment_id",
        string="Attachments",
    )
    # Status
    state = fields.Selection(
        STATES, required=True, default="logged", index=True, readonly=True
    )
    canceled_date = fields.Datetime(readonly=True, copy=False)
    canceled_with_segment = fields.Boolean(
        readonly=True,
        copy=False,
        help="Canceled together with its logged segment: restoring the logged "
        "segment restores it.",
    )
    state_history_ids = fields.One2many(
        "crm.interaction.log.entry.history",
        "entry_id",
        string="Status History",
        readonly=True,
    )
    # Related records
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    segment_id = fields.Many2one(
        "crm.interaction.segment",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    res_model = fields.Char(
        string="Source Document Model", index="btree_not_null", readonly=True
    )
    res_id = fields.Many2oneReference(
        string="Source Document ID", model_field="res_model", readonly=True
    )
    duration_hours = fields.Float(
        string="Duration (Hours)",
        compute="_compute_duration_hours",
        help="The duration in hours, for the calendar.",
    )
    source_document_name = fields.Char(
        string="Source Document", compute="_compute_source_document_name"
    )
    # mail_message_id: models/crm_interaction_log_entry_correspondence.py
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    delivery_failure_message = fields.Char(
        string="Why Not Delivered",
        compute="_compute_delivery_failure_message",
        help="What went wrong with the email, in words (the mail server's own "
        "reason is shown in developer mode).",
    )
    external_ref = fields.Char(
        string="BC Entry No.",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The Entry No. of the Business Central interaction log entry this "
        "entry was imported from.",
    )

    _external_ref_company_uniq = Constraint(
        "UNIQUE (company_id, external_ref)",
        "An entry imported from Business Central is imported once per company "
        "(the BC Entry No. is already used).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("delivery_status", "delivery_failure_reason")
    def _compute_delivery_failure_message(self):
        """The delivery failure in words: the mail server's raw reason, such
        as "111 / Connection refused", tells a user little."""
        _ = self.env._
        for entry in self:
            reason = (entry.delivery_failure_reason or "").lower()
            if entry.delivery_status == "no_email":
                message = _(
                    "The contact has no email address or is blacklisted: add an "
                    "address, then resend."
                )
            elif entry.delivery_status != "error":
                message = False
            elif any(key in reason for key in FAILURE_CONNECTION):
                message = _(
                    "The outgoing mail server could not be reached (it is down, or "
                    "its address or port is wrong): resend once it works again."
                )
            elif any(key in reason for key in FAILURE_LOGIN):
                message = _(
                    "The outgoing mail server refused the login: check its user "
                    "and password, then resend."
                )
            elif any(key in reason for key in FAILURE_RECIPIENT):
                message = _(
                    "The email address of the contact was refused or the email "
                    "bounced: correct the address, then resend."
                )
            else:
                message = _(
                    "The email could not be sent: %(reason)s",
                    reason=entry.delivery_failure_reason or _("no reason given"),
                )
            entry.delivery_failure_message = message

    _compute_group_id = template_default_compute("group_id")

    @api.depends("template_id", "partner_id")
    def _compute_correspondence_type(self):
        return super()._compute_correspondence_type()

    @api.depends("partner_id.commercial_partner_id")
    def _compute_commercial_partner_id(self):
        for entry in self:
            entry.commercial_partner_id = entry.partner_id.commercial_partner_id

    @api.depends("partner_id")
    def _compute_user_id(self):
        for entry in self:
            entry.user_id = self._get_fallback_salesperson(entry.partner_id)

    @api.depends("description", "template_id", "partner_id")
    def _compute_display_name(self):
        # what the interaction was and with whom: breadcrumbs, errors and
        # the calendar must tell entries apart
        for entry in self:
            description = entry.description or entry.template_id.name or ""
            if entry.partner_id:
                entry.display_name = self.env._(
                    "%(description)s - %(contact)s",
                    description=description,
                    contact=entry.partner_id.name or "",
                )
            else:
                entry.display_name = description

    @api.depends("duration")
    def _compute_duration_hours(self):
        for entry in self:
            entry.duration_hours = entry.duration / 60.0

    @api.depends("res_model", "res_id")
    def _compute_source_document_name(self):
        for entry in self:
            name = False
            if entry.res_model and entry.res_id and entry.res_model in self.env:
                document = self.env[entry.res_model].browse(entry.res_id).exists()
                if document and document.has_access("read"):
                    name = document.display_name
            entry.source_document_name = name

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("description")
    def _check_description_length(self):
        for entry in self:
            if len(entry.description or "") > DESCRIPTION_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The description of an interaction can have at most "
                        "%(max)s characters (%(length)s given).",
                        max=DESCRIPTION_MAX_LENGTH,
                        length=len(entry.description),
                    )
                )

    @api.constrains("date")
    def _check_date_range(self):
        for entry in self:
            if entry.date and not MIN_DATE <= entry.date <= MAX_DATE:
                raise ValidationError(
                    self.env._(
                        "The date of an interaction must be between %(min)s and "
                        "%(max)s (%(name)s: %(date)s).",
                        min=MIN_DATE.date().isoformat(),
                        max=MAX_DATE.date().isoformat(),
                        name=entry.display_name,
                        date=entry.date.date().isoformat(),
                    )
                )

    @api.constrains("res_model")
    def _check_res_model(self):
        for entry in self:
            if entry.res_model and not self._is_document_model(entry.res_model):
                raise ValidationError(
                    self.env._(
                        "%(model)s is not a document model: an interaction can "
                        "only point at a record of a real model.",
                        model=entry.res_model,
                    )
                )

    @api.model
    def _is_document_model(self, model_name):
        model = self.env.get(model_name)
        return model is not None and not model._abstract and not model._transient

    @api.model
    def _check_lead_contact(self, partner, lead):
        """An interaction linked to an opportunity is with that opportunity's
        customer (or one of its people): a call to another company must not
        count for it."""
        lead_partner = lead.partner_id.commercial_partner_id
        if lead_partner and partner and partner.commercial_partner_id != lead_partner:
            raise ValidationError(
                self.env._(
                    "The contact %(contact)s is not the customer of the "
                    "opportunity %(lead)s (%(customer)s) or one of its people.",
                    contact=partner.display_name,
                    lead=lead.display_name,
                    customer=lead_partner.display_name,
                )
            )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"]
        trusted = self.env.su or self._is_protected_write()
        for vals in vals_list:
            if not trusted:
                self._check_create_values(vals)
                self._check_lead_contact(
                    partners.browse(vals.get("partner_id")),
                    self.env["crm.lead"].browse(vals.get("lead_id")),
                )
            # the cleanup job counts the retention from the cancellation
            if vals.get("state") == "canceled" and not vals.get("canceled_date"):
                vals["canceled_date"] = fields.Datetime.now()
            self._apply_outcome(vals)
        self._apply_create_fallbacks(vals_list)
        entries = super().create(vals_list)
        check_attachment_links(entries, vals_list)
        return entries

    @api.model
    def _get_fallback_salesperson(self, partner):
        """The salesperson of an interaction nobody named one for: the
        contact's, when an internal user, else the current user."""
        user = partner.user_id
        return user if user and not user.share else self.env.user

    @api.model
    def _apply_create_fallbacks(self, vals_list):
        """What an entry takes when it is not given, wherever it is made
        (``create()``, hence the Create Interaction wizard and system-made
        entries; the segment insert writes the same in SQL and a test holds
        both equal): the template's name as description, the fallback
        salesperson, the company of the template, else of the contact.

        :param list vals_list: entry values, completed in place
        :return: ``vals_list``
        """
        templates = self.env["crm.interaction.template"]
        partners = self.env["res.partner"]
        for vals in vals_list:
            template = templates.browse(vals.get("template_id"))
            partner = partners.browse(vals.get("partner_id"))
            if not vals.get("description") and template:
                vals["description"] = template.name
            if "user_id" not in vals and partner:
                vals["user_id"] = self._get_fallback_salesperson(partner).id
            if not vals.get("company_id"):
                company = template.company_id or partner.company_id
                if company:
                    vals["company_id"] = company.id
        return vals_list

    @api.model
    def _create_system_entries(self, vals_list):
        """Create the entries the application logs by itself (automatic
        rules, meetings, done activities, server actions, replies,
        unsubscribes, the logging address, imports) in one batch ORM create.

        They are system records: created as superuser (like the rules and
        gateways that make them) with the write capability, since they set
        links users cannot set (source document, email message, meeting).
        The ORM runs every compute, constraint and company check of a
        create; the fallbacks are those of every entry (see
        ``_apply_create_fallbacks``).

        :param list vals_list: entry values, one dict per entry
        :return: the created entries (as superuser)
        """
        # no creation message or subscription: the document, meeting or
        # email the entry comes from is where that happened
        Entry = with_write_token(self.sudo()).with_context(tracking_disable=True)
        vals_list = self._prepare_system_values(vals_list)
        if not vals_list:
            return self.sudo().browse()
        # returned without the capability: what callers do next with them
        # goes through the ordinary checks
        return self.sudo().browse(Entry.create(vals_list).ids)

    @api.model
    def _prepare_system_values(self, vals_list):
        """The values of ``vals_list`` that pass the company checks of a
        create: an entry whose contact, opportunity or template belongs to
        another company than the entry (an email from another company's
        contact on an opportunity, such an attendee at a meeting) is reported
        at WARNING level and left out, so that the email, meeting or activity
        it follows is processed as usual. A date out of range (an email's
        forged Date header) becomes now."""
        fnames = [
            fname
            for fname, field in self._fields.items()
            if field.type == "many2one"
            and field.check_company
            and not field.company_dependent
        ]
        Company = self.env["res.company"].sudo()
        kept = []
        for vals in vals_list:
            # the company the create gives it
            vals = self.sudo()._apply_create_fallbacks([dict(vals)])[0]
            company = Company.browse(vals.get("company_id")) or self.env.company
            wrong = []
            for fname in fnames:
                if not vals.get(fname):
                    continue
                corecord = (
                    self.env[self._fields[fname].comodel_name]
                    .sudo()
                    .with_context(active_test=False)
                    .browse(vals[fname])
                )
                # a record of no company or of the entry's own is valid for
                # every company domain of Odoo (the common case, decided
                # without evaluating the domain)
                if "company_id" in corecord._fields and corecord.company_id in (
                    corecord.company_id.browse(),
                    company,
                ):
                    continue
                domain = corecord._check_company_domain(company)
                if domain and not corecord.filtered_domain(domain):
                    wrong.append(corecord)
            if wrong:
                partner = self.env["res.partner"].sudo().browse(vals.get("partner_id"))
                _logger.warning(
                    "Interaction not logged for %s (%s, id %s): %s of another "
                    "company than the interaction's (%s)",
                    partner.display_name,
                    vals.get("res_model"),
                    vals.get("res_id"),
                    ", ".join(
                        f"{record.display_name} ({record.company_id.name})"
                        for record in wrong
                    ),
                    company.name,
                )
                continue
            date = vals.get("date") and fields.Datetime.to_datetime(vals["date"])
            if date and not MIN_DATE <= date <= MAX_DATE:
                vals["date"] = fields.Datetime.now()
            kept.append(vals)
        return kept

    def _check_create_values(self, vals):
        """What a user may create: a logged or postponed interaction. Links
        to segments and source documents, cancellations and system fields are
        set by the addon's code only."""
        forbidden = {fname for fname in PROTECTED_FIELDS - {"state"} if vals.get(fname)}
        if vals.get("state", "logged") not in ("logged", "postponed"):
            forbidden.add("state")
        if forbidden:
            raise UserError(
                self.env._(
                    "%(fields)s of an interaction log entry are set by the "
                    "application, not by the user.",
                    fields=self._field_labels(forbidden),
                )
            )

    def _field_labels(self, fnames):
        """The labels of the fields ``fnames`` (those of this model), sorted,
        for a message."""
        return ", ".join(
            sorted(
                self._fields[fname]._description_string(self.env)
                for fname in fnames
                if fname in self._fields
            )
        )

    def _is_protected_write(self):
        return has_write_token(self)

    def _write_protected(self, vals):
        """Write fields of entries that only code may change (state,
        cancellation date, delivery status, ...): the private path behind the
        action methods. Record rules still apply to the caller."""
        return with_write_token(self).write(vals)

    def write(self, vals):
        vals = self._apply_outcome(dict(vals), on_create=False)
        check_attachment_links(self, [vals])
        if not self._is_protected_write():
            self._check_lead_link(vals)
            protected = set(vals) & PROTECTED_FIELDS
            if protected:
                raise UserError(
                    self.env._(
                        "%(fields)s of interaction log entries cannot be written "
                        "directly: use the Cancel, Restore, Log or Postpone actions.",
                        fields=self._field_labels(protected),
                    )
                )
            locked_fields = (
                set(vals)
                - EDITABLE_WHEN_LOGGED
                - self._linkable_fields(vals)
                - set(self.env["mail.thread"]._fields)
            )
            if locked_fields:
                locked = self.filtered(lambda e: e.state != "postponed")
                if locked:
                    field_names = self._field_labels(locked_fields)
                    raise UserError(
                        self.env._(
                            "Logged and canceled interaction log entries are "
                            "read-only: only comments, evaluation and attempt "
                            "failed can be changed (you tried to change: "
                            "%(fields)s on %(entries)s).",
                            fields=field_names,
                            entries=", ".join(locked[:5].mapped("display_name")),
                        )
                    )
        if not self.env.su and {"lead_id", "partner_id"} & set(vals):
            for entry in self:
                self._check_lead_contact(
                    entry.partner_id.browse(
                        vals.get("partner_id", entry.partner_id.id)
                    ),
                    entry.lead_id.browse(vals.get("lead_id", entry.lead_id.id)),
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        logged = self.filtered(lambda e: e.state == "logged")
        if logged:
            raise UserError(
                self.env._(
                    "Logged interaction log entries cannot be deleted (%(entries)s). "
                    "Only postponed and canceled entries can be deleted: cancel "
                    "the entry first.",
                    entries=", ".join(logged[:5].mapped("display_name")),
                )
            )
        canceled = self.filtered(lambda e: e.state == "canceled")
        if canceled and not self._is_protected_write():
            raise UserError(
                self.env._(
                    "Canceled interactions are kept as history (%(entries)s): an "
                    "administrator deletes them with Delete Canceled Entries, and "
                    "the daily cleanup job deletes them after the retention period. "
                    "Restore an entry canceled by mistake.",
                    entries=", ".join(canceled[:5].mapped("display_name")),
                )
            )

    def _unlink_canceled(self):
        """Delete canceled entries: the private path of the Delete Canceled
        Entries wizard and the cleanup job."""
        self._check_state(
            "canceled",
            self.env._(
                "Only canceled interactions can be deleted this way (%(entries)s)."
            ),
        )
        return with_write_token(self).unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _change_state(self, new_state, with_segment=False):
        """Move entries to ``new_state``: the one write path of the status.

        Runs as one ``UPDATE`` that also appends a row per entry to the status
        history, so canceling or restoring ten thousand entries costs a few
        queries instead of one tracking message each. The caller must be
        allowed to write every entry (record rules apply).

        :param bool with_segment: the entries are canceled together with their
            logged segment (restoring the logged segment restores them)
        :return: number of entries changed
        """
        if not self:
            return 0
        self.check_access("write")
        self.flush_recordset()
        now = fields.Datetime.now()
        canceled = new_state == "canceled"
        rows = self.env.execute_query(
            SQL(
                """
                WITH changed AS (
                    UPDATE crm_interaction_log_entry e
                       SET state = %(state)s,
                           canceled_date = %(canceled_date)s,
                           canceled_with_segment = %(with_segment)s,
                           write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM crm_interaction_log_entry old
                     WHERE e.id = old.id
                       AND e.id = ANY(%(ids)s)
                       AND e.state != %(state)s
                 RETURNING e.id, old.state AS old_state, e.logged_segment_id
                )
                INSERT INTO crm_interaction_log_entry_history (
                    entry_id, old_state, new_state, date, user_id,
                    logged_segment_id, create_uid, create_date, write_uid,
                    write_date
                )
                SELECT id, old_state, %(state)s, %(now)s, %(uid)s,
                       CASE WHEN %(with_segment)s THEN logged_segment_id END,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM changed
             RETURNING id
                """,
                state=new_state,
                canceled_date=now if canceled else None,
                with_segment=bool(canceled and with_segment),
                uid=self.env.uid,
                now=now,
                ids=self.ids,
            )
        )
        self.invalidate_recordset(
            [
                "state",
                "canceled_date",
                "canceled_with_segment",
                "write_uid",
                "write_date",
                "state_history_ids",
            ]
        )
        return len(rows)

    def _check_state(self, state, message):
        """Raise ``message`` (with ``%(entries)s``) unless every entry is in
        ``state``."""
        wrong = self.filtered(lambda e: e.state != state)
        if wrong:
            raise UserError(
                message % {"entries": ", ".join(wrong[:5].mapped("display_name"))}
            )

    def action_cancel(self):
        """Cancel logged entries: they leave every statistic and can be deleted
        later by the delete-canceled job."""
        self._check_state(
            "logged",
            self.env._("Only logged interactions can be canceled (%(entries)s)."),
        )
        count = self._change_state("canceled")
        return self._action_state_done(
            counted(
                count,
                self.env._("1 interaction canceled."),
                self.env._("%(count)s interactions canceled.", count=count),
            ),
            self.env._("Interaction canceled."),
        )

    def _action_state_done(self, message, chatter_line):
        """After a change of status: a line in the chatter of every entry
        changed, all written by one batch create (the Status History keeps
        who and when too); the form reloads, a list selection says how many
        entries changed."""
        self._log_chatter_line(chatter_line)
        if len(self) <= 1:
            return True
        return success_notification(message)

    def _log_chatter_line(self, body):
        """Leave the note ``body`` in the chatter of every entry of ``self``.

        Odoo's ``_message_log_batch`` writes it on the first entry; the other
        entries get copies of that message row (all columns but the
        document's id) in one ``INSERT ... SELECT``: the batch method gives
        each entry the same values but creates the messages one by one
        through the ORM, seconds for ten thousand entries. Like it, this
        checks no access right: the caller changed the entries.
        """
        if not self:
            return
        message = self[:1]._message_log_batch({self[:1].id: body})
        if len(self) == 1:
            return
        Message = self.env["mail.message"]
        Message.flush_model()
        columns = [
            SQL.identifier(fname)
            for fname, field in Message._fields.items()
            if field.store and field.column_type and fname not in ("id", "res_id")
        ]
        self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_message (res_id, %(columns)s)
                SELECT entry.id, %(copied)s
                  FROM mail_message m, unnest(%(ids)s::int[]) AS entry(id)
                 WHERE m.id = %(message_id)s
                """,
                columns=SQL(", ").join(columns),
                copied=SQL(", ").join(SQL("m.%s", column) for column in columns),
                ids=self[1:].ids,
                message_id=message.id,
            )
        )
        self.invalidate_recordset(["message_ids"])

    def _check_restore(self):
        """Raise a UserError when an entry may not be restored: it is not
        canceled, or its logged segment is canceled (restore that instead)."""
        self._check_state(
            "canceled",
            self.env._("Only canceled interactions can be restored (%(entries)s)."),
        )
        in_canceled_segment = self.filtered(
            lambda e: e.logged_segment_id.state == "canceled"
        )
        if in_canceled_segment:
            raise UserError(
                self.env._(
                    "These interactions belong to the canceled logged segment "
                    "%(segments)s: restore the logged segment instead.",
                    segments=", ".join(
                        in_canceled_segment.logged_segment_id.mapped("name")
                    ),
                )
            )

    def action_restore(self):
        """Undo the cancellation of canceled entries."""
        self._check_restore()
        count = self._change_state("logged")
        return self._action_state_done(
            counted(
                count,
                self.env._("1 interaction restored."),
                self.env._("%(count)s interactions restored.", count=count),
            ),
            self.env._("Interaction restored."),
        )

    def action_resume(self):
        """Reopen the Create Interaction wizard on a postponed entry."""
        self.ensure_one()
        if self.state != "postponed":
            raise UserError(self.env._("Only postponed interactions can be resumed."))
        self.check_access("write")
        return self.env["crm.interaction.create.wizard"]._action_open(
            {"default_entry_id": self.id}
        )

    def action_create_interaction(self):
        """Create a new interaction for the same contact, opportunity and
        campaign as this entry."""
        self.ensure_one()
        return self.env["crm.interaction.create.wizard"]._action_open(
            {
                "default_partner_id": self.partner_id.id,
                "default_lead_id": self.lead_id.id,
                "default_campaign_id": self.campaign_id.id,
                "crm_interaction_lock": ["partner_id"],
            }
        )

    def _post_history_notes(self):
        """Leave a short note saying what was logged in the chatter of the
        entry's contact and opportunity (single interactions logged by hand;
        bulk logging posts nothing). The note names the interaction without
        linking to it: everyone who reads the contact reads the note, not
        everyone may open the entry (its Interactions page lists the entries
        the reader may open)."""
        for entry in self:
            body = Markup("%s") % self.env._(
                "Interaction logged (%(template)s): %(description)s",
                template=entry.template_id.name,
                description=entry.description,
            )
            for record in (entry.partner_id, entry.lead_id):
                if record:
                    record.sudo().message_post(
                        body=body,
                        subtype_xmlid="mail.mt_note",
                        author_id=self.env.user.partner_id.id,
                    )

    def action_open_source_document(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            raise UserError(self.env._("This interaction has no source document."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _read_interaction_stats(self, domain, groupby):
        """Aggregate the logged entries matching ``domain`` in one query.

        Record rules apply as for any search. Postponed and canceled entries
        are never counted.

        :param list domain: extra domain on log entries
        :param list groupby: names of Many2one fields to group on
        :return: list of tuples ``(*groupby_ids, count, cost, duration,
            last_date, last_attempt_date)``; ``last_date`` is the last
            interaction that was not a failed attempt, ``last_attempt_date``
            the last interaction initiated by us
        """
        query = self._search([("state", "=", "logged"), *domain])
        columns = [self._field_to_sql(self._table, fname, query) for fname in groupby]
        query.groupby = SQL(", ").join(columns)
        return self.env.execute_query(
            query.select(*columns, *self._interaction_stat_columns(query))
        )

    @api.model
    def _interaction_stat_columns(self, query):
        """The aggregates of the statistics on the entries of ``query``:
        count, cost, duration, last date (not a failed attempt), last
        attempt date (initiated by us)."""

        def column(fname):
            return self._field_to_sql(query.table, fname, query)

        return [
            SQL("COUNT(*)"),
            SQL("COALESCE(SUM(%s), 0)", column("cost")),
            SQL("COALESCE(SUM(%s), 0)", column("duration")),
            SQL(
                "MAX(%s) FILTER (WHERE NOT COALESCE(%s, FALSE))",
                column("date"),
                column("attempt_failed"),
            ),
            SQL(
                "MAX(%s) FILTER (WHERE %s = 'us')",
                column("date"),
                column("initiated_by"),
            ),
        ]

    @api.model
    def _get_interaction_stats(self, field_name, records):
        """Statistics of the logged interactions of ``records``, grouped on
        the log entry field ``field_name``, in one query.

        :return: ``{record_id: (count, cost, duration, last_date,
            last_attempt_date)}``
        """
        ids = [rid for rid in records.ids if rid]
        if not ids:
            return {}
        rows = self._read_interaction_stats([(field_name, "in", ids)], [field_name])
        return {row[0]: row[1:] for row in rows}

    @api.model
    def _action_open_log(self, domain, name, context=None):
        """The Interaction Log Entries action restricted to ``domain``, titled
        after the record it was opened from. Like the log list itself, it never
        shows postponed entries (they have their own list)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        action["domain"] = [("state", "!=", "postponed"), *domain]
        # the smart buttons count logged entries: open the list showing those
        action["context"] = {
            "search_default_filter_not_canceled": 1,
            **(context or {"create": False}),
        }
        action["display_name"] = self.env._("Interactions: %(name)s", name=name)
        return action

    @api.model
    def _assign_interaction_stats(self, field_name, records):
        """Set ``interaction_count``, ``interaction_cost``,
        ``interaction_duration`` and ``last_interaction_date`` of ``records``
        from their logged interactions, in one query."""
        stats = self._get_interaction_stats(field_name, records)
        for record in records:
            count, cost, duration, last_date, _last_attempt = stats.get(
                record.id, (0, 0.0, 0, False, False)
            )
            record.interaction_count = count
            record.interaction_cost = cost
            record.interaction_duration = duration
            record.last_interaction_date = last_date

    @api.model
    def _get_canceled_retention_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RETENTION_PARAM, DEFAULT_RETENTION_DAYS)
        )
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            _logger.warning(
                "Invalid value %r for %s, using %s days",
                value,
                RETENTION_PARAM,
                DEFAULT_RETENTION_DAYS,
            )
            return DEFAULT_RETENTION_DAYS

    @api.model
    def _cron_delete_canceled_entries(self, batch_size=CRON_BATCH_SIZE):
        """Delete canceled entries older than the retention period.

        Works in batches; each batch is committed (outside tests) and the
        progress reported to the cron, so an interrupted run loses nothing
        and the next run simply continues with what is left. Rows another
        transaction holds (a user restoring an entry right now) are skipped,
        and a batch that collides with a restore committed meanwhile is
        retried on fresh data: the restore wins, the rest is deleted.
        """
        days = self._get_canceled_retention_days()
        domain = [("state", "=", "canceled")]
        if days:
            limit_date = fields.Datetime.now() - timedelta(days=days)
            domain.append(("canceled_date", "<", limit_date))
        entries = self.sudo().with_context(active_test=False)
        remaining = entries.search_count(domain)
        done = 0
        auto_commit = not running_tests()
        retries = 0
        while remaining:
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    batch = entries._lock_batch_to_delete(domain, batch_size)
                    if not batch:
                        break
                    batch._unlink_canceled()
            except psycopg2.errors.SerializationFailure:
                # a row of the batch changed since this transaction started:
                # start again from a fresh snapshot
                retries += 1
                if retries > 5 or not auto_commit:
                    raise
                self.env.cr.rollback()
                time.sleep(0.1 * retries)
                continue
            done += len(batch)
            remaining = max(remaining - len(batch), 0)
            # each batch is committed (outside tests) so an interrupted run
            # loses nothing
            cron_progress(self.env, len(batch), done, remaining, commit=auto_commit)
        _logger.info("Deleted %s canceled interaction log entries", done)
        return done

    @api.model
    def _lock_batch_to_delete(self, domain, batch_size):
        """Up to ``batch_size`` entries of ``domain``, locked for deletion;
        entries locked by another transaction are left for a later run."""
        query = self._search(domain, limit=batch_size, order="id")
        rows = self.env.execute_query(
            SQL(
                "%s FOR UPDATE SKIP LOCKED",
                query.select(SQL.identifier(self._table, "id")),
            )
        )
        batch = self.browse([row[0] for row in rows])
        # what a restore committed just before the lock was granted
        batch.invalidate_recordset(["state"])
        return batch.filtered(lambda e: e.state == "canceled")
