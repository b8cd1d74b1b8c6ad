from odoo import models


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
            logged_segment.sudo().message_post(
                body=self.env._(
                    "%(count)s privacy-blocked contacts of the segment were left "
                    "out: %(contacts)s.",
                    count=len(blocked),
                    contacts=", ".join(blocked.mapped("display_name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return entries
