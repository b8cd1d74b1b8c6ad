from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

ENTRY_MODEL = "crm.interaction.log.entry"
# context key of the fields showing a message as an email: its subject and
# date (18.0 names a message after its document, here the contact)
EMAIL_DISPLAY_KEY = "crm_interaction_email_display"


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.depends(lambda self: (self._rec_name, "subject", "date"))
    @api.depends_context(EMAIL_DISPLAY_KEY)
    def _compute_display_name(self):
        if not self.env.context.get(EMAIL_DISPLAY_KEY):
            return super()._compute_display_name()
        for message in self:
            date = format_datetime(self.env, message.date, dt_format="short")
            message.display_name = (
                self.env._("%(subject)s (%(date)s)", subject=message.subject, date=date)
                if message.subject
                else self.env._("Email of %(date)s", date=date)
            )
        return None

    def unlink(self):
        if not self.env.su:
            self._check_interaction_tracking_unlink()
        return super().unlink()

    def _check_interaction_tracking_unlink(self):
        """The tracked changes of a logged or canceled interaction are its
        history: nobody deletes them by hand (Odoo lets anyone who may write
        the entry delete its messages). They go with the entry."""
        tracking = self.sudo().filtered(
            lambda m: m.model == ENTRY_MODEL and m.res_id and m.tracking_value_ids
        )
        if not tracking:
            return
        entries = (
            self.env[ENTRY_MODEL]
            .sudo()
            .browse(set(tracking.mapped("res_id")))
            .exists()
            .filtered(lambda e: e.state != "postponed")
        )
        if entries:
            raise UserError(
                self.env._(
                    "The tracked changes of a logged interaction are part of its "
                    "history and cannot be deleted (%(entries)s).",
                    entries=", ".join(entries[:5].mapped("display_name")),
                )
            )
