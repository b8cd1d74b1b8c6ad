"""Privacy of interaction log entries: contacts blocked from new interactions
(GDPR art. 18), erasure that keeps the figures (art. 17) and the retention
job that anonymises old logged entries (art. 5(1)(e))."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .batch_job import process_in_batches

_logger = logging.getLogger(__name__)

LOGGED_RETENTION_PARAM = "crm_interaction_log.logged_retention_months"
ANONYMIZE_BATCH_SIZE = 5000
ERASER_GROUP = "sales_team.group_sale_manager"
# what an erased entry keeps: the figures (cost, duration, date, template,
# group, campaign, outcome, evaluation, salesperson, opportunity, status)
ERASED_VALUES = {
    "subject": False,
    "note": False,
    "body": False,
    "contact_via": False,
    "is_anonymized": True,
}


class CrmInteractionLogEntry(models.Model):
    _inherit = "crm.interaction.log.entry"  # pylint: disable=consider-merging-classes-inherited

    is_anonymized = fields.Boolean(
        string="Anonymized",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The personal data of this interaction were erased (the contact "
        "asked to be forgotten, or the retention period ended); its figures "
        "remain.",
    )

    # ------------------------------------------------------------
    # RESTRICTION
    # ------------------------------------------------------------

    @api.model
    def _check_privacy_blocked(self, partners):
        """Refuse a new interaction, email or letter for privacy-blocked
        contacts, naming them."""
        blocked = partners.sudo().filtered("interaction_privacy_blocked")
        if blocked:
            raise UserError(self._privacy_blocked_message(blocked))

    @api.model
    def _privacy_blocked_message(self, partners):
        return self.env._(
            "%(contacts)s: privacy blocked. No interaction, email or "
            "letter can be logged for this contact; lift the block on the "
            "contact form first if the contact agreed.",
            contacts=", ".join(partners[:5].mapped("display_name")),
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_protected_write() and any(
            vals.get("is_anonymized") for vals in vals_list
        ):
            raise UserError(self.env._("An interaction cannot be created anonymized."))
        self._check_privacy_blocked(
            self.env["res.partner"].browse(
                {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_protected_write():
            if "is_anonymized" in vals:
                raise UserError(
                    self.env._(
                        "An interaction is anonymized by the Forget action or the "
                        "retention job, not by editing it."
                    )
                )
            anonymized = self.filtered("is_anonymized")
            if anonymized and set(vals) - set(self.env["mail.thread"]._fields):
                raise UserError(
                    self.env._(
                        "Anonymized interactions cannot be changed (%(entries)s).",
                        entries=", ".join(anonymized[:5].mapped("display_name")),
                    )
                )
            if vals.get("partner_id"):
                self._check_privacy_blocked(
                    self.env["res.partner"].browse(vals["partner_id"])
                )
        return super().write(vals)

    @api.model
    def _create_system_entries(self, vals_list):
        """System-made entries (automatic rules, meetings, replies, ...) are
        not logged for privacy-blocked contacts: they are left out and the
        log says so."""
        partner_ids = {vals.get("partner_id") for vals in vals_list} - {False, None}
        # only the flag is read (often already fetched with the values): the
        # contacts' wide rows are not fetched for one automatic entry
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        partners.fetch(["interaction_privacy_blocked"])
        blocked = partners.filtered("interaction_privacy_blocked")
        if blocked:
            kept = [
                vals for vals in vals_list if vals.get("partner_id") not in blocked.ids
            ]
            _logger.info(
                "%s automatic interactions not logged: privacy-blocked contacts %s",
                len(vals_list) - len(kept),
                blocked.ids,
            )
            vals_list = kept
            if not vals_list:
                return self.browse()
        return super()._create_system_entries(vals_list)

    def _send_correspondence(self):
        self._check_privacy_blocked(self.partner_id)
        return super()._send_correspondence()

    def _mark_to_send(self):
        # one query for a large segment, the names only when some are blocked
        if self.sudo().search_count(
            [
                ("id", "in", self.ids),
                ("partner_id.interaction_privacy_blocked", "=", True),
            ],
            limit=1,
        ):
            self._check_privacy_blocked(self.partner_id)
        return super()._mark_to_send()

    def _send_in_background(self, user, company):
        """A contact privacy-blocked since its segment was logged gets no
        email: its entry fails with the reason, the others are sent."""
        blocked = self.filtered("partner_id.interaction_privacy_blocked")
        for partner, entries in blocked.grouped("partner_id").items():
            entries._write_protected(
                {
                    "delivery_status": "error",
                    "delivery_failure_reason": self._privacy_blocked_message(partner),
                }
            )
        return super(CrmInteractionLogEntry, self - blocked)._send_in_background(
            user, company
        )

    def _render_letters(self, keep=False):
        self._check_privacy_blocked(self.partner_id)
        return super()._render_letters(keep=keep)

    def action_print_letters(self):
        self._check_privacy_blocked(self.partner_id)
        return super().action_print_letters()

    # ------------------------------------------------------------
    # ERASURE
    # ------------------------------------------------------------

    @api.model
    def _check_can_erase(self):
        if not (self.env.su or self.env.user.has_group(ERASER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only a Sales Administrator can erase the personal data of "
                    "interactions."
                )
            )

    def _anonymize_interactions(self):
        """Erase the personal data of these entries and move them to the
        anonymous contact of their company, set-based.

        Removed: description (the template's name instead), subject,
        comments, content, the phone or address used, attachments, the
        subject, body, sender and recipients of their emails (sent and
        received) and their tracking. Kept: cost, duration, date, status,
        template, group, salesperson, correspondence type, campaign,
        opportunity, outcome, evaluation, so every figure but the contact's
        own stays the same. Postponed entries count nowhere: they are
        deleted.

        :return: number of entries anonymized (postponed ones deleted
            included)
        """
        self._check_can_erase()
        Entry = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False
        )
        entries = Entry.search([("id", "in", self.ids), ("is_anonymized", "=", False)])
        if not entries:
            return 0
        postponed = entries.filtered(lambda e: e.state == "postponed")
        entries -= postponed
        old_partners = entries.partner_id | postponed.partner_id
        postponed_files = {(self._name, entry_id) for entry_id in postponed.ids}
        postponed.attachment_ids.filtered(
            lambda a: (a.res_model, a.res_id) in postponed_files
        ).unlink()
        postponed.unlink()
        if not entries:
            return len(postponed)
        self._erase_messages(entries, old_partners)
        owned = {(self._name, entry_id) for entry_id in entries.ids}
        attachments = entries.attachment_ids.filtered(
            lambda a: (a.res_model, a.res_id) in owned
        )
        entries._write_anonymized()
        attachments.unlink()
        return len(entries) + len(postponed)

    def _get_anonymized_values(self):
        """What the ORM would write on each of these entries when erased:
        ``{entry_id: vals}``, from the entry's company and template (the
        description is the template's name in the current language)."""
        values = {}
        groups = self._read_group(
            [("id", "in", self.ids)], ["company_id", "template_id"], ["id:array_agg"]
        )
        for company, template, entry_ids in groups:
            vals = {
                **ERASED_VALUES,
                "partner_id": company._get_interaction_anonymous_partner().id,
                "description": (template.name or "")[:100],
            }
            values.update(dict.fromkeys(entry_ids, vals))
        return values

    def _write_anonymized(self):
        """Write the erased values (see ``_get_anonymized_values``) in one
        UPDATE, without tracking (the old values must not land in a
        chatter): erasing ten thousand entries takes a moment, where the ORM
        write recomputes and company-checks every entry. The contact
        company is the anonymous contact itself (it has no company);
        ``tests/test_privacy.py`` proves the result equals the ORM's write."""
        values = self._get_anonymized_values()
        self.flush_recordset()
        by_group = {}
        for entry_id, vals in values.items():
            by_group.setdefault((vals["partner_id"], vals["description"]), []).append(
                entry_id
            )
        now = fields.Datetime.now()
        # one statement per anonymous contact and description (one per
        # company and template): constant values update fastest
        for (partner_id, description), entry_ids in by_group.items():
            self.env.execute_query(
                SQL(
                    """
                    UPDATE crm_interaction_log_entry
                       SET partner_id = %(partner)s,
                           commercial_partner_id = %(partner)s,
                           description = %(description)s,
                           subject = NULL, note = NULL, body = NULL,
                           contact_via = NULL, is_anonymized = TRUE,
                           write_uid = %(uid)s, write_date = %(now)s
                     WHERE id = ANY(%(ids)s)
                    """,
                    partner=partner_id,
                    description=description,
                    uid=self.env.uid,
                    now=now,
                    ids=entry_ids,
                )
            )
        ids = list(values)
        self.env.execute_query(
            SQL(
                "DELETE FROM crm_interaction_log_entry_ir_attachment_rel "
                "WHERE entry_id = ANY(%s)",
                ids,
            )
        )
        self.invalidate_recordset(
            [
                *ERASED_VALUES,
                "partner_id",
                "commercial_partner_id",
                "description",
                "attachment_ids",
                "write_uid",
                "write_date",
            ]
        )
        self.env["res.partner"].invalidate_model(
            ["interaction_log_entry_ids", "interaction_history_ids"]
        )

    @api.model
    def _erase_messages(self, entries, old_partners):
        """The emails of ``entries`` (the message each was sent or logged
        from, and the messages of their own chatter) lose their subject,
        body, sender, recipients, attachments and tracking; those in the
        chatter of the person move to the anonymous contact."""
        Message = self.env["mail.message"].sudo()
        messages = entries.mail_message_id | Message.search(
            [("model", "=", self._name), ("res_id", "in", entries.ids)]
        )
        if not messages:
            return
        owned = {("mail.message", message_id) for message_id in messages.ids}
        owned |= {(self._name, entry_id) for entry_id in entries.ids}
        owned |= {("res.partner", partner_id) for partner_id in old_partners.ids}
        attachments = messages.attachment_ids.filtered(
            lambda a: (a.res_model, a.res_id) in owned
        )
        self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", messages.ids)]
        ).unlink()
        self.env["mail.mail"].sudo().search(
            [("mail_message_id", "in", messages.ids)]
        ).unlink()
        self.env["mail.notification"].sudo().search(
            [("mail_message_id", "in", messages.ids)]
        ).unlink()
        erased = {
            "body": "",
            "subject": False,
            "email_from": False,
            "record_name": False,
            "partner_ids": [fields.Command.clear()],
            "attachment_ids": [fields.Command.clear()],
        }
        for fname in ("incoming_email_to", "incoming_email_cc", "outgoing_email_to"):
            if fname in Message._fields:
                erased[fname] = False
        messages.write(erased)
        # the person's chatter and authorship go to the anonymous contact of
        # the entry's company
        by_company = {}
        for entry in entries.filtered("mail_message_id"):
            by_company.setdefault(entry.company_id, Message)
            by_company[entry.company_id] |= entry.mail_message_id
        for company, company_messages in by_company.items():
            anonymous = company._get_interaction_anonymous_partner()
            on_person = company_messages.filtered(
                lambda m: m.model == "res.partner" and m.res_id in old_partners.ids
            )
            if on_person:
                on_person.write({"res_id": anonymous.id})
            by_person = company_messages.filtered(lambda m: m.author_id in old_partners)
            if by_person:
                by_person.write({"author_id": anonymous.id})
        attachments.unlink()

    # ------------------------------------------------------------
    # RETENTION
    # ------------------------------------------------------------

    @api.model
    def _get_logged_retention_months(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(LOGGED_RETENTION_PARAM, 0)
        )
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            _logger.warning(
                "Invalid value %r for %s: logged interactions are kept",
                value,
                LOGGED_RETENTION_PARAM,
            )
            return 0

    @api.model
    def _get_expired_entries_domain(self, months):
        """Logged entries older than ``months`` months, not anonymized yet,
        and not tied to an open opportunity (one that is neither lost nor
        won: its history is still in use)."""
        limit_date = fields.Datetime.now() - relativedelta(months=months)
        return [
            ("state", "=", "logged"),
            ("is_anonymized", "=", False),
            ("date", "<", limit_date),
            "|",
            ("lead_id", "=", False),
            "|",
            ("lead_id.active", "=", False),
            ("lead_id.stage_id.is_won", "=", True),
        ]

    @api.model
    def _cron_anonymize_expired_entries(self, batch_size=ANONYMIZE_BATCH_SIZE):
        """Anonymize the logged entries older than the retention setting
        (``crm_interaction_logged_retention_months``, 0 = keep), in every
        company, in batches; each batch is committed (outside tests) and the
        progress reported to the cron, so an interrupted run loses nothing."""
        months = self._get_logged_retention_months()
        if not months:
            return 0
        done = process_in_batches(
            self.sudo().with_context(active_test=False),
            self._get_expired_entries_domain(months),
            batch_size,
            lambda batch: batch._anonymize_interactions(),
        )
        _logger.info("Anonymized %s expired interaction log entries", done)
        return done
