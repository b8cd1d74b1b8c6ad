from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmInteractionConfigMixin(models.AbstractModel):
    """Common behaviour of interaction groups and templates.

    Both are configuration records identified by a code that is unique per
    company, both can be archived, both show statistics of the logged
    interactions that use them, and neither can be deleted while interaction
    log entries still point at it (archive it instead).
    """

    _name = "crm.interaction.config.mixin"
    _description = "Interaction Configuration Mixin"
    _order = "sequence, code, id"
    _rec_names_search = ["code", "name"]
    _check_company_auto = True

    # name of the Many2one on crm.interaction.log.entry pointing at this model
    _interaction_entry_field = None

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Description", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    interaction_count = fields.Integer(
        string="Interactions", compute="_compute_interaction_stats"
    )
    interaction_cost = fields.Monetary(
        string="Cost", compute="_compute_interaction_stats"
    )
    interaction_duration = fields.Integer(
        string="Duration (Min.)", compute="_compute_interaction_stats"
    )
    cost_total = fields.Monetary(
        string="Total Cost", compute="_compute_interaction_stats"
    )
    duration_total = fields.Integer(
        string="Total Duration (Min.)", compute="_compute_interaction_stats"
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = (record.company_id or self.env.company).currency_id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_interaction_stats(self):
        stats = self.env["crm.interaction.log.entry"]._get_interaction_stats(
            self._interaction_entry_field, self
        )
        for record in self:
            count, cost, duration = stats.get(record.id, (0, 0.0, 0))[:3]
            record.interaction_count = count
            record.interaction_cost = record.cost_total = cost
            record.interaction_duration = record.duration_total = duration

    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"[{record.code}] {record.name}" if record.code else record.name
            )

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        # one query for the whole recordset; it also covers company-less
        # records, which the SQL unique constraint cannot compare
        duplicates = (
            self.with_context(active_test=False)
            .sudo()
            ._read_group(
                [("code", "in", self.mapped("code"))],
                ["code", "company_id"],
                having=[("__count", ">", 1)],
            )
        )
        clashing = {(code, company.id) for code, company in duplicates}
        for record in self:
            if (record.code, record.company_id.id) in clashing:
                raise ValidationError(
                    self.env._(
                        "The code %(code)s is already used by another %(model)s "
                        "of this company.",
                        code=record.code,
                        model=self._description.lower(),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        stats = (
            self.env["crm.interaction.log.entry"]
            .sudo()
            ._read_group(
                [(self._interaction_entry_field, "in", self.ids)],
                [self._interaction_entry_field],
                ["__count"],
            )
        )
        for record, count in stats:
            raise UserError(
                self.env._(
                    "%(name)s is used by %(count)s interaction log entries and "
                    "cannot be deleted. Archive it instead.",
                    name=record.display_name,
                    count=count,
                )
            )

    def action_open_log_entries(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [(self._interaction_entry_field, "=", self.id)], self.display_name
        )
