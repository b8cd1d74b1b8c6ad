"""Answers to interaction emails: replies and unsubscriptions.

An interaction email is answered to the catchall address of its entry's
company alias domain (``_notify_get_reply_to``): the customer's reply comes
back through Odoo's mail gateway onto the entry it answers, and logs an
inbound entry of the same contact, with the answered entry's opportunity and
campaign (a campaign response). Segment emails carry a one-click unsubscribe
link (RFC 8058, ``controllers/unsubscribe.py``): the address is blacklisted
and an inbound entry is logged.
"""

import logging

from odoo import api, fields, models
from odoo.tools import consteq, email_normalize, hmac

_logger = logging.getLogger(__name__)

UNSUBSCRIBE_SCOPE = "crm_interaction_log.unsubscribe"
UNSUBSCRIBE_ROUTE = "/crm_interaction/unsubscribe"


class CrmInteractionLogEntry(models.Model):
    # one class per concern (answers to emails) keeps the entry model readable
    _inherit = "crm.interaction.log.entry"  # pylint: disable=consider-merging-classes-inherited

    reply_to_entry_id = fields.Many2one(
        "crm.interaction.log.entry",
        string="In Answer To",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The interaction whose email this one answers (a reply, an "
        "unsubscription).",
    )
    reply_entry_ids = fields.One2many(
        "crm.interaction.log.entry", "reply_to_entry_id", string="Answers"
    )
    unsubscribe_url = fields.Char(
        string="Unsubscribe Link",
        compute="_compute_unsubscribe_url",
        help="Link that unsubscribes the contact from interaction emails "
        "(placeholder {{ object.unsubscribe_url }} of templates).",
    )

    def _compute_unsubscribe_url(self):
        for entry in self:
            entry.unsubscribe_url = (
                f"{entry.get_base_url()}{UNSUBSCRIBE_ROUTE}/"
                f"{entry._get_unsubscribe_token()}"
                if isinstance(entry.id, int)
                else False
            )

    # ------------------------------------------------------------
    # UNSUBSCRIBE
    # ------------------------------------------------------------

    def _get_unsubscribe_token(self):
        """The entry's id and its signature: the link can be made by nobody
        but the database (``odoo.tools.hmac``, the database secret)."""
        self.ensure_one()
        return f"{self.id}-{hmac(self.env(su=True), UNSUBSCRIBE_SCOPE, self.id)}"

    @api.model
    def _get_entry_from_unsubscribe_token(self, token):
        """The entry an unsubscribe token was made for (as superuser), or an
        empty recordset when the token is not one the database signed."""
        entry_id, _sep, signature = (token or "").partition("-")
        if not entry_id.isdigit() or not signature:
            return self.sudo().browse()
        expected = hmac(self.env(su=True), UNSUBSCRIBE_SCOPE, int(entry_id))
        if not consteq(signature, expected):
            return self.sudo().browse()
        return self.sudo().browse(int(entry_id)).exists()

    def _unsubscribe_headers(self):
        """Headers of a segment email (RFC 2369 and RFC 8058): mailbox
        providers show an Unsubscribe button that posts to the link."""
        self.ensure_one()
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    def _unsubscribe_contact(self):
        """The contact of this entry asked to receive no more interaction
        emails: blacklist its address (Odoo's ``mail.blacklist``, which every
        later email and segment respects) and log an inbound entry with the
        company's unsubscribe template, once.

        :return: the blacklisted address (empty when the contact has none)
        """
        self.ensure_one()
        entry = self.sudo()
        email = entry.partner_id.email_normalized
        if not email:
            return ""
        entry.env["mail.blacklist"]._add(
            email,
            message=entry.env._(
                "Unsubscribed with the link of the interaction email %(entry)s.",
                entry=entry.display_name,
            ),
        )
        template = entry.company_id.interaction_unsubscribe_template_id
        if template and not entry.reply_entry_ids.filtered(
            lambda e: e.template_id == template
        ):
            entry._log_answer(template, entry.partner_id)
        return email

    # ------------------------------------------------------------
    # REPLIES
    # ------------------------------------------------------------

    def _answer_values(self, template, partner, **values):
        """Values of the inbound entry answering this one: its company,
        opportunity and campaign; a response to the campaign."""
        self.ensure_one()
        return {
            "template_id": template.id,
            "partner_id": partner.id,
            "reply_to_entry_id": self.id,
            "company_id": self.company_id.id,
            "lead_id": self.lead_id.id,
            "campaign_id": self.campaign_id.id,
            "campaign_response": bool(self.campaign_id) or template.campaign_response,
            "user_id": self.user_id.id,
            "date": fields.Datetime.now(),
            **values,
        }

    def _log_answer(self, template, partner, **values):
        """Log the inbound entry answering this one."""
        return self._create_system_entries(
            [self._answer_values(template, partner, **values)]
        )

    @api.model
    def _log_replies(self, messages):
        """Log the replies among ``messages`` (emails the gateway posted on
        interaction entries): one inbound entry each, for the answered
        entry's contact (or one of its company's people who wrote), with the
        company's reply template. A message logged already is not logged
        again; replies from someone else are left to the entry's chatter.

        :return: the created entries
        """
        Entry = self.sudo()
        done = set(
            Entry.with_context(active_test=False)
            .search([("mail_message_id", "in", messages.ids)])
            .mail_message_id.ids
        )
        vals_list = []
        for message in messages:
            if message.id in done or message.model != self._name:
                continue
            answered = Entry.browse(message.res_id).exists()
            company = answered.company_id
            template = company.interaction_reply_template_id
            if not answered or not company.interaction_log_replies or not template:
                continue
            partner = self._get_reply_partner(answered, message)
            if not partner:
                _logger.info(
                    "Reply to interaction %s not logged: its author %s is not the "
                    "interaction's contact or one of its company's people",
                    answered.id,
                    message.email_from,
                )
                continue
            vals_list.append(
                answered._answer_values(
                    template,
                    partner,
                    subject=message.subject,
                    date=message.date,
                    mail_message_id=message.id,
                )
            )
        return self._create_system_entries(vals_list)

    @api.model
    def _get_reply_partner(self, answered, message):
        """The contact a reply is from: the answered entry's contact, or a
        person of the same company who wrote it."""
        contact = answered.partner_id
        author = message.author_id
        if not author:
            email = email_normalize(message.email_from)
            if email and contact.email_normalized == email:
                return contact
            return self.env["res.partner"]
        if author == contact or (
            author.commercial_partner_id == contact.commercial_partner_id
            and not author.user_ids.filtered(lambda user: not user.share)
        ):
            return author
        return self.env["res.partner"]
