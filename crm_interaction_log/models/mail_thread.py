from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_post_after_hook(self, message, msg_values):
        """An email sent from a document (chatter "Send message" or the
        composer, not an internal note) logs an interaction when an
        automatic logging rule exists for the document's model."""
        result = super()._message_post_after_hook(message, msg_values)
        if (
            self
            and self._name != "crm.interaction.log.entry"
            and message.message_type in ("comment", "email_outgoing")
            and not message.subtype_id.internal
            and message.subtype_id
            and self.env["crm.interaction.auto.rule"]._get_rule_ids(
                self._name, "email_sent"
            )
        ):
            self.env["crm.interaction.auto.rule"]._log_documents(
                self, "email_sent", recipients=message.partner_ids, message=message
            )
        return result

    def _routing_handle_bounce(self, email_message, message_dict):
        """A bounced interaction email sets its entry's delivery status to
        error."""
        result = super()._routing_handle_bounce(email_message, message_dict)
        bounced_message = message_dict.get("bounced_message")
        if bounced_message:
            self.env["crm.interaction.log.entry"]._update_delivery_status(
                bounced_message,
                "error",
                self.env._(
                    "The email bounced: %(email)s",
                    email=message_dict.get("bounced_email") or "",
                ),
            )
        return result

    def _message_route_process(self, message, message_dict, routes):
        """An email arriving through the mail gateway on a document logs an
        inbound interaction for its external author when an ``email_received``
        rule exists for the document's model, and a reply to an interaction
        email logs one answering it (automatic replies excepted)."""
        thread_id = super()._message_route_process(message, message_dict, routes)
        Rule = self.env["crm.interaction.auto.rule"]
        Entry = self.env["crm.interaction.log.entry"]
        if (
            message_dict.get("message_id")
            and any(route[0] == Entry._name for route in routes or ())
            and not Rule._is_auto_reply(message)
        ):
            # a reply to an interaction email, routed onto its entry
            Entry._log_replies(
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("message_id", "=", message_dict["message_id"]),
                        ("model", "=", Entry._name),
                        ("message_type", "=", "email"),
                    ]
                )
            )
        if (
            message_dict.get("message_id")
            and any(
                Rule._get_rule_ids(route[0], "email_received") for route in routes or ()
            )
            and not Rule._is_auto_reply(message)
        ):
            messages = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("message_id", "=", message_dict["message_id"]),
                        ("message_type", "=", "email"),
                    ]
                )
            )
            Rule._log_incoming_messages(messages)
        return thread_id
