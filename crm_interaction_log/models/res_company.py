from odoo import api, fields, models

MEETING_TEMPLATE = "crm_interaction_log.interaction_template_meeting"
LOGGED_EMAIL_TEMPLATE = "crm_interaction_log.interaction_template_email_logged"


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

    # the logging address (models/crm_interaction_log_entry_mail_gateway.py)
    interaction_logged_email_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Logged Email Interaction Template",
        ondelete="set null",
        default=lambda self: self.env.ref(
            LOGGED_EMAIL_TEMPLATE, raise_if_not_found=False
        ),
        help="Emails sent to the logging address are logged with this template. "
        "Leave empty not to log them.",
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

    @api.model
    def _crm_interaction_init_logged_email_template(self):
        """At installation: companies log the emails of the logging address
        with the Logged Email template."""
        template = self.env.ref(LOGGED_EMAIL_TEMPLATE, raise_if_not_found=False)
        if template:
            self.sudo().with_context(active_test=False).search(
                [("interaction_logged_email_template_id", "=", False)]
            ).interaction_logged_email_template_id = template
