from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_interaction_log_entry import EVALUATION
from ..models.link_access import check_attachment_links, check_readable_links
from ..models.notifications import CLOSE_WINDOW, success_notification

# fields copied between the wizard and a log entry, both ways
ENTRY_FIELDS = [
    "partner_id",
    "user_id",
    "template_id",
    "description",
    "subject",
    "date",
    "information_flow",
    "initiated_by",
    "correspondence_type",
    "cost",
    "duration",
    "attempt_failed",
    "evaluation",
    "lead_id",
    "campaign_id",
    "campaign_target",
    "campaign_response",
    "note",
    "body",
    "outcome_id",
    "contact_via",
]


class CrmInteractionCreateWizard(models.TransientModel):
    """Create Interaction: log one interaction with a contact, or postpone it.

    The wizard is transient: a postponed interaction is saved as a log entry
    in the ``postponed`` state and resumed from there, so nothing typed is
    lost when the wizard records are vacuumed.
    """

    _name = "crm.interaction.create.wizard"
    _inherit = ["crm.interaction.values.mixin"]
    _description = "Create Interaction"
    _check_company_auto = True

    entry_id = fields.Many2one(
        "crm.interaction.log.entry",
        string="Postponed Interaction",
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", check_company=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        ondelete="cascade",
    )
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        check_company=True,
        ondelete="cascade",
    )
    description = fields.Char(
        compute="_compute_description", store=True, readonly=False
    )
    template_description = fields.Char(compute="_compute_description", store=True)
    subject = fields.Char()
    date = fields.Datetime(default=fields.Datetime.now)
    campaign_id = fields.Many2one(string="Campaign", ondelete="cascade")
    attempt_failed = fields.Boolean(
        compute="_compute_from_outcome", store=True, readonly=False
    )
    evaluation = fields.Selection(
        EVALUATION, compute="_compute_from_outcome", store=True, readonly=False
    )
    outcome_id = fields.Many2one(
        "crm.interaction.outcome",
        string="Outcome",
        ondelete="cascade",
        domain="['|', ('group_ids', '=', False), "
        "('group_ids', 'in', [template_group_id])]",
    )
    template_group_id = fields.Many2one(related="template_id.group_id")
    # calls: the numbers of the contact (shown as tel: links) and the one used;
    # call_mode only changes what the form shows (set by the Call button)
    call_mode = fields.Boolean(
        default=lambda self: bool(self.env.context.get("crm_interaction_call"))
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    contact_via = fields.Char(
        compute="_compute_contact_via", store=True, readonly=False
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        check_company=True,
        ondelete="cascade",
        domain="[('type', '=', 'opportunity'), ('active', '=', True), "
        "'|', ('partner_id', '=', False), "
        "('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    note = fields.Html(string="Comments")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_interaction_create_wizard_ir_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Attachments",
    )
    partner_locked = fields.Boolean(default=lambda self: self._is_locked("partner_id"))
    user_locked = fields.Boolean(default=lambda self: self._is_locked("user_id"))
    lead_locked = fields.Boolean(default=lambda self: self._is_locked("lead_id"))

    # ------------------------------------------------------------
    # DEFAULTS
    # ------------------------------------------------------------

    def _is_locked(self, fname):
        # a display preset of the launching button (the field shows read-only),
        # not a permission: what may be logged is checked when logging (the
        # contact must belong to the opportunity's customer, record rules)
        return fname in (self.env.context.get("crm_interaction_lock") or ())

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        entry = self.env["crm.interaction.log.entry"].browse(
            values.get("entry_id") or context.get("default_entry_id")
        )
        if entry:
            values.update(self._get_values_from_entry(entry))
        elif context.get("active_model") and context.get("active_id"):
            values.update(self._get_values_from_active_record(fields_list))
        return {fname: value for fname, value in values.items() if fname in fields_list}

    @api.model
    def _get_values_from_entry(self, entry):
        """Wizard values resuming the postponed ``entry``."""
        if entry.state != "postponed":
            raise UserError(self.env._("Only postponed interactions can be resumed."))
        entry.check_access("write")
        values = entry._convert_to_write(entry.read(ENTRY_FIELDS)[0])
        values.pop("id", None)
        values.update(
            {
                "entry_id": entry.id,
                "company_id": entry.company_id.id,
                "attachment_ids": [fields.Command.set(entry.attachment_ids.ids)],
                "partner_locked": True,
                "lead_locked": bool(entry.lead_id),
            }
        )
        return values

    @api.model
    def _get_values_from_active_record(self, fields_list):
        """Wizard values for the record the wizard was launched from (an
        action bound to contacts, users, opportunities or log entries)."""
        context = self.env.context
        model, record_ids = (
            context["active_model"],
            context.get("active_ids") or [context["active_id"]],
        )
        if model not in (
            "res.partner",
            "res.users",
            "crm.lead",
            "crm.interaction.log.entry",
        ):
            return {}
        if len(record_ids) > 1:
            raise UserError(
                self.env._(
                    "Select a single record to create an interaction. To log one "
                    "interaction for many contacts, use a segment."
                )
            )
        record = self.env[model].browse(record_ids[0])
        if model == "res.partner":
            return {"partner_id": record.id, "partner_locked": True}
        if model == "res.users":
            return {"user_id": record.id, "user_locked": True}
        if model == "crm.lead":
            return {
                "lead_id": record.id,
                "partner_id": record.partner_id.id,
                "campaign_id": record.campaign_id.id,
                "lead_locked": True,
            }
        return {
            "partner_id": record.partner_id.id,
            "lead_id": record.lead_id.id,
            "campaign_id": record.campaign_id.id,
            "partner_locked": True,
        }

    @api.model
    def _action_open(self, context=None):
        """Window action opening the wizard with ``context``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Interaction"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(context or {}),
        }

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # links given over RPC: only to what the user may read (attachments)
        # and resume (the postponed entry)
        check_readable_links(self, vals_list, ["entry_id"], mode="write")
        wizards = super().create(vals_list)
        check_attachment_links(wizards, vals_list)
        return wizards

    def write(self, vals):
        check_readable_links(self, [vals], ["entry_id"], mode="write")
        check_attachment_links(self, [vals])
        return super().write(vals)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_user_id(self):
        for wizard in self:
            if wizard.user_locked and wizard.user_id:
                continue
            salesperson = wizard.partner_id.user_id
            if not salesperson or salesperson.share:
                salesperson = wizard.user_id
            wizard.user_id = salesperson or self.env[
                "crm.interaction.log.entry"
            ]._get_fallback_salesperson(wizard.partner_id)

    @api.depends("outcome_id")
    def _compute_from_outcome(self):
        for wizard in self:
            if wizard.outcome_id:
                wizard.update(wizard.outcome_id._entry_values(wizard.evaluation))

    @api.depends("partner_id", "call_mode")
    def _compute_contact_via(self):
        for wizard in self:
            if wizard.call_mode and not wizard.contact_via:
                wizard.contact_via = wizard.partner_id.phone or False

    @api.depends("template_id", "partner_id")
    def _compute_correspondence_type(self):
        return super()._compute_correspondence_type()

    @api.depends("template_id")
    def _compute_description(self):
        # the description follows the template until the user types their own
        for wizard in self:
            if wizard.template_id and (
                not wizard.description
                or wizard.description == wizard.template_description
            ):
                wizard.description = wizard.template_id.name
            wizard.template_description = wizard.template_id.name

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _missing_fields(self, fnames):
        """Labels of the fields of ``fnames`` that are empty, comma separated."""
        return ", ".join(
            self._fields[fname]._description_string(self.env)
            for fname in fnames
            if not self[fname]
        )

    def _prepare_entry_values(self, state):
        self.ensure_one()
        values = self._convert_to_write(self.read(ENTRY_FIELDS)[0])
        values.pop("id", None)
        values.update(
            {
                # a postponed entry may be saved without them (logging
                # requires them): the entries' own fallbacks apply
                "date": self.date or fields.Datetime.now(),
                "state": state,
                "attachment_ids": [fields.Command.set(self.attachment_ids.ids)],
            }
        )
        # a resumed entry is written, not created: the same fallbacks apply
        self.env["crm.interaction.log.entry"]._apply_create_fallbacks([values])
        return values

    def _save_entry(self, state):
        """Create the log entry, or update the postponed entry being resumed."""
        self.ensure_one()
        values = self._prepare_entry_values(state)
        entry = self.entry_id
        if entry:
            if entry.state != "postponed":
                raise UserError(
                    self.env._(
                        "This interaction was already logged or canceled in the "
                        "meantime; it cannot be resumed again."
                    )
                )
            state = values.pop("state")
            entry.write(values)
            entry._change_state(state)
        else:
            entry = self.env["crm.interaction.log.entry"].create(values)
        # attachments uploaded in the wizard now belong to the entry
        wizard_attachments = self.attachment_ids.filtered(
            lambda a: a.res_model in (self._name, False)
        )
        if wizard_attachments:
            wizard_attachments.write({"res_model": entry._name, "res_id": entry.id})
        return entry

    def action_log(self):
        """Log the interaction: the entry is created (or the resumed postponed
        entry turned into a logged one)."""
        self.ensure_one()
        missing = self._missing_fields(
            ["partner_id", "template_id", "user_id", "date", "description"]
        )
        if missing:
            raise UserError(
                self.env._(
                    "To log this interaction, fill in: %(fields)s.", fields=missing
                )
            )
        entry = self._save_entry("logged")
        entry._post_history_notes()
        return self._send_entry_correspondence(entry) or success_notification(
            self.env._("Interaction logged: %s", entry.display_name), CLOSE_WINDOW
        )

    def action_postpone(self):
        """Save the unfinished interaction as a postponed entry, to be resumed
        later from the Postponed Interactions list."""
        self.ensure_one()
        missing = self._missing_fields(["partner_id", "template_id"])
        if missing:
            raise UserError(
                self.env._(
                    "To postpone this interaction, fill in: %(fields)s.", fields=missing
                )
            )
        entry = self._save_entry("postponed")
        return success_notification(
            self.env._("Interaction postponed: %s", entry.display_name), CLOSE_WINDOW
        )
