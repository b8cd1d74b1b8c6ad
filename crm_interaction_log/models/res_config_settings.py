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

    crm_interaction_logged_retention_months = fields.Integer(
        string="Anonymize Logged Interactions After (Months)",
        config_parameter="crm_interaction_log.logged_retention_months",
        help="Logged interactions older than this are anonymized by a daily job "
        "(not those of an open opportunity). 0 keeps them.",
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

    # the logging address: an alias of the company's alias domain
    crm_interaction_logging_alias = fields.Char(
        string="Logging Address",
        help="Emails copied (Bcc, forward, Incoming Mail Server) to this address "
        "of the company's alias domain are logged for the contacts they involve. "
        "Empty: no logging address.",
    )
    crm_interaction_logging_alias_domain = fields.Char(
        related="company_id.alias_domain_id.name"
    )
    crm_interaction_logged_email_template_id = fields.Many2one(
        related="company_id.interaction_logged_email_template_id", readonly=False
    )

    @api.constrains("crm_interaction_canceled_retention_days")
    def _check_crm_interaction_canceled_retention_days(self):
        if any(s.crm_interaction_canceled_retention_days < 0 for s in self):
            raise ValidationError(
                self.env._("The retention of canceled interactions cannot be negative.")
            )

    @api.constrains("crm_interaction_logged_retention_months")
    def _check_crm_interaction_logged_retention_months(self):
        if any(s.crm_interaction_logged_retention_months < 0 for s in self):
            raise ValidationError(
                self.env._("The retention of logged interactions cannot be negative.")
            )

    @api.model
    def get_values(self):
        res = super().get_values()
        res["crm_interaction_canceled_retention_days"] = self.env[
            "crm.interaction.log.entry"
        ]._get_canceled_retention_days()
        alias = self.env["crm.interaction.log.entry"]._get_logging_alias()
        res["crm_interaction_logging_alias"] = alias.alias_name or False
        return res

    def set_values(self):
        res = super().set_values()
        days = str(self.crm_interaction_canceled_retention_days)
        ICP = self.env["ir.config_parameter"].sudo()
        if ICP.get_param(RETENTION_PARAM) != days:
            ICP.set_param(RETENTION_PARAM, days)
        self.env["crm.interaction.log.entry"]._set_logging_alias(
            self.crm_interaction_logging_alias
        )
        return res
