from odoo import models

from .notifications import counted


class CrmInteractionSegment(models.Model):
    _inherit = "crm.interaction.segment"

    def _get_privacy_blocked_partners(self):
        """The privacy-blocked contacts of these segments' lines: logging
        leaves them out (no entry, email or letter) and says so."""
        return (
            self.env["crm.interaction.segment.line"]
            .sudo()
            .search(
                [
                    ("segment_id", "in", self.ids),
                    ("partner_id.interaction_privacy_blocked", "=", True),
                ]
            )
            .partner_id.with_env(self.env)
        )

    def _insert_entries(self, logged_segment):
        entries = super()._insert_entries(logged_segment)
        blocked = self._get_privacy_blocked_partners()
        if blocked:
            contacts = ", ".join(blocked.mapped("display_name"))
            logged_segment.sudo().message_post(
                body=counted(
                    len(blocked),
                    self.env._(
                        "1 privacy-blocked contact of the segment was left out: "
                        "%(contacts)s.",
                        contacts=contacts,
                    ),
                    self.env._(
                        "%(count)s privacy-blocked contacts of the segment were "
                        "left out: %(contacts)s.",
                        count=len(blocked),
                        contacts=contacts,
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return entries
