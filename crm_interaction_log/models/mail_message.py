from odoo import models
from odoo.exceptions import UserError

ENTRY_MODEL = "crm.interaction.log.entry"


class MailMessage(models.Model):
    _inherit = "mail.message"

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
