"""The logging address (Business Central's Email Logging).

Salespeople write most customer email in Outlook or Gmail. A copy of each such
message sent to the logging address (``interactions@<alias domain>``: a Bcc, a
shared mailbox forwarding to it, or an Incoming Mail Server reading a shared
mailbox into this model) logs one interaction for every known external contact
among its From, To and Cc, with the message itself in the entry's chatter.

What is not logged never bounces and never fails the gateway: messages marked
private, automatic replies, messages from privacy-blocked contacts, emails
already logged (same Message-Id) and emails without any known contact (those
are listed in *Emails Not Logged* for their sender).
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.mail import email_normalize, email_split, unfold_references

from .compat import gateway_post_values
from .crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH

_logger = logging.getLogger(__name__)

ENTRY_MODEL = "crm.interaction.log.entry"
# Sensitivity header values (RFC 2156, Outlook) that keep a message out of the log
PRIVATE_SENSITIVITY = {"private", "personal", "confidential", "company-confidential"}
# keys of the parsed message that are not mail.message values (as the gateway)
NOT_MESSAGE_KEYS = (
    "from",
    "to",
    "cc",
    "recipients",
    "references",
    "in_reply_to",
    "x_odoo_message_id",
    "is_bounce",
    "bounced_email",
    "bounced_message",
    "bounced_msg_ids",
    "bounced_partner",
    "parent_id",
    "partner_ids",
    "is_internal",
)


def is_logging_route(route):
    """A gateway route creating entries: the logging address, or an Incoming
    Mail Server creating records of the entry model. (A reply to an email in
    an entry's chatter is routed onto that entry, where it is logged as an
    answer: ``_log_replies``.)"""
    return route[0] == ENTRY_MODEL and not route[1]


class CrmInteractionLogEntry(models.Model):
    _inherit = "crm.interaction.log.entry"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # GATEWAY
    # ------------------------------------------------------------

    @api.model
    def _logging_address_skip_reason(self, message):
        """Why the raw email ``message`` is not logged at all, before looking
        at its addresses: ``private`` or ``auto_reply``; else False."""
        sensitivity = (message.get("Sensitivity") or "").strip().lower()
        if sensitivity in PRIVATE_SENSITIVITY:
            return "private"
        if self.env["crm.interaction.auto.rule"]._is_auto_reply(message):
            return "auto_reply"
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email reaching the logging address: log it once for every known
        external contact among its From, To and Cc (outbound with the sender
        as salesperson when an internal user wrote it, inbound otherwise), and
        keep the message in each entry's chatter.

        Unlike the default ``message_new``, an email may create no entry at
        all (nothing known, privacy-blocked, already logged): the gateway is
        then done with it, nothing bounces.

        :return: the created entries (possibly none)
        """
        if not self.env.su:
            # the gateway runs it as superuser; a user (RPC) must not make
            # system entries out of a hand-made email
            raise AccessError(
                self.env._(
                    "Only the mail gateway logs the emails of the logging address."
                )
            )
        Entry = self.sudo()
        message_id = msg_dict.get("message_id")
        sender_email = email_normalize(msg_dict.get("email_from") or "")
        addresses = self._logging_address_addresses(msg_dict)
        partners_by_email = self._logging_address_partners(addresses)
        users_by_email = {
            email: partner.user_ids.filtered(lambda u: not u.share)[:1]
            for email, partner in partners_by_email.items()
        }
        sender = partners_by_email.get(sender_email)
        sender_user = users_by_email.get(sender_email)
        internal_users = [users_by_email[e] for e in addresses if users_by_email.get(e)]
        company = self._logging_address_company(msg_dict, internal_users, custom_values)
        if (
            sender
            and not sender_user
            and "interaction_privacy_blocked" in sender._fields
            and sender.interaction_privacy_blocked
        ):
            _logger.info(
                "Logging address: email %s not logged, its sender is a "
                "privacy-blocked contact",
                message_id,
            )
            return Entry
        contacts = self.env["res.partner"]
        for email in addresses:
            partner = partners_by_email.get(email)
            if (
                partner
                and not users_by_email[email]
                and partner.company_id in (company, self.env["res.company"])
                and not (
                    "interaction_privacy_blocked" in partner._fields
                    and partner.interaction_privacy_blocked
                )
            ):
                contacts |= partner
        if not contacts:
            unknown = [
                email
                for email in addresses
                if email not in partners_by_email
                and not self._logging_address_is_own(email)
            ]
            if unknown:
                # listed for the colleague who wrote it, else received it
                self.env["crm.interaction.unlogged.email"]._record(
                    msg_dict, company, (internal_users or [None])[0], unknown
                )
            return Entry
        # an email is logged once per contact, whichever path logged it first
        logged = (
            Entry.with_context(active_test=False)
            .search(
                [
                    ("mail_message_id.message_id", "=", message_id),
                    ("partner_id", "in", contacts.ids),
                ]
            )
            .partner_id
            if message_id
            else contacts.browse()
        )
        contacts -= logged
        template = company.sudo().interaction_logged_email_template_id
        if not contacts or not template:
            if not template:
                _logger.info(
                    "Logging address: email %s not logged, the company %s has "
                    "no logged email template",
                    message_id,
                    company.name,
                )
            return Entry
        recipient_users = [
            users_by_email[email]
            for email in addresses
            if users_by_email.get(email) and email != sender_email
        ]
        outbound = bool(sender_user)
        leads = self._logging_address_leads(contacts, company)
        answered = self._logging_address_answered_entries(msg_dict, contacts)
        subject = (msg_dict.get("subject") or "").strip()
        date = msg_dict.get("date") or fields.Datetime.now()
        vals_list = []
        for contact in contacts:
            lead = leads.get(contact.id, self.env["crm.lead"])
            user = sender_user if outbound else None
            user = user or contact.user_id or (recipient_users or [None])[0]
            vals = {
                "template_id": template.id,
                "partner_id": contact.id,
                "company_id": company.id,
                "date": date,
                "state": "logged",
                "subject": subject,
                "description": (subject or template.name)[:DESCRIPTION_MAX_LENGTH],
                "information_flow": "outbound" if outbound else "inbound",
                "initiated_by": "us" if outbound else "them",
                "correspondence_type": "none",
                "lead_id": lead.id,
                "campaign_id": (template.campaign_id or lead.campaign_id).id,
            }
            answered_entry = answered.get(contact.id)
            if answered_entry:
                # an answer to an interaction that was not routed onto it
                # (written to the logging address itself): answering it, with
                # its opportunity and campaign (a campaign response)
                if answered_entry.lead_id.company_id in (company, lead.company_id):
                    vals["lead_id"] = answered_entry.lead_id.id or lead.id
                vals["campaign_id"] = (
                    answered_entry.campaign_id.id or vals["campaign_id"]
                )
                vals["reply_to_entry_id"] = answered_entry.id
                vals["campaign_response"] = (
                    bool(vals["campaign_id"]) or template.campaign_response
                )
            if user and not user.share:
                vals["user_id"] = user.id
            vals_list.append(vals)
        entries = Entry._create_system_entries(vals_list)
        entries._logging_address_post(msg_dict)
        return entries

    def _logging_address_post(self, msg_dict):
        """Post the email in the chatter of each of these new entries, as the
        gateway posts it on a record it creates, and link it to the entry."""
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        post_params = gateway_post_values(msg_dict, NOT_MESSAGE_KEYS)
        post_params["subtype_id"] = subtype_id
        recipients = msg_dict.get("partner_ids") or []
        root = self.env.ref("base.user_root")
        for entry in self:
            message = (
                entry.with_user(root)
                .with_context(from_alias=True, mail_create_nosubscribe=True)
                .message_post(**post_params)
            )
            if recipients:
                # after posting, as the gateway does: nobody is notified
                message.sudo().write({"partner_ids": recipients})
            entry.sudo()._write_protected(
                {
                    "mail_message_id": message.id,
                    "attachment_ids": [fields.Command.set(message.attachment_ids.ids)],
                }
            )

    # ------------------------------------------------------------
    # SETTINGS
    # ------------------------------------------------------------

    @api.model
    def _get_logging_alias(self, company=None):
        """The logging address of ``company`` (the current one by default):
        the alias of the entry model on its alias domain."""
        company = company or self.env.company
        return (
            self.env["mail.alias"]
            .sudo()
            .search(
                [
                    ("alias_model_id.model", "=", ENTRY_MODEL),
                    ("alias_force_thread_id", "=", False),
                    ("alias_domain_id", "=", company.alias_domain_id.id),
                ],
                order="id",
                limit=1,
            )
        )

    @api.model
    def _set_logging_alias(self, name, company=None):
        """Set the logging address of ``company`` (CRM settings): rename,
        create or (``name`` empty) remove its alias."""
        company = company or self.env.company
        alias = self._get_logging_alias(company)
        name = (name or "").strip()
        if not name:
            alias.unlink()
        elif not alias:
            self.env["mail.alias"].sudo().create(
                {
                    "alias_name": name,
                    "alias_model_id": self.env["ir.model"]._get_id(ENTRY_MODEL),
                    "alias_domain_id": company.alias_domain_id.id,
                    "alias_contact": "everyone",
                }
            )
        elif alias.alias_name != name:
            alias.alias_name = name

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    @api.model
    def _logging_address_addresses(self, msg_dict):
        """The normalized addresses of From, To and Cc, sender first, each
        once (Delivered-To, which the gateway adds to ``to``, is the mailbox
        the copy went to, not a participant: aliases are left out later)."""
        seen = []
        for header in ("email_from", "to", "cc"):
            for email in email_split(msg_dict.get(header) or ""):
                email = email_normalize(email)
                if email and email not in seen:
                    seen.append(email)
        return seen

    @api.model
    def _logging_address_partners(self, emails):
        """The contact of each address: an internal user's partner first,
        else the oldest contact with that address; the companies' own
        partners (info@ of the company) are not contacts."""
        if not emails:
            return {}
        Partner = self.env["res.partner"].sudo()
        partners = Partner.search(
            [("email_normalized", "in", emails)], order="id"
        ).filtered(lambda p: p.email_normalized in emails)
        own = set(
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
            .partner_id.ids
        )
        result = {}
        for partner in partners:
            if partner.id in own:
                continue
            email = partner.email_normalized
            current = result.get(email)
            internal = any(not u.share for u in partner.user_ids)
            if not current or (
                internal and not any(not u.share for u in current.user_ids)
            ):
                result[email] = partner
        return result

    @api.model
    def _logging_address_is_own(self, email):
        """An address of this database: an alias, a catchall or bounce."""
        local, _at, domain = email.partition("@")
        domains = self.env["mail.alias.domain"].sudo().search([("name", "=", domain)])
        if not domains:
            return False
        if local in (
            set(domains.mapped("catchall_alias")) | set(domains.mapped("bounce_alias"))
        ):
            return True
        return bool(
            self.env["mail.alias"]
            .sudo()
            .search_count([("alias_full_name", "=", email)], limit=1)
        )

    @api.model
    def _logging_address_company(self, msg_dict, users, custom_values=None):
        """The company of a logged email: given by the alias (its defaults),
        else the one of the alias domain the copy was sent to; when several
        companies share that domain (or none has it), the company of the
        internal users of the email (the sender first), else the gateway's.

        :param users: the internal users among the addresses, sender first
        """
        Company = self.env["res.company"].sudo()
        if custom_values and custom_values.get("company_id"):
            return Company.browse(custom_values["company_id"])
        domains = {
            email.partition("@")[2].lower()
            for email in email_split(msg_dict.get("recipients") or "")
        } - {""}
        companies = (
            Company.search([("alias_domain_id.name", "in", list(domains))])
            if domains
            else Company
        )
        if len(companies) == 1:
            return companies
        preferred = [*(user.company_id for user in users), self.env.company]
        for company in preferred:
            if not companies or company in companies:
                return company
        return companies[0]

    @api.model
    def _logging_address_answered_entries(self, msg_dict, contacts):
        """The entries of ``contacts`` whose email this one answers (by its
        References), newest first: {contact id: entry}."""
        references = unfold_references(
            msg_dict.get("references") or msg_dict.get("in_reply_to") or ""
        )
        references = [r.strip() for r in references if r.strip()][-32:]
        if not references:
            return {}
        entries = self.sudo().search(
            [
                ("mail_message_id.message_id", "in", references),
                ("partner_id", "in", contacts.ids),
                ("state", "=", "logged"),
            ],
            order="id desc",
        )
        result = {}
        for entry in entries:
            result.setdefault(entry.partner_id.id, entry)
        return result

    @api.model
    def _logging_address_leads(self, contacts, company):
        """The open opportunity of each contact when it has exactly one (its
        own, else its company's)."""
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                    (
                        "partner_id",
                        "in",
                        (contacts | contacts.commercial_partner_id).ids,
                    ),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        )
        by_partner = {}
        for lead in leads:
            by_partner.setdefault(lead.partner_id.id, []).append(lead)
        result = {}
        for contact in contacts:
            own = by_partner.get(contact.id) or by_partner.get(
                contact.commercial_partner_id.id, []
            )
            if len(own) == 1:
                result[contact.id] = own[0]
        return result
