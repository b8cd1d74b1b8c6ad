from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_interaction_template import (
    CORRESPONDENCE_TYPE,
    INFORMATION_FLOW,
    INITIATED_BY,
    MAX_COST,
    MAX_COST_TEXT,
    MAX_DURATION,
    MAX_DURATION_TEXT,
    template_default_compute,
)


class CrmInteractionValuesMixin(models.AbstractModel):
    """The values an interaction takes from its template: direction, who
    initiated it, delivery, cost, duration and campaign.

    Shared by log entries, the Create Interaction wizard, segments and
    segment lines. Each model declares its own ``template_id`` and
    ``currency_id``; every value follows the template (stored, editable) until
    it is given or changed, and a model may override a compute (segment lines
    follow their segment's header instead).
    """

    _name = "crm.interaction.values.mixin"
    _description = "Interaction Template Values"

    # each model relates it to its company's currency
    currency_id = fields.Many2one("res.currency")
    # each model has its own defaults; always an internal user
    user_id = fields.Many2one(
        "res.users", string="Salesperson", domain="[('share', '=', False)]"
    )
    information_flow = fields.Selection(
        INFORMATION_FLOW,
        compute="_compute_information_flow",
        store=True,
        readonly=False,
    )
    initiated_by = fields.Selection(
        INITIATED_BY, compute="_compute_initiated_by", store=True, readonly=False
    )
    correspondence_type = fields.Selection(
        CORRESPONDENCE_TYPE,
        compute="_compute_correspondence_type",
        store=True,
        readonly=False,
    )
    cost = fields.Monetary(
        compute="_compute_cost",
        store=True,
        readonly=False,
        currency_field="currency_id",
    )
    duration = fields.Integer(
        string="Duration (Min.)",
        compute="_compute_duration",
        store=True,
        readonly=False,
    )
    campaign_id = fields.Many2one(
        "utm.campaign",
        compute="_compute_campaign_id",
        store=True,
        readonly=False,
        ondelete="set null",
    )
    campaign_target = fields.Boolean(
        compute="_compute_campaign_target", store=True, readonly=False
    )
    campaign_response = fields.Boolean(
        compute="_compute_campaign_response", store=True, readonly=False
    )

    _compute_information_flow = template_default_compute("information_flow")
    _compute_initiated_by = template_default_compute("initiated_by")
    _compute_cost = template_default_compute("cost")
    _compute_duration = template_default_compute("duration")
    _compute_campaign_target = template_default_compute("campaign_target")
    _compute_campaign_response = template_default_compute("campaign_response")

    @api.depends("template_id")
    def _compute_campaign_id(self):
        # a campaign already known (from an opportunity, an entry) is kept
        # unless the template has its own
        for record in self:
            if record.template_id.campaign_id or not record.campaign_id:
                record.campaign_id = record.template_id.campaign_id

    @api.depends("template_id")
    def _compute_correspondence_type(self):
        for record in self:
            partner = record["partner_id"] if "partner_id" in record._fields else None
            record.correspondence_type = (
                record.template_id._get_correspondence_type(partner)
                if record.template_id
                else "none"
            )

    @api.constrains("cost", "duration")
    def _check_cost_duration(self):
        for record in self:
            if record.cost < 0 or record.duration < 0:
                raise ValidationError(
                    self.env._(
                        "The cost and the duration of an interaction cannot be "
                        "negative (%(name)s).",
                        name=record.display_name,
                    )
                )
            if record.cost > MAX_COST or record.duration > MAX_DURATION:
                raise ValidationError(
                    self.env._(
                        "The cost of an interaction can be at most %(cost)s and its "
                        "duration at most %(duration)s minutes (one year) "
                        "(%(name)s).",
                        cost=MAX_COST_TEXT,
                        duration=MAX_DURATION_TEXT,
                        name=record.display_name,
                    )
                )

    @api.constrains("user_id")
    def _check_salesperson_internal(self):
        for record in self:
            user = record.user_id
            if user and user.share:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an internal user and cannot be the "
                        "salesperson of an interaction.",
                        user=user.name,
                    )
                )
