from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.notifications import CLOSE_WINDOW, counted, success_notification


class CrmInteractionDeleteCanceled(models.TransientModel):
    """Delete Canceled Interaction Log Entries: the only way, besides the
    daily cleanup job, to delete interactions that were logged."""

    _name = "crm.interaction.delete.canceled"
    _description = "Delete Canceled Interaction Log Entries"

    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    partner_ids = fields.Many2many("res.partner", string="Contacts")
    commercial_partner_ids = fields.Many2many(
        "res.partner",
        "crm_interaction_delete_canceled_company_rel",
        string="Contact Companies",
        domain="[('is_company', '=', True)]",
    )
    template_ids = fields.Many2many(
        "crm.interaction.template", string="Interaction Templates"
    )
    group_ids = fields.Many2many("crm.interaction.group", string="Interaction Groups")
    user_ids = fields.Many2many("res.users", string="Salespersons")
    campaign_ids = fields.Many2many("utm.campaign", string="Campaigns")
    entry_count = fields.Integer(
        string="Canceled Entries to Delete", compute="_compute_entry_count"
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if (
                wizard.date_from
                and wizard.date_to
                and wizard.date_from > wizard.date_to
            ):
                raise ValidationError(
                    self.env._("The start date must be before the end date.")
                )

    def _get_domain(self):
        self.ensure_one()
        domain = [("state", "=", "canceled")]
        if self.date_from:
            domain.append(("date", ">=", fields.Datetime.to_datetime(self.date_from)))
        if self.date_to:
            domain.append(
                (
                    "date",
                    "<",
                    fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1)),
                )
            )
        for fname, entry_field in (
            ("partner_ids", "partner_id"),
            ("commercial_partner_ids", "commercial_partner_id"),
            ("template_ids", "template_id"),
            ("group_ids", "group_id"),
            ("user_ids", "user_id"),
            ("campaign_ids", "campaign_id"),
        ):
            if self[fname]:
                domain.append((entry_field, "in", self[fname].ids))
        return domain

    @api.depends(
        "date_from",
        "date_to",
        "partner_ids",
        "commercial_partner_ids",
        "template_ids",
        "group_ids",
        "user_ids",
        "campaign_ids",
    )
    def _compute_entry_count(self):
        entries = self.env["crm.interaction.log.entry"]
        for wizard in self:
            wizard.entry_count = entries.search_count(wizard._get_domain())

    def action_delete(self):
        self.ensure_one()
        entries = self.env["crm.interaction.log.entry"].search(self._get_domain())
        count = len(entries)
        if not count:
            raise UserError(
                self.env._(
                    "No canceled interaction log entry matches these filters: "
                    "nothing to delete."
                )
            )
        entries._unlink_canceled()
        return success_notification(
            counted(
                count,
                self.env._("1 canceled interaction log entry has been deleted."),
                self.env._(
                    "%(count)s canceled interaction log entries have been deleted.",
                    count=count,
                ),
            ),
            CLOSE_WINDOW,
        )
