from odoo import api, fields, models

from .compat import Constraint


class CrmInteractionUnloggedEmail(models.Model):
    """An email that reached the logging address without any known contact
    among its addresses: nothing was logged, nothing bounced. Its sender (an
    internal user) finds it in *Emails Not Logged* (CRM settings) and can add
    the contact, then forward the email again."""

    _name = "crm.interaction.unlogged.email"
    _description = "Email Not Logged"
    _order = "date desc, id desc"
    _rec_name = "subject"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    message_id = fields.Char(string="Message-Id", index=True, readonly=True)
    subject = fields.Char(readonly=True)
    email_from = fields.Char(string="From", readonly=True)
    unknown_addresses = fields.Char(
        readonly=True,
        help="The addresses of the email that are no contact: create the "
        "contacts, then send the email to the logging address again.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Sender",
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The internal user who wrote or forwarded the email.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )

    _message_company_uniq = Constraint(
        "UNIQUE (message_id, company_id)",
        "This email is already listed as not logged.",
    )

    @api.model
    def _record(self, msg_dict, company, user, unknown_addresses):
        """List an email of the logging address that logged nothing (once per
        Message-Id: a redelivery is not listed again)."""
        Unlogged = self.sudo()
        message_id = msg_dict.get("message_id")
        if message_id and Unlogged.search_count(
            [("message_id", "=", message_id), ("company_id", "=", company.id)],
            limit=1,
        ):
            return Unlogged
        return Unlogged.create(
            {
                "date": msg_dict.get("date") or fields.Datetime.now(),
                "message_id": message_id,
                "subject": (msg_dict.get("subject") or "")[:256],
                "email_from": msg_dict.get("email_from"),
                "unknown_addresses": ", ".join(unknown_addresses),
                "user_id": user.id if user else False,
                "company_id": company.id,
            }
        )
