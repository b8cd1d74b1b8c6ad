from odoo import api, fields, models

MEETING_TEMPLATE = "crm_interaction_log.interaction_template_meeting"


class ResCompany(models.Model):
    _inherit = "res.company"

    interaction_meeting_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Meeting Interaction Template",
        ondelete="set null",
        default=lambda self: self._default_interaction_meeting_template(),
        help="Meetings of the calendar log an interaction with this template for "
        "each external attendee. Leave empty not to log meetings.",
    )

    @api.model
    def _default_interaction_meeting_template(self):
        return self.env.ref(MEETING_TEMPLATE, raise_if_not_found=False)

    @api.model
    def _crm_interaction_init_meeting_template(self):
        """At installation: companies log meetings with the Meeting template."""
        template = self._default_interaction_meeting_template()
        if template:
            self.sudo().with_context(active_test=False).search(
                [("interaction_meeting_template_id", "=", False)]
            ).interaction_meeting_template_id = template
