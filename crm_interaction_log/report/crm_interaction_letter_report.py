from markupsafe import Markup

from odoo import api, models


class ReportInteractionLetter(models.AbstractModel):
    """Letters of interaction log entries: the company letterhead, the
    contact's address and the template's body rendered for the entry in the
    contact's language."""

    _name = "report.crm_interaction_log.report_interaction_letter"
    _description = "Interaction Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        entries = self.env["crm.interaction.log.entry"].browse(docids)
        contents = entries._get_correspondence_contents()
        return {
            "doc_ids": docids,
            "doc_model": entries._name,
            "docs": entries,
            "subjects": {
                entry_id: subject for entry_id, (subject, _body) in contents.items()
            },
            "bodies": {
                entry_id: Markup(body or "")
                for entry_id, (_subject, body) in contents.items()
            },
        }
