from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmInteractionStateWizard(models.TransientModel):
    """Confirm canceling or restoring the interactions selected in the log
    list, with buttons that say what they do ("Cancel Interactions" /
    "Keep") instead of a bare Ok / Cancel."""

    _name = "crm.interaction.state.wizard"
    _description = "Cancel or Restore Interactions"

    operation = fields.Selection(
        [("cancel", "Cancel"), ("restore", "Restore")], required=True
    )
    entry_count = fields.Integer(compute="_compute_entry_count")

    def _get_entries(self):
        ids = self.env.context.get("active_ids") or []
        if self.env.context.get("active_model") != "crm.interaction.log.entry":
            ids = []
        return self.env["crm.interaction.log.entry"].browse(ids)

    @api.depends("operation")
    def _compute_entry_count(self):
        for wizard in self:
            wizard.entry_count = len(self._get_entries())

    def action_confirm(self):
        self.ensure_one()
        entries = self._get_entries()
        if not entries:
            raise UserError(self.env._("Select the interactions first."))
        if self.operation == "cancel":
            return entries.action_cancel()
        return entries.action_restore()
