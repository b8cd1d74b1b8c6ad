from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_interaction_canceled_retention_days = fields.Integer(
        string="Keep Canceled Interactions (Days)",
        config_parameter="crm_interaction_log.canceled_retention_days",
        default=30,
        help="Canceled interaction log entries older than this are deleted by the "
        "daily job. 0 deletes every canceled entry.",
    )
