from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_interaction_log_entry import RETENTION_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # not a plain config_parameter field: the settings would store 0 as "no
    # value", and the job would fall back to the default instead of deleting all
    crm_interaction_canceled_retention_days = fields.Integer(
        string="Keep Canceled Interactions (Days)",
        help="Canceled interaction log entries older than this are deleted by the "
        "daily job. 0 deletes every canceled entry.",
    )

    crm_interaction_meeting_template_id = fields.Many2one(
        related="company_id.interaction_meeting_template_id", readonly=False
    )
    crm_interaction_log_replies = fields.Boolean(
        related="company_id.interaction_log_replies", readonly=False
    )
    crm_interaction_reply_template_id = fields.Many2one(
        related="company_id.interaction_reply_template_id", readonly=False
    )
    crm_interaction_unsubscribe_template_id = fields.Many2one(
        related="company_id.interaction_unsubscribe_template_id", readonly=False
    )

    @api.constrains("crm_interaction_canceled_retention_days")
    def _check_crm_interaction_canceled_retention_days(self):
        if any(s.crm_interaction_canceled_retention_days < 0 for s in self):
            raise ValidationError(
                self.env._("The retention of canceled interactions cannot be negative.")
            )

    @api.model
    def get_values(self):
        res = super().get_values()
        res["crm_interaction_canceled_retention_days"] = self.env[
            "crm.interaction.log.entry"
        ]._get_canceled_retention_days()
        return res

    def set_values(self):
        res = super().set_values()
        days = str(self.crm_interaction_canceled_retention_days)
        ICP = self.env["ir.config_parameter"].sudo()
        if ICP.get_param(RETENTION_PARAM) != days:
            ICP.set_param(RETENTION_PARAM, days)
        return res
