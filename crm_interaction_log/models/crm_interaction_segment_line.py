from odoo import api, fields, models

from .crm_interaction_template import (
    TEMPLATE_DEFAULTS,
)


def header_or_template_compute(fname):
    """Compute method of a line value: the header's while the line follows
    the header (same template), else the line template's default."""
    template_fname = TEMPLATE_DEFAULTS[fname]

    @api.depends("template_id", f"segment_id.{fname}", "segment_id.template_id")
    def compute(self):
        for line in self:
            segment = line.segment_id
            if line.template_id == segment.template_id:
                line[fname] = segment[fname]
            else:
                line[fname] = line.template_id[template_fname]

    compute.__name__ = f"_compute_{fname}"
    return compute


class CrmInteractionSegmentLine(models.Model):
    """One contact of a segment. A line follows the header (template,
    direction, cost, duration, ...) unless it has its own template: choosing
    another template applies that template's defaults to the line."""

    _name = "crm.interaction.segment.line"
    _inherit = ["crm.interaction.values.mixin"]
    _description = "Interaction Segment Line"
    _order = "segment_id, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    segment_id = fields.Many2one(
        "crm.interaction.segment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="segment_id.company_id", store=True)
    currency_id = fields.Many2one(related="segment_id.currency_id")
    state = fields.Selection(related="segment_id.state")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Contact Company"
    )
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        ondelete="restrict",
        check_company=True,
    )
    follows_header = fields.Boolean(compute="_compute_follows_header")
    description = fields.Char(help="Leave empty to use the segment's description.")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False)]",
        ondelete="set null",
        help="Leave empty to use the segment's salesperson.",
    )

    _sql_constraints = [
        (
            "partner_segment_uniq",
            "unique (segment_id, partner_id)",
            "A contact can only be once in a segment.",
        ),
    ]

    _compute_information_flow = header_or_template_compute("information_flow")
    _compute_initiated_by = header_or_template_compute("initiated_by")
    _compute_cost = header_or_template_compute("cost")
    _compute_duration = header_or_template_compute("duration")
    _compute_campaign_target = header_or_template_compute("campaign_target")
    _compute_campaign_response = header_or_template_compute("campaign_response")

    @api.depends("segment_id.template_id")
    def _compute_template_id(self):
        # changing the header template applies it to every line
        for line in self:
            line.template_id = line.segment_id.template_id

    @api.depends("template_id", "segment_id.template_id")
    def _compute_follows_header(self):
        for line in self:
            line.follows_header = line.template_id == line.segment_id.template_id

    @api.depends("template_id", "segment_id.campaign_id", "segment_id.template_id")
    def _compute_campaign_id(self):
        for line in self:
            segment = line.segment_id
            if line.template_id == segment.template_id:
                line.campaign_id = segment.campaign_id
            else:
                line.campaign_id = line.template_id.campaign_id or segment.campaign_id

    @api.depends(
        "template_id",
        "partner_id",
        "segment_id.correspondence_type",
        "segment_id.template_id",
    )
    def _compute_correspondence_type(self):
        # a line that follows the header takes the header's type (which may
        # have been changed there) unless the contact's own type applies; a
        # line with its own template takes that template's
        for line in self:
            template = line.template_id
            if not template:
                line.correspondence_type = "none"
            elif template == line.segment_id.template_id:
                contact_type = (
                    not template.ignore_contact_correspondence_type
                    and line.partner_id.sudo().interaction_correspondence_type
                )
                line.correspondence_type = (
                    contact_type
                    or line.segment_id.correspondence_type
                    or template.correspondence_type
                )
            else:
                line.correspondence_type = template._get_correspondence_type(
                    line.partner_id
                )

    @api.model_create_multi
    def create(self, vals_list):
        # the segment is checked before the insert: a line of a segment the
        # user may not change, or that is logged, is refused without telling
        # whether the contact is already in it
        segments = self.env["crm.interaction.segment"].browse(
            {vals["segment_id"] for vals in vals_list if vals.get("segment_id")}
        )
        segments._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        segments = self.segment_id
        if vals.get("segment_id"):
            segments |= segments.browse(vals["segment_id"])
        segments._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        self.segment_id._check_not_logged()
