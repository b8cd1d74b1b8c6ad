import logging

from odoo import api, fields, models, tools

from .compat import Constraint
from .crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH
from .crm_interaction_template import TEMPLATE_DEFAULTS

_logger = logging.getLogger(__name__)

EVENTS = [
    ("email_sent", "Email sent"),
    ("email_received", "Email received"),
    ("report_printed", "Report printed"),
]
# the fields automatic logging reads on templates and contacts
TEMPLATE_FETCH = [
    "name",
    "company_id",
    "campaign_id",
    "correspondence_type",
    "ignore_contact_correspondence_type",
    *TEMPLATE_DEFAULTS.values(),
]
# company_id for the entry's company check, the privacy flag for the check
# of system-made entries: read here, they fetch no wide contact row later
PARTNER_FETCH = [
    "commercial_partner_id",
    "user_id",
    "interaction_correspondence_type",
    "company_id",
    "interaction_privacy_blocked",
]
# headers an automatic reply (out of office, ticket robots...) carries
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
AUTO_PRECEDENCE = ("auto_reply", "bulk", "junk")


class CrmInteractionAutoRule(models.Model):
    """Automatic logging: when an email is sent from a document of the rule's
    model, or its report is printed, an interaction is logged for the
    document's contact with the rule's template (Business Central's
    Interaction Template Setup, for any model)."""

    _name = "crm.interaction.auto.rule"
    _description = "Automatic Interaction Logging Rule"
    _order = "model_id, event, id"
    _check_company_auto = True

    model_id = fields.Many2one(
        "ir.model",
        string="Document Model",
        required=True,
        ondelete="cascade",
        domain="[('transient', '=', False), '|', ('is_mail_thread', '=', True), "
        "('field_id.name', '=', 'partner_id')]",
        help="Documents with a chatter or a contact (partner) field.",
    )
    model = fields.Char(related="model_id.model", store=True, index=True)
    event = fields.Selection(EVENTS, required=True, default="email_sent")
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        ondelete="cascade",
        help="Leave empty to log the documents of every company.",
    )

    _model_event_company_uniq = Constraint(
        "UNIQUE (model_id, event, company_id)",
        "There is already a rule for this document model and event.",
    )

    @api.depends("model_id", "event", "template_id")
    def _compute_display_name(self):
        events = dict(self._fields["event"]._description_selection(self.env))
        for rule in self:
            rule.display_name = (
                f"{rule.model_id.name or ''}: {events.get(rule.event, '')}"
            )

    # ------------------------------------------------------------
    # CACHE
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("model_name", "event")
    def _get_rule_ids(self, model_name, event):
        """Active rules of a model and event, cached: sending an email or
        printing costs nothing more when no rule exists."""
        return tuple(
            self.sudo().search([("model", "=", model_name), ("event", "=", event)]).ids
        )

    # ------------------------------------------------------------
    # LOGGING
    # ------------------------------------------------------------

    @api.model
    def _log_documents(self, records, event, recipients=None, message=None):
        """Log an interaction for each document of ``records`` matching an
        active rule of ``event``.

        :param records: documents (any model)
        :param str event: ``email_sent`` or ``report_printed``
        :param recipients: partners the email went to, used when a document
            has no partner of its own
        :param message: the ``mail.message`` sent, if any: its subject becomes
            the entry's subject and the entry remembers it
        :return: the created log entries
        """
        Entry = self.env["crm.interaction.log.entry"]
        if not records or not self._get_rule_ids(records._name, event):
            return Entry
        rules = self.sudo().browse(self._get_rule_ids(records._name, event))
        vals_list = []
        for record in records:
            rule = self._find_rule(rules, record)
            if not rule:
                continue
            partners = self._get_document_partners(record, recipients)
            if not partners:
                self._warn_no_contact(
                    record,
                    dict(EVENTS)[event],
                    "the email had no recipient"
                    if event == "email_sent"
                    else "a printed report has no recipient",
                )
                continue
            extra = {}
            if message:
                extra = {
                    "subject": message.subject or record.display_name,
                    "mail_message_id": message.id,
                }
            vals_list += [
                self._prepare_document_entry_values(
                    rule.template_id, record, partner, **extra
                )
                for partner in partners
            ]
        return self.env["crm.interaction.log.entry"]._create_system_entries(vals_list)

    @api.model
    def _log_with_template(self, records, template, partner_field=None, **values):
        """Log an interaction with ``template`` for the contact of each of
        ``records`` (the "Log Interaction" server action, done activities).

        :param partner_field: name of a Many2one to ``res.partner`` giving the
            contact; by default the document's contact (``partner_id``)
        :param values: extra entry values (salesperson, comments...)
        :return: the created log entries
        """
        return self.env["crm.interaction.log.entry"]._create_system_entries(
            self._prepare_with_template(records, template, partner_field, **values)
        )

    @api.model
    def _prepare_with_template(self, records, template, partner_field=None, **values):
        """Entry values of ``_log_with_template`` (a document without contact
        is reported at warning level and left out)."""
        vals_list = []
        for record in records:
            if partner_field:
                partners = record[partner_field]
            else:
                partners = self._get_document_partners(record, None)
            if not partners:
                self._warn_no_contact(
                    record,
                    template.name,
                    f"its field {partner_field} is empty"
                    if partner_field
                    else "nothing else gives one",
                )
                continue
            vals_list += [
                self._prepare_document_entry_values(template, record, p, **values)
                for p in partners
            ]
        return vals_list

    @api.model
    def _find_rule(self, rules, record):
        """The rule of ``rules`` applying to the company of ``record``."""
        company = record.company_id if "company_id" in record._fields else None
        company = company or self.env.company
        return next(
            (r for r in rules if not r.company_id or r.company_id == company),
            None,
        )

    @api.model
    def _warn_no_contact(self, record, what, reason):
        _logger.warning(
            "Interaction not logged for %s (%s, id %s) on %s: the document "
            "has no contact (no partner_id) and %s",
            record.display_name,
            record._name,
            record.id,
            what,
            reason,
        )

    @api.model
    def _get_document_lead(self, record):
        """The opportunity of a document: itself, or its link to one."""
        if record._name == "crm.lead":
            return record
        for fname in ("opportunity_id", "lead_id"):
            field = record._fields.get(fname)
            if field and field.type == "many2one" and field.comodel_name == "crm.lead":
                return record[fname]
        return self.env["crm.lead"]

    @api.model
    def _prepare_document_entry_values(self, template, record, partner, **values):
        """Values of an entry logged with ``template`` for ``partner`` about the
        document ``record``: salesperson (the document's), opportunity and
        campaign (the template's, else the document's or its opportunity's)."""
        # only the columns needed (a contact or template row is wide)
        template.fetch(TEMPLATE_FETCH)
        partner.fetch(PARTNER_FETCH)
        company = record.company_id if "company_id" in record._fields else None
        company = company or self.env.company
        # the document's salesperson (an internal user, as the entry's
        # salesperson must be), else the entries' fallback
        user = record.user_id if "user_id" in record._fields else None
        if not user or user._name != "res.users" or user.share:
            user = self.env["crm.interaction.log.entry"]._get_fallback_salesperson(
                partner
            )
        lead = self._get_document_lead(record)
        customer = lead.partner_id.commercial_partner_id
        if customer and partner.commercial_partner_id != customer:
            # someone else than the opportunity's customer (another attendee,
            # a recipient in copy): the interaction does not count for it
            lead = lead.browse()
        campaign = record.campaign_id if "campaign_id" in record._fields else None
        if not campaign or campaign._name != "utm.campaign":
            campaign = lead.campaign_id
        vals = {
            "template_id": template.id,
            "partner_id": partner.id,
            "user_id": user.id,
            "description": f"{template.name}: {record.display_name}"[
                :DESCRIPTION_MAX_LENGTH
            ],
            "date": fields.Datetime.now(),
            "state": "logged",
            "res_model": record._name,
            "res_id": record.id,
            "company_id": (template.company_id or company).id,
            "lead_id": lead.id,
            "campaign_id": (template.campaign_id or campaign).id,
            # every template default given: nothing left to compute at flush
            "commercial_partner_id": partner.commercial_partner_id.id,
            "correspondence_type": template._get_correspondence_type(partner),
            **{
                fname: template[template_fname].id
                if fname == "group_id"
                else template[template_fname]
                for fname, template_fname in TEMPLATE_DEFAULTS.items()
            },
        }
        vals.update(values)
        return vals

    # ------------------------------------------------------------
    # INCOMING EMAIL
    # ------------------------------------------------------------

    @api.model
    def _is_auto_reply(self, email_message):
        """Whether a raw incoming email is an automatic reply (out of office,
        ticket robots, bulk mail) rather than a person writing."""
        if email_message is None:
            return False
        auto_submitted = (email_message.get("Auto-Submitted") or "").strip().lower()
        if auto_submitted and auto_submitted != "no":
            return True
        if any(email_message.get(header) for header in AUTO_REPLY_HEADERS):
            return True
        precedence = (email_message.get("Precedence") or "").strip().lower()
        return precedence in AUTO_PRECEDENCE

    @api.model
    def _log_incoming_messages(self, messages):
        """Log an inbound interaction for each incoming email of ``messages``
        (``mail.message`` created by the mail gateway) posted on a document of
        a model with an active ``email_received`` rule, written by an external
        contact. An email is logged once, even when routed to several
        documents.

        :return: the created log entries
        """
        Entry = self.env["crm.interaction.log.entry"]
        candidates = []
        for message in messages.sudo():
            if not (
                message.message_type == "email"
                and message.model
                and message.res_id
                and message.model in self.env
            ):
                continue
            rule_ids = self._get_rule_ids(message.model, "email_received")
            if not rule_ids:
                continue
            record = self.env[message.model].sudo().browse(message.res_id)
            rule = self._find_rule(self.sudo().browse(rule_ids), record)
            if rule:
                candidates.append((message, record, rule))
        if not candidates:
            return Entry
        # an email routed to several documents is logged once
        message_ids = [message.id for message, _record, _rule in candidates]
        references = [m.message_id for m, _r, _rule in candidates if m.message_id]
        # two indexed look-ups (an OR through the message table would scan
        # every entry)
        same_emails = (
            self.env["mail.message"]
            .sudo()
            .search([("message_id", "in", references)])
            .ids
            if references
            else []
        )
        known = Entry.sudo().search(
            [("mail_message_id", "in", list({*message_ids, *same_emails}))]
        )
        done_ids = set(known.mail_message_id.ids)
        done_references = set(known.mail_message_id.mapped("message_id"))
        vals_list = []
        for message, record, rule in candidates:
            if message.id in done_ids or message.message_id in done_references:
                continue
            author = message.author_id
            if not author:
                self._warn_unknown_sender(record, message)
                continue
            if not author.partner_share:
                continue  # an internal user's mail is not an interaction
            vals_list.append(
                self._prepare_document_entry_values(
                    rule.template_id,
                    record,
                    author,
                    subject=message.subject or record.display_name,
                    mail_message_id=message.id,
                    information_flow="inbound",
                    initiated_by="them",
                    date=message.date or fields.Datetime.now(),
                )
            )
            done_ids.add(message.id)
            if message.message_id:
                done_references.add(message.message_id)
        return self.env["crm.interaction.log.entry"]._create_system_entries(vals_list)

    @api.model
    def _warn_unknown_sender(self, record, message):
        _logger.warning(
            "Interaction not logged for %s (%s, id %s) on Email received: the "
            "sender %s is not a known contact",
            record.display_name,
            record._name,
            record.id,
            message.email_from,
        )

    @api.model
    def _get_document_partners(self, record, recipients):
        if record._name == "res.partner":
            return record
        partner = (
            record.partner_id
            if "partner_id" in record._fields
            and record._fields["partner_id"].comodel_name == "res.partner"
            else None
        )
        if partner:
            return partner
        return recipients or self.env["res.partner"]
