from collections import defaultdict

from odoo import api, fields, models

from .compat import sent_message_failure


class MailMail(models.Model):
    _inherit = "mail.mail"

    is_interaction_email = fields.Boolean(
        string="Interaction Email",
        compute="_compute_is_interaction_email",
        help="The email of an interaction log entry (its delivery status follows "
        "the email).",
    )

    def _compute_is_interaction_email(self):
        # one query for all mails asked at once (see _send)
        messages = self.mail_message_id
        linked = {
            message.id
            for [message] in self.env["crm.interaction.log.entry"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("mail_message_id", "in", messages.ids)], ["mail_message_id"])
        }
        for mail in self:
            mail.is_interaction_email = mail.mail_message_id.id in linked

    def _send(self, *args, **kwargs):
        # the queue sends mail by mail (each its own record, without the
        # batch to prefetch): which of the batch are interaction emails is
        # known beforehand, in one query, not one per email sent
        self.mapped("is_interaction_email")
        return super()._send(*args, **kwargs)

    def _postprocess_sent_message(self, *args, **kwargs):
        """The delivery status of interaction log entries follows their
        email: sent, or failed with the SMTP error."""
        failure_reason, failure_type = sent_message_failure(args, kwargs)
        Entry = self.env["crm.interaction.log.entry"]
        mails = self.filtered("is_interaction_email")
        sent = mails.filtered(lambda m: m.state == "sent")
        Entry._follow_delivery(sent.mail_message_id, "sent")
        failed = mails.filtered(lambda m: m.state == "exception")
        # a whole batch fails at once when the server is down: one update
        # per distinct reason
        by_reason = defaultdict(lambda: self.env["mail.message"])
        for mail in failed:
            reason = mail.failure_reason or failure_reason or failure_type
            by_reason[reason] |= mail.mail_message_id
        for reason, messages in by_reason.items():
            Entry._follow_delivery(messages, "error", reason)
        return super()._postprocess_sent_message(*args, **kwargs)

    @api.model
    def process_email_queue(self, *args, **kwargs):
        """After a run of the queue: entries whose status could not follow
        their email while it was sent (see ``_follow_delivery``) catch up."""
        result = super().process_email_queue(*args, **kwargs)
        self.env["crm.interaction.log.entry"]._sync_delivery_status()
        return result
