import re

from odoo import api, models
from odoo.tools import html2plaintext
from odoo.tools.mail import email_normalize

from odoo.addons.crm_interaction_log.models.crm_interaction_log_entry import (
    DESCRIPTION_MAX_LENGTH,
)

# the first address of the logged content: the add-ins start it with the sender
FIRST_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


class CrmInteractionLogEntry(models.Model):
    _inherit = "crm.interaction.log.entry"

    @api.model
    def _log_mail_plugin_email(self, lead, message):
        """Log ``message``, an email the mail plugin logged into ``lead``, as
        an interaction of the lead's contact (once per message): outbound
        when its sender is an internal user, inbound otherwise.

        :return: the created entry, or an empty recordset
        """
        Entry = self.sudo()
        lead = lead.sudo()
        contact = lead.partner_id
        company = lead.company_id or self.env.company
        template = company.interaction_logged_email_template_id
        if (
            not contact
            or not template
            or (
                "interaction_privacy_blocked" in contact._fields
                and contact.interaction_privacy_blocked
            )
            or Entry.search_count([("mail_message_id", "=", message.id)], limit=1)
        ):
            return Entry
        sender_email = self._mail_plugin_sender_email(message)
        sender = (
            self._logging_address_partners([sender_email]).get(sender_email)
            if sender_email
            else None
        )
        sender_user = (
            sender.user_ids.filtered(lambda u: not u.share)[:1] if sender else None
        )
        outbound = bool(sender_user) or not sender_email
        user = sender_user or lead.user_id or self.env.user
        description = message.subject or lead.name or template.name
        vals = {
            "template_id": template.id,
            "partner_id": contact.id,
            "company_id": company.id,
            "date": message.date,
            "state": "logged",
            "subject": message.subject or lead.name,
            "description": description[:DESCRIPTION_MAX_LENGTH],
            "information_flow": "outbound" if outbound else "inbound",
            "initiated_by": "us" if outbound else "them",
            "correspondence_type": "none",
            "lead_id": lead.id,
            "campaign_id": (template.campaign_id or lead.campaign_id).id,
            "res_model": "crm.lead",
            "res_id": lead.id,
            "mail_message_id": message.id,
            "attachment_ids": [(6, 0, message.attachment_ids.ids)],
        }
        if user and not user.share:
            vals["user_id"] = user.id
        return Entry._create_system_entries([vals])

    @api.model
    def _mail_plugin_sender_email(self, message):
        """The sender of an email logged by the add-in: the first address of
        its content (the add-ins put the sender first)."""
        match = FIRST_ADDRESS.search(html2plaintext(message.body or ""))
        return email_normalize(match.group(0)) if match else False
