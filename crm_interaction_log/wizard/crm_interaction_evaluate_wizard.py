from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_interaction_log_entry import EVALUATION
from ..models.notifications import CLOSE_WINDOW, counted, success_notification


class CrmInteractionEvaluateWizard(models.TransientModel):
    """Evaluate Interactions: give one evaluation to every selected entry."""

    _name = "crm.interaction.evaluate.wizard"
    _description = "Evaluate Interactions"

    entry_ids = fields.Many2many(
        "crm.interaction.log.entry",
        "crm_interaction_evaluate_wizard_entry_rel",
        "wizard_id",
        "entry_id",
        string="Interactions",
        default=lambda self: self._default_entry_ids(),
    )
    entry_count = fields.Integer(compute="_compute_entry_count")
    evaluation = fields.Selection(EVALUATION, required=True)

    def _default_entry_ids(self):
        context = self.env.context
        if context.get("active_model") == "crm.interaction.log.entry":
            return [fields.Command.set(context.get("active_ids") or [])]
        return []

    @api.depends("entry_ids")
    def _compute_entry_count(self):
        for wizard in self:
            wizard.entry_count = len(wizard.entry_ids)

    def action_apply(self):
        self.ensure_one()
        entries = self.entry_ids
        if not entries:
            raise UserError(self.env._("Select the interactions to evaluate."))
        canceled = entries.filtered(lambda e: e.state == "canceled")
        if canceled:
            raise UserError(
                self.env._(
                    "Canceled interactions cannot be evaluated (%(entries)s).",
                    entries=", ".join(canceled[:5].mapped("display_name")),
                )
            )
        entries.write({"evaluation": self.evaluation})
        return success_notification(
            counted(
                len(entries),
                self.env._("1 interaction evaluated."),
                self.env._("%(count)s interactions evaluated.", count=len(entries)),
            ),
            CLOSE_WINDOW,
        )
