from odoo import http
from odoo.http import request

from odoo.addons.crm_mail_plugin.controllers.mail_plugin import (
    MailPluginController,
)


class CrmInteractionMailPluginController(MailPluginController):
    @http.route()
    def log_mail_content(self, model, res_id, message, attachments=None):
        """An email logged into an opportunity from the add-in is also an
        interaction of the opportunity's contact."""
        result = super().log_mail_content(
            model, res_id, message, attachments=attachments
        )
        if model == "crm.lead":
            lead = request.env["crm.lead"].browse(res_id)
            posted = (
                request.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("model", "=", "crm.lead"),
                        ("res_id", "=", lead.id),
                        ("author_id", "=", request.env.user.partner_id.id),
                    ],
                    order="id desc",
                    limit=1,
                )
            )
            if posted:
                request.env["crm.interaction.log.entry"]._log_mail_plugin_email(
                    lead, posted
                )
        return result
