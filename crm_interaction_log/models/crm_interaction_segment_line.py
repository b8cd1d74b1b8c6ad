from odoo import api, fields, models

from .compat import Constraint
from .crm_interaction_template import (
    TEMPLATE_DEFAULTS,
)

# values a line may override; a line whose values differ from its segment's
# keeps them when the segment's header changes
OVERRIDABLE_FIELDS = (
    "template_id",
    "information_flow",
    "initiated_by",
    "cost",
    "duration",
    "campaign_id",
    "campaign_target",
    "campaign_response",
)


def header_or_template_compute(fname, header_fallback=False):
    """Compute method of a line value: the header's while the line follows
    the header (same template), else the line template's default (or the
    header's when the template has none and ``header_fallback``). A line
    with its own values keeps them, unless its own template was just changed
    (then that template's defaults apply)."""
    template_fname = TEMPLATE_DEFAULTS.get(fname, fname)

    @api.depends("template_id", f"segment_id.{fname}", "segment_id.template_id")
    def compute(self):
        for line in self:
            segment = line.segment_id
            template_changed = line.template_id != line._origin.template_id
            if line.own_values and line._origin.id and not template_changed:
                line[fname] = line[fname]
            elif line.template_id == segment.template_id:
                line[fname] = segment[fname]
            else:
                value = line.template_id[template_fname]
                line[fname] = value or segment[fname] if header_fallback else value

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
    own_values = fields.Boolean(
        readonly=True,
        copy=False,
        help="The line has its own template or values: changing the segment's "
        "template or values keeps them.",
    )
    description = fields.Char(help="Leave empty to use the segment's description.")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False)]",
        ondelete="set null",
        help="Leave empty to use the segment's salesperson.",
    )

    _partner_segment_uniq = Constraint(
        "UNIQUE (segment_id, partner_id)",
        "A contact can only be once in a segment.",
    )

    _compute_information_flow = header_or_template_compute("information_flow")
    _compute_initiated_by = header_or_template_compute("initiated_by")
    _compute_cost = header_or_template_compute("cost")
    _compute_duration = header_or_template_compute("duration")
    _compute_campaign_target = header_or_template_compute("campaign_target")
    _compute_campaign_response = header_or_template_compute("campaign_response")
    _compute_campaign_id = header_or_template_compute(
        "campaign_id", header_fallback=True
    )

    @api.depends("segment_id.template_id")
    def _compute_template_id(self):
        # changing the header template applies it to the lines that follow
        # the header; lines with their own template or values keep them
        for line in self:
            if not (line.own_values and line.template_id):
                line.template_id = line.segment_id.template_id

    @api.depends("template_id", "segment_id.template_id")
    def _compute_follows_header(self):
        for line in self:
            line.follows_header = line.template_id == line.segment_id.template_id

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
        lines = super().create(vals_list)
        lines.filtered(
            lambda line: line.template_id != line.segment_id.template_id
        )._update_own_values()
        return lines

    def write(self, vals):
        segments = self.segment_id
        if vals.get("segment_id"):
            segments |= segments.browse(vals["segment_id"])
        segments._check_lines_editable()
        result = super().write(vals)
        if "template_id" in vals:
            # a line's new template brings its defaults, unless given (one
            # write per template)
            own_template = self.filtered(
                lambda ln: ln.template_id != ln.segment_id.template_id
            )
            for template, lines in own_template.grouped("template_id").items():
                defaults = {
                    fname: template[template_fname]
                    for fname, template_fname in TEMPLATE_DEFAULTS.items()
                    if fname in self._fields and fname not in vals
                }
                if "campaign_id" not in vals and template.campaign_id:
                    defaults["campaign_id"] = template.campaign_id.id
                super(CrmInteractionSegmentLine, lines).write(defaults)
        if set(OVERRIDABLE_FIELDS) & set(vals):
            self._update_own_values()
        return result

    def _update_own_values(self):
        """Mark the lines whose template or values differ from their
        segment's header."""
        own, following = self.browse(), self.browse()
        for line in self:
            segment = line.segment_id
            if any(line[fname] != segment[fname] for fname in OVERRIDABLE_FIELDS):
                own |= line
            else:
                following |= line
        for lines, value in ((own, True), (following, False)):
            lines = lines.filtered(lambda ln, v=value: ln.own_values != v)
            if lines:
                super(CrmInteractionSegmentLine, lines).write({"own_values": value})
        return own

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        self.segment_id._check_not_logged()
