import logging
import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .crm_interaction_template import (
    template_default_compute,
)

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
EDITABLE_WHEN_LOGGED = {"note", "evaluation", "attempt_failed"}
RETENTION_PARAM = "crm_interaction_log.canceled_retention_days"
DEFAULT_RETENTION_DAYS = 30
CRON_BATCH_SIZE = 5000
# fields that only the entry's own code may change, through _write_protected()
PROTECTED_FIELDS = {"state", "canceled_date", "res_model", "res_id"}
# the email, activity or meeting an entry was logged from (issue 11)
PROTECTED_FIELDS |= {"mail_message_id", "calendar_event_id"}
# capability passed in the context by _write_protected(): an object no RPC
# caller can produce (JSON and XML-RPC only carry plain data)
_WRITE_TOKEN = object()
_WRITE_TOKEN_KEY = "crm_interaction_write_token"


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
        STATES, required=True, default="logged", index=True, tracking=True
    )
    canceled_date = fields.Datetime(readonly=True, copy=False)
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
    res_model = fields.Char(string="Source Document Model", index="btree_not_null")
    res_id = fields.Many2oneReference(
        string="Source Document ID", model_field="res_model"
    )
    source_document_name = fields.Char(
        string="Source Document", compute="_compute_source_document_name"
    )
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Email",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

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
            entry.user_id = entry.partner_id.user_id or self.env.user

    @api.depends("information_flow", "template_id", "user_id", "partner_id")
    def _compute_display_name(self):
        for entry in self:
            template_name = entry.template_id.name or entry.description or ""
            if entry.information_flow == "inbound":
                entry.display_name = self.env._(
                    "%(template)s - from %(contact)s",
                    template=template_name,
                    contact=entry.partner_id.name or "",
                )
            else:
                entry.display_name = self.env._(
                    "%(template)s - by %(salesperson)s",
                    template=template_name,
                    salesperson=(entry.user_id or entry.create_uid).name or "",
                )

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
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # the description defaults to the template's; an entry belongs to the
        # company of its template, else of its contact
        templates = self.env["crm.interaction.template"]
        partners = self.env["res.partner"]
        for vals in vals_list:
            template = templates.browse(vals.get("template_id"))
            if not vals.get("description") and template:
                vals["description"] = template.name
            # the cleanup job counts the retention from the cancellation
            if vals.get("state") == "canceled" and not vals.get("canceled_date"):
                vals["canceled_date"] = fields.Datetime.now()
            if vals.get("company_id"):
                continue
            company = template.company_id
            company = company or partners.browse(vals.get("partner_id")).company_id
            if company:
                vals["company_id"] = company.id
        return super().create(vals_list)

    def _is_protected_write(self):
        return self.env.context.get(_WRITE_TOKEN_KEY) is _WRITE_TOKEN

    def _write_protected(self, vals):
        """Write fields of entries that only code may change (state,
        cancellation date, delivery status, ...): the private path behind the
        action methods. Record rules still apply to the caller."""
        return self.with_context(**{_WRITE_TOKEN_KEY: _WRITE_TOKEN}).write(vals)

    def write(self, vals):
        if not self._is_protected_write():
            protected = set(vals) & PROTECTED_FIELDS
            if protected:
                raise UserError(
                    self.env._(
                        "%(fields)s of interaction log entries cannot be written "
                        "directly: use the Cancel, Restore, Log or Postpone actions.",
                        fields=", ".join(
                            sorted(
                                self._fields[fname]._description_string(self.env)
                                for fname in protected
                            )
                        ),
                    )
                )
            locked_fields = (
                set(vals) - EDITABLE_WHEN_LOGGED - set(self.env["mail.thread"]._fields)
            )
            if locked_fields:
                locked = self.filtered(lambda e: e.state != "postponed")
                if locked:
                    field_names = ", ".join(
                        sorted(
                            self._fields[fname]._description_string(self.env)
                            for fname in locked_fields
                            if fname in self._fields
                        )
                    )
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

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _set_state(self, vals):
        return self._write_protected(vals)

    def action_cancel(self):
        """Cancel logged entries: they leave every statistic and can be deleted
        later by the delete-canceled job."""
        not_logged = self.filtered(lambda e: e.state != "logged")
        if not_logged:
            raise UserError(
                self.env._(
                    "Only logged interactions can be canceled (%(entries)s).",
                    entries=", ".join(not_logged[:5].mapped("display_name")),
                )
            )
        self._set_state({"state": "canceled", "canceled_date": fields.Datetime.now()})
        return True

    def _check_restore(self):
        """Raise a UserError when an entry may not be restored: it is not
        canceled, or its logged segment is canceled (restore that instead)."""
        not_canceled = self.filtered(lambda e: e.state != "canceled")
        if not_canceled:
            raise UserError(
                self.env._(
                    "Only canceled interactions can be restored (%(entries)s).",
                    entries=", ".join(not_canceled[:5].mapped("display_name")),
                )
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
        self._set_state({"state": "logged", "canceled_date": False})
        return True

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
        """Leave a short note linking to each entry in the chatter of its
        contact and opportunity (single interactions logged by hand; bulk
        logging posts nothing)."""
        for entry in self:
            body = Markup(self.env._("Interaction logged: %(entry)s")) % {
                "entry": entry._get_html_link()
            }
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

        def column(fname):
            return self._field_to_sql(self._table, fname, query)

        return self.env.execute_query(
            query.select(
                *columns,
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
            )
        )

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
        action["domain"] = expression.AND([[("state", "!=", "postponed")], domain])
        action["context"] = context or {"create": False}
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
        and the next run simply continues with what is left.
        """
        days = self._get_canceled_retention_days()
        domain = [("state", "=", "canceled")]
        if days:
            limit_date = fields.Datetime.now() - timedelta(days=days)
            domain.append(("canceled_date", "<", limit_date))
        entries = self.sudo().with_context(active_test=False)
        remaining = entries.search_count(domain)
        done = 0
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        while remaining:
            batch = entries.search(domain, limit=batch_size, order="id")
            if not batch:
                break
            batch.unlink()
            done += len(batch)
            remaining = max(remaining - len(batch), 0)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                # each batch is committed so an interrupted run loses nothing
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("Deleted %s canceled interaction log entries", done)
        return done
