from collections import defaultdict

from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        """The delivery status of interaction log entries follows their
        email: sent, or failed with the SMTP error."""
        Entry = self.env["crm.interaction.log.entry"]
        sent = self.filtered(lambda m: m.state == "sent")
        Entry._update_delivery_status(sent.mail_message_id, "sent")
        failed = self.filtered(lambda m: m.state == "exception")
        # a whole batch fails at once when the server is down: one update
        # per distinct reason
        by_reason = defaultdict(lambda: self.env["mail.message"])
        for mail in failed:
            reason = mail.failure_reason or failure_reason or failure_type
            by_reason[reason] |= mail.mail_message_id
        for reason, messages in by_reason.items():
            Entry._update_delivery_status(messages, "error", reason)
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
