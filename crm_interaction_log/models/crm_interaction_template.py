from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty

from .compat import Constraint
from .link_access import check_attachment_links

INFORMATION_FLOW = [("outbound", "Outbound"), ("inbound", "Inbound")]
INITIATED_BY = [("us", "Us"), ("them", "Them")]
CORRESPONDENCE_TYPE = [
    ("none", "None"),
    ("hard_copy", "Hard Copy"),
    ("email", "Email"),
]

# beyond these, a cost or duration (minutes: one year) is a typing error
# that would swamp every statistic
MAX_COST = 1_000_000_000
MAX_DURATION = 60 * 24 * 365
# the limits as a message shows them
MAX_COST_TEXT = f"{MAX_COST:,.0f}"
MAX_DURATION_TEXT = f"{MAX_DURATION:,}"

# language of the correspondence: the contact's
CONTACT_LANG = "{{ object.partner_id.lang }}"
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
    _inherit = ["crm.interaction.config.mixin", "mail.render.mixin"]
    _description = "Interaction Template"
    _order = "sequence, code, id"
    _interaction_entry_field = "template_id"
    # like mail.template: the content is trusted, editing dynamic content
    # needs the template editor group (checked by mail.render.mixin)
    _unrestricted_rendering = True

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
    subject = fields.Char(
        translate=True,
        prefetch=True,
        help="Subject of the email or letter, per language. Placeholders like "
        "{{ object.partner_id.name }} are replaced on each interaction log entry "
        "(object).",
    )
    body = fields.Html(
        translate=True,
        sanitize="email_outgoing",
        render_engine="qweb",
        render_options={"post_process": True},
        prefetch=True,
        help="Content of the interaction (letter or email text), per language. "
        "Dynamic placeholders use the interaction log entry as object.",
    )
    lang = fields.Char(
        default=CONTACT_LANG,
        help="Language the subject and body are rendered in, usually the "
        "contact's: {{ object.partner_id.lang }}.",
    )

    _code_company_uniq = Constraint(
        "UNIQUE (code, company_id)",
        "The code of an interaction template must be unique per company.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("group_id"):
                self._raise_group_required(vals.get("name") or vals.get("code"))
        templates = super().create(vals_list)
        check_attachment_links(templates, vals_list)
        return templates

    def write(self, vals):
        if "group_id" in vals and not vals["group_id"]:
            self._raise_group_required(", ".join(self.mapped("display_name")))
        check_attachment_links(self, [vals])
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
            if template.unit_cost > MAX_COST or template.unit_duration > MAX_DURATION:
                raise ValidationError(
                    self.env._(
                        "The unit cost of the interaction template %(name)s can be "
                        "at most %(cost)s and its unit duration at most "
                        "%(duration)s minutes (one year).",
                        name=template.display_name,
                        cost=MAX_COST_TEXT,
                        duration=MAX_DURATION_TEXT,
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

    # ------------------------------------------------------------
    # CORRESPONDENCE
    # ------------------------------------------------------------

    def _has_correspondence_content(self):
        """Whether the template gives an email or a letter something to say
        (a body): one without (as "Email sent", for an email written
        elsewhere) logs only."""
        self.ensure_one()
        return not is_html_empty(self.body)

    def _compute_render_model(self):
        # placeholders are rendered on the interaction log entry (object)
        self.render_model = "crm.interaction.log.entry"

    def _render_correspondence(self, entries):
        """Subject and body of this template rendered on ``entries`` (log
        entries, stored or new) by ``mail.render.mixin``, each in the
        language the template gives (by default its contact's), in one pass
        per language.

        :return: ``{entry_id: (subject, body)}``
        """
        self.ensure_one()
        subjects, bodies = {}, {}
        for template, lang_res_ids in self._classify_per_lang(entries._ids).values():
            subjects.update(template._render_field("subject", lang_res_ids))
            bodies.update(template._render_field("body", lang_res_ids))
        return {
            res_id: (subjects.get(res_id) or "", bodies.get(res_id) or "")
            for res_id in entries._ids
        }

    def _render_for_partner(self, partner, values=None):
        """Subject and body of this template for an interaction with
        ``partner`` that is not logged yet (wizard, preview): rendered on a
        new, unsaved entry.

        :return: ``(subject, body)``
        """
        self.ensure_one()
        entry = self.env["crm.interaction.log.entry"].new(
            {
                "template_id": self.id,
                "partner_id": partner.id,
                "description": self.name,
                "company_id": (
                    self.company_id or partner.company_id or self.env.company
                ).id,
                **(values or {}),
            }
        )
        return self._render_correspondence(entry)[entry.id]

    def action_open_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview"),
            "res_model": "crm.interaction.template.preview",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_template_id": self.id},
        }
