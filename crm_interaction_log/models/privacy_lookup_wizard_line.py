from odoo import models

ENTRY_MODEL = "crm.interaction.log.entry"


class PrivacyLookupWizardLine(models.TransientModel):
    """Privacy Lookup lists the interaction log entries of the person (their
    contact is a restricting many2one). Logged entries cannot be deleted:
    Delete on them runs the erasure that keeps the figures instead, and the
    line's execution details (hence the privacy log) say so."""

    _inherit = "privacy.lookup.wizard.line"

    def _is_interaction_entry_line(self):
        return self.res_model == ENTRY_MODEL and not self.is_unlinked

    def _anonymize_interaction_lines(self):
        Entry = self.env[ENTRY_MODEL]
        Entry._check_can_erase()
        Entry.browse(self.mapped("res_id"))._anonymize_interactions()
        for line in self:
            line.execution_details = self.env._(
                "Anonymized %(model)s #%(id)s",
                model=line.res_model_id.name,
                id=line.res_id,
            )
        self.is_unlinked = True

    def action_unlink(self):
        self.ensure_one()
        if self._is_interaction_entry_line():
            return self._anonymize_interaction_lines()
        return super().action_unlink()

    def action_unlink_all(self):
        # the entries first: the person's contact can only be deleted once
        # its interactions are erased
        entry_lines = self.filtered(lambda line: line._is_interaction_entry_line())
        if entry_lines:
            entry_lines._anonymize_interaction_lines()
        return super(PrivacyLookupWizardLine, self - entry_lines).action_unlink_all()
