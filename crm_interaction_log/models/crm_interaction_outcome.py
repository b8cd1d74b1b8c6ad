from odoo import api, fields, models

from .crm_interaction_log_entry import EVALUATION


class CrmInteractionOutcome(models.Model):
    """How a call (or any interaction) ended: connected, no answer,
    voicemail... An outcome marks failed attempts and proposes an evaluation;
    it may be limited to the templates of some interaction groups."""

    _name = "crm.interaction.outcome"
    _description = "Interaction Outcome"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_failed_attempt = fields.Boolean(
        string="Failed Attempt",
        help="Interactions with this outcome are failed attempts: they count "
        "as attempts, not as contacts.",
    )
    evaluation = fields.Selection(
        EVALUATION,
        string="Default Evaluation",
        help="Evaluation proposed when this outcome is chosen.",
    )
    group_ids = fields.Many2many(
        "crm.interaction.group",
        "crm_interaction_outcome_group_rel",
        "outcome_id",
        "group_id",
        string="Interaction Groups",
        help="Templates of these groups offer this outcome. Leave empty for all "
        "templates.",
    )
    company_id = fields.Many2one("res.company", string="Company", index=True)
    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_count"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_count(self):
        stats = self.env["crm.interaction.log.entry"]._get_interaction_stats(
            "outcome_id", self
        )
        for outcome in self:
            outcome.interaction_count = stats.get(outcome.id, (0,))[0]

    def _entry_values(self, evaluation=False):
        """What this outcome sets on an interaction: whether it was a failed
        attempt, and its evaluation when the interaction has none
        (``evaluation``)."""
        self.ensure_one()
        values = {"attempt_failed": self.is_failed_attempt}
        if self.evaluation and not evaluation:
            values["evaluation"] = self.evaluation
        return values

    def action_open_log_entries(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("outcome_id", "=", self.id)],
            self.display_name,
            {"create": False, "search_default_filter_not_canceled": 1},
        )
