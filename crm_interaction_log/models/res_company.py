from odoo import api, fields, models

MEETING_TEMPLATE = "crm_interaction_log.interaction_template_meeting"
REPLY_TEMPLATE = "crm_interaction_log.interaction_template_email_in"
UNSUBSCRIBE_TEMPLATE = "crm_interaction_log.interaction_template_unsubscribe"
LOGGED_EMAIL_TEMPLATE = "crm_interaction_log.interaction_template_email_logged"
# company field -> its default template
COMPANY_TEMPLATES = {
    "interaction_meeting_template_id": MEETING_TEMPLATE,
    "interaction_reply_template_id": REPLY_TEMPLATE,
    "interaction_unsubscribe_template_id": UNSUBSCRIBE_TEMPLATE,
    "interaction_logged_email_template_id": LOGGED_EMAIL_TEMPLATE,
}


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

    interaction_log_replies = fields.Boolean(
        string="Log Replies to Interaction Emails",
        default=True,
        help="A customer's reply to an interaction email, coming back through the "
        "mail gateway, logs an inbound interaction that answers it.",
    )
    interaction_reply_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Reply Interaction Template",
        ondelete="set null",
        default=lambda self: self.env.ref(REPLY_TEMPLATE, raise_if_not_found=False),
        help="Template of the interactions logged for replies to interaction emails.",
    )
    interaction_unsubscribe_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Unsubscribe Interaction Template",
        ondelete="set null",
        default=lambda self: self.env.ref(
            UNSUBSCRIBE_TEMPLATE, raise_if_not_found=False
        ),
        help="Template of the interaction logged when a contact unsubscribes "
        "through the link of a segment email. Empty: the address is blacklisted, "
        "nothing is logged.",
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
    def _crm_interaction_init_company_templates(self):
        """At installation (and update): companies log meetings, replies and
        unsubscriptions with the addon's templates, unless they chose
        others."""
        companies = self.sudo().with_context(active_test=False)
        for fname, xmlid in COMPANY_TEMPLATES.items():
            template = self.env.ref(xmlid, raise_if_not_found=False)
            if template:
                companies.search([(fname, "=", False)])[fname] = template
