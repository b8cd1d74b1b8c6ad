from odoo import api, fields, models


class CrmInteractionSegmentLogWizard(models.TransientModel):
    """Log segment: asks whether a follow-up segment should be created, then
    logs every selected draft segment."""

    _name = "crm.interaction.segment.log.wizard"
    _description = "Log Segment"

    segment_ids = fields.Many2many(
        "crm.interaction.segment",
        string="Segments",
        domain="[('state', '=', 'draft')]",
    )
    create_follow_up = fields.Boolean(
        string="Create Follow-up Segment",
        help="Create a new segment with the same contacts, to follow up on "
        "this interaction.",
    )
    send_correspondence = fields.Boolean(
        help="Queue one email per email line (contacts without an email address "
        "or on the blacklist are logged as No Email) and print one letter "
        "document for the hard-copy lines.",
    )

    @api.model
    def _action_open(self, segments):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Segment"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_segment_ids": [fields.Command.set(segments.ids)]},
        }

    def action_log(self):
        self.ensure_one()
        segments = self.segment_ids.filtered(lambda s: s.state == "draft")
        return (segments or self.segment_ids).action_log(
            create_follow_up=self.create_follow_up,
            send_correspondence=self.send_correspondence,
        )
