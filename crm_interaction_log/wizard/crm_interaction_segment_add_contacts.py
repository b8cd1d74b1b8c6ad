from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval


class CrmInteractionSegmentAddContacts(models.TransientModel):
    """Add contacts to a segment: every contact matching a domain, or the
    audience of a past logged segment."""

    _name = "crm.interaction.segment.add.contacts"
    _description = "Add Contacts to a Segment"

    segment_id = fields.Many2one(
        "crm.interaction.segment", required=True, ondelete="cascade"
    )
    source = fields.Selection(
        [("domain", "Contacts matching a filter"), ("logged", "A logged segment")],
        default="domain",
        required=True,
    )
    partner_domain = fields.Char(string="Filter", default="[]")
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        string="Reuse the Contacts of",
        ondelete="cascade",
    )
    partner_count = fields.Integer(
        string="Matching Contacts", compute="_compute_partner_count"
    )

    def _get_partners(self):
        self.ensure_one()
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

    @api.depends("source", "partner_domain", "logged_segment_id")
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
