from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from ..models.crm_interaction_log_entry import EVALUATION


class CrmInteractionSegmentAddContacts(models.TransientModel):
    """Add contacts to a segment: every contact matching a domain, or the
    audience of a past logged segment."""

    _name = "crm.interaction.segment.add.contacts"
    _description = "Add Contacts to a Segment"

    segment_id = fields.Many2one(
        "crm.interaction.segment", required=True, ondelete="cascade"
    )
    source = fields.Selection(
        [
            ("domain", "Contacts matching a filter"),
            ("logged", "A logged segment"),
            ("history", "Interaction history"),
        ],
        default="domain",
        required=True,
    )
    partner_domain = fields.Char(string="Filter", default="[]")
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        string="Reuse the Contacts of",
        ondelete="cascade",
    )
    # interaction history source
    history_mode = fields.Selection(
        [
            ("with", "Contacts with such interactions"),
            ("without", "Contacts without such interactions"),
        ],
        string="Contacts",
        default="with",
        required=True,
    )
    history_template_ids = fields.Many2many(
        "crm.interaction.template",
        "crm_interaction_add_contacts_template_rel",
        "wizard_id",
        "template_id",
        string="Interaction Templates",
    )
    history_group_ids = fields.Many2many(
        "crm.interaction.group",
        "crm_interaction_add_contacts_group_rel",
        "wizard_id",
        "group_id",
        string="Interaction Groups",
    )
    history_campaign_ids = fields.Many2many(
        "utm.campaign",
        "crm_interaction_add_contacts_campaign_rel",
        "wizard_id",
        "campaign_id",
        string="Campaigns",
    )
    history_evaluation = fields.Selection(EVALUATION, string="Evaluation")
    history_date_from = fields.Date(string="Interactions From")
    history_date_to = fields.Date(string="Interactions To")
    history_expand_company = fields.Boolean(
        string="Expand to the Company's People",
        help="Take every contact of a company that has a matching interaction, "
        "not only the contacts the interactions were logged for.",
    )
    partner_count = fields.Integer(
        string="Matching Contacts", compute="_compute_partner_count"
    )

    def _get_partners(self):
        self.ensure_one()
        if self.source == "history":
            return self._get_history_partners()
        if self.source == "logged":
            if not self.logged_segment_id:
                return self.env["res.partner"]
            return self.logged_segment_id.entry_ids.partner_id
        try:
            domain = safe_eval(self.partner_domain or "[]")
        except Exception as exc:
            raise UserError(
                self.env._("The contact filter is not valid: %(error)s", error=exc)
            ) from exc
        return self.env["res.partner"].search(domain)

    def _get_history_entry_domain(self):
        self.ensure_one()
        domain = [("state", "=", "logged")]
        if self.history_template_ids:
            domain.append(("template_id", "in", self.history_template_ids.ids))
        if self.history_group_ids:
            domain.append(("group_id", "in", self.history_group_ids.ids))
        if self.history_campaign_ids:
            domain.append(("campaign_id", "in", self.history_campaign_ids.ids))
        if self.history_evaluation:
            domain.append(("evaluation", "=", self.history_evaluation))
        if self.history_date_from:
            domain.append(("date", ">=", self.history_date_from))
        if self.history_date_to:
            domain.append(("date", "<", self.history_date_to + timedelta(days=1)))
        return domain

    def _get_history_partners(self):
        """Contacts with (or without) logged interactions matching the
        history criteria, among the interactions the user may see; with
        the company's people when expanded. One query."""
        self.ensure_one()
        Entry = self.env["crm.interaction.log.entry"]
        entry_field, partner_field = (
            ("commercial_partner_id", "commercial_partner_id")
            if self.history_expand_company
            else ("partner_id", "id")
        )
        query = Entry._search(
            [*self._get_history_entry_domain(), (entry_field, "!=", False)]
        )
        matching = query.subselect(Entry._field_to_sql(query.table, entry_field, query))
        operator = "in" if self.history_mode == "with" else "not in"
        return self.env["res.partner"].search([(partner_field, operator, matching)])

    @api.depends(
        "source",
        "partner_domain",
        "logged_segment_id",
        "history_mode",
        "history_template_ids",
        "history_group_ids",
        "history_campaign_ids",
        "history_evaluation",
        "history_date_from",
        "history_date_to",
        "history_expand_company",
    )
    def _compute_partner_count(self):
        for wizard in self:
            try:
                wizard.partner_count = len(wizard._get_partners())
            except UserError:
                wizard.partner_count = 0

    def action_add(self):
        self.ensure_one()
        segment = self.segment_id
        segment._check_not_logged()
        partners = self._get_partners() - segment.line_ids.partner_id
        self.env["crm.interaction.segment.line"].create(
            [{"segment_id": segment.id, "partner_id": pid} for pid in partners.ids]
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s contacts added to the segment %(name)s.",
                    count=len(partners),
                    name=segment.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_remove(self):
        """Remove from the segment the contacts matching the criteria."""
        self.ensure_one()
        segment = self.segment_id
        segment._check_not_logged()
        partners = self._get_partners()
        lines = segment.line_ids.filtered(lambda line: line.partner_id in partners)
        count = len(lines)
        lines.unlink()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s contacts removed from the segment %(name)s.",
                    count=count,
                    name=segment.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
