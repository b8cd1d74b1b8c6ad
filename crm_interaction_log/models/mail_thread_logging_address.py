"""The mail gateway side of the logging address: which routes of an email
go to ``crm.interaction.log.entry.message_new()`` (see
``crm_interaction_log_entry_mail_gateway.py``), after the others."""

import logging

from odoo import models
from odoo.tools.mail import unfold_references

from .crm_interaction_log_entry_mail_gateway import ENTRY_MODEL, is_logging_route

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"  # pylint: disable=consider-merging-classes-inherited

    def _message_route_process(self, message, message_dict, routes):
        """Emails for the logging address are logged by
        ``crm.interaction.log.entry.message_new()`` after the other routes of
        the same email (a document's chatter, which may log it first), and
        whatever is not logged is dropped quietly: no bounce, no failure.

        A copy that answers an email of a document (an opportunity, an
        interaction email's entry...) is also posted in that document's
        chatter, as the direct reply would be: whichever copy arrives first,
        the document gets it once and the interaction is logged once."""
        routes = list(routes or ())
        logging_routes = [route for route in routes if is_logging_route(route)]
        if not logging_routes:
            return super()._message_route_process(message, message_dict, routes)
        others = [route for route in routes if not is_logging_route(route)]
        reason = self.env[ENTRY_MODEL]._logging_address_skip_reason(message)
        if reason:
            # private or automatic: nothing of it goes through the logging address
            _logger.info(
                "Logging address: email %s from %s not logged (%s)",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
                reason,
            )
            if others:
                return super()._message_route_process(message, message_dict, others)
            return False
        if not others:
            reply_route = self._logging_address_reply_route(
                message, message_dict, logging_routes[0]
            )
            if reply_route:
                others = [reply_route]
        thread_id = False
        if others:
            thread_id = super()._message_route_process(
                message, dict(message_dict), others
            )
        entries = self._logging_address_process(message, message_dict, logging_routes)
        return thread_id or entries[:1].id

    def _logging_address_reply_route(self, message, message_dict, route):
        """The route of the document or entry whose email this copy answers,
        if any: the copy is posted there as the direct reply would be (an
        answer to an interaction email is logged there, ``_log_replies``)."""
        references = unfold_references(
            message_dict.get("references") or message_dict.get("in_reply_to") or ""
        )
        references = [r.strip() for r in references if "reply_to" not in r][-32:]
        if not references:
            return None
        parent = (
            self.env["mail.message"]
            .sudo()
            .search([("message_id", "in", references)], limit=1, order="id desc")
        )
        if not (parent.model and parent.res_id and parent.model in self.env):
            return None
        reply_dict = dict(message_dict, parent_id=parent.id)
        route = self._routing_check_route(
            message,
            reply_dict,
            (parent.model, parent.res_id, None, route[3], self.env["mail.alias"]),
            raise_exception=False,
        )
        if route:
            message_dict["parent_id"] = parent.id
        return route or None

    def _logging_address_process(self, message, message_dict, routes):
        Entry = self.env[ENTRY_MODEL]
        _model, _thread_id, custom_values, user_id, alias = routes[0]
        try:
            with self.env.cr.savepoint():
                entries = (
                    Entry.with_user(user_id or self.env.uid)
                    .sudo()
                    .with_context(mail_create_nosubscribe=True, mail_create_nolog=True)
                    .message_new(dict(message_dict), custom_values)
                )
        except Exception:
            # the gateway goes on with the next email; the message is kept
            # in the server log
            _logger.exception(
                "Logging address: email %s from %s could not be logged",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
            )
            return Entry
        if alias and alias.alias_status != "valid":
            alias.sudo().alias_status = "valid"
        return entries
