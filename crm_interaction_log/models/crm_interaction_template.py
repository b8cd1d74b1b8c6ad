from odoo import api, fields, models
from odoo.exceptions import ValidationError

INFORMATION_FLOW = [("outbound", "Outbound"), ("inbound", "Inbound")]
INITIATED_BY = [("us", "Us"), ("them", "Them")]
CORRESPONDENCE_TYPE = [
    ("none", "None"),
    ("hard_copy", "Hard Copy"),
    ("email", "Email"),
]


# field of an interaction (log entry, wizard, segment line) -> template field
# holding its default
TEMPLATE_DEFAULTS = {
    "group_id": "group_id",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "cost": "unit_cost",
    "duration": "unit_duration",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
}


def template_default_compute(fname):
    """Compute method giving ``fname`` its template default.

    One method per field: the ORM protects every field of a compute method as
    soon as one of them is given, so a shared method would leave the others
    empty when a caller provides a single value.
    """
    template_fname = TEMPLATE_DEFAULTS[fname]

    @api.depends("template_id")
    def compute(self):
        for record in self:
            record[fname] = record.template_id[template_fname]

    compute.__name__ = f"_compute_{fname}"
    return compute


class CrmInteractionTemplate(models.Model):
    """Interaction template: the defaults of one kind of interaction (who
    initiates it, in which direction information flows, what it costs, how
    long it takes, how it is delivered and which campaign it belongs to)."""

    _name = "crm.interaction.template"
    _inherit = ["crm.interaction.config.mixin"]
    _description = "Interaction Template"
    _order = "sequence, code, id"
    _interaction_entry_field = "template_id"

    group_id = fields.Many2one(
        "crm.interaction.group",
        string="Interaction Group",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    information_flow = fields.Selection(
        INFORMATION_FLOW, required=True, default="outbound"
    )
    initiated_by = fields.Selection(INITIATED_BY, required=True, default="us")
    unit_cost = fields.Monetary(currency_field="currency_id")
    unit_duration = fields.Integer(string="Unit Duration (Min.)")
    correspondence_type = fields.Selection(
        CORRESPONDENCE_TYPE,
        required=True,
        default="none",
        help="How the interaction is delivered by default. The contact's own "
        "preferred correspondence type wins unless 'Ignore Contact Correspondence "
        "Type' is set.",
    )
    ignore_contact_correspondence_type = fields.Boolean()
    campaign_id = fields.Many2one("utm.campaign", ondelete="set null")
    campaign_target = fields.Boolean(
        help="Interactions from this template target the contact in the campaign."
    )
    campaign_response = fields.Boolean(
        help="Interactions from this template are a response to the campaign."
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_interaction_template_ir_attachment_rel",
        "template_id",
        "attachment_id",
        string="Attachments",
    )
    body = fields.Html(
        translate=True,
        sanitize_style=True,
        help="Content of the interaction (letter or email text), per language.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "The code of an interaction template must be unique per company.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("group_id"):
                self._raise_group_required(vals.get("name") or vals.get("code"))
        return super().create(vals_list)

    def write(self, vals):
        if "group_id" in vals and not vals["group_id"]:
            self._raise_group_required(", ".join(self.mapped("display_name")))
        return super().write(vals)

    def _raise_group_required(self, name):
        raise ValidationError(
            self.env._(
                "The interaction template %(name)s needs an interaction group.",
                name=name or "",
            )
        )

    @api.constrains("unit_cost", "unit_duration")
    def _check_unit_values(self):
        for template in self:
            if template.unit_cost < 0:
                raise ValidationError(
                    self.env._(
                        "The unit cost of the interaction template %(name)s cannot "
                        "be negative.",
                        name=template.display_name,
                    )
                )
            if template.unit_duration < 0:
                raise ValidationError(
                    self.env._(
                        "The unit duration of the interaction template %(name)s "
                        "cannot be negative.",
                        name=template.display_name,
                    )
                )

    def _get_correspondence_type(self, partner):
        """Correspondence type of an interaction with ``partner``: the
        contact's preferred one unless the template ignores it."""
        self.ensure_one()
        if not self.ignore_contact_correspondence_type and partner:
            preferred = partner.sudo().interaction_correspondence_type
            if preferred:
                return preferred
        return self.correspondence_type
