import logging

from odoo import api, fields, models, tools

_logger = logging.getLogger(__name__)

EVENTS = [("email_sent", "Email sent"), ("report_printed", "Report printed")]


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

    _sql_constraints = [
        (
            "model_event_company_uniq",
            "unique (model_id, event, company_id)",
            "There is already a rule for this document model and event.",
        ),
    ]

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
    def _log_documents(self, records, event, recipients=None):
        """Log an interaction for each document of ``records`` matching an
        active rule of ``event``.

        :param records: documents (any model)
        :param str event: ``email_sent`` or ``report_printed``
        :param recipients: partners the email went to, used when a document
            has no partner of its own
        :return: the created log entries
        """
        Entry = self.env["crm.interaction.log.entry"]
        if not records or not self._get_rule_ids(records._name, event):
            return Entry
        rules = self.sudo().browse(self._get_rule_ids(records._name, event))
        vals_list = []
        for record in records:
            company = record.company_id if "company_id" in record._fields else None
            company = company or self.env.company
            rule = next(
                (r for r in rules if not r.company_id or r.company_id == company),
                None,
            )
            if not rule:
                continue
            partners = self._get_document_partners(record, recipients)
            if not partners:
                _logger.warning(
                    "Interaction not logged for %s (%s, id %s) on %s: the document "
                    "has no contact (no partner_id) and %s",
                    record.display_name,
                    record._name,
                    record.id,
                    dict(EVENTS)[event],
                    "the email had no recipient"
                    if event == "email_sent"
                    else "a printed report has no recipient",
                )
                continue
            user = record.user_id if "user_id" in record._fields else None
            if not user or user._name != "res.users":
                user = self.env.user
            template = rule.template_id
            for partner in partners:
                vals_list.append(
                    {
                        "template_id": template.id,
                        "partner_id": partner.id,
                        "user_id": user.id,
                        "description": f"{template.name}: {record.display_name}"[:250],
                        "date": fields.Datetime.now(),
                        "state": "logged",
                        "res_model": record._name,
                        "res_id": record.id,
                        "company_id": (template.company_id or company).id,
                    }
                )
        if not vals_list:
            return Entry
        return (
            Entry.sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
            .create(vals_list)
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
