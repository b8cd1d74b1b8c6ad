from odoo import fields, models

from .crm_interaction_log_entry import STATES


class CrmInteractionLogEntryHistory(models.Model):
    """One change of status of an interaction log entry: who canceled,
    restored or logged it, and when.

    Written only by the entry's private status path, in bulk with the change
    itself (canceling a logged segment of ten thousand entries adds ten
    thousand rows in the same statement instead of ten thousand tracking
    messages). Nobody edits or deletes it; it goes with its entry.
    """

    _name = "crm.interaction.log.entry.history"
    _description = "Interaction Log Entry Status History"
    _order = "date desc, id desc"
    _rec_name = "entry_id"
    _log_access = True

    entry_id = fields.Many2one(
        "crm.interaction.log.entry",
        string="Interaction",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    old_state = fields.Selection(STATES, string="From", readonly=True)
    new_state = fields.Selection(STATES, string="To", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, ondelete="set null"
    )
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        string="With Logged Segment",
        readonly=True,
        ondelete="set null",
    )
    company_id = fields.Many2one(related="entry_id.company_id")
