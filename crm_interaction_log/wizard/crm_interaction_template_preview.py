from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmInteractionTemplatePreview(models.TransientModel):
    """Preview of an interaction template's subject and body rendered for a
    chosen contact, in the contact's language."""

    _name = "crm.interaction.template.preview"
    _description = "Interaction Template Preview"

    template_id = fields.Many2one(
        "crm.interaction.template", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        default=lambda self: self._default_partner(),
        ondelete="cascade",
    )
    lang = fields.Selection(related="partner_id.lang", string="Language")
    subject = fields.Char(compute="_compute_preview")
    body = fields.Html(compute="_compute_preview", sanitize=False)
    error = fields.Char(compute="_compute_preview")

    @api.model
    def _default_partner(self):
        return self.env["res.partner"].search(
            [("email", "!=", False), ("is_company", "=", False)], limit=1
        )

    @api.depends("template_id", "partner_id")
    def _compute_preview(self):
        for preview in self:
            preview.subject = preview.body = preview.error = False
            if not (preview.template_id and preview.partner_id):
                continue
            try:
                subject, body = preview.template_id._render_for_partner(
                    preview.partner_id
                )
            except (UserError, AccessError, SyntaxError, ValueError) as error:
                preview.error = str(error)
            else:
                preview.subject = subject
                preview.body = body
