from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .notifications import counted


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

    # codes are short identifiers: stripped, upper case, at most this long
    _code_max_length = 20

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

    @api.model
    def _normalize_code(self, code):
        """``" call_out "`` -> ``"CALL_OUT"``; refuse empty and overlong codes."""
        normalized = (code or "").strip().upper() if isinstance(code, str) else code
        if not normalized:
            raise ValidationError(
                self.env._("Enter a code for the %(model)s.", model=self._description)
            )
        if len(normalized) > self._code_max_length:
            raise ValidationError(
                self.env._(
                    "The code of a %(model)s can have at most %(max)s characters.",
                    model=self._description,
                    max=self._code_max_length,
                )
            )
        return normalized

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["code"] = self._normalize_code(vals.get("code"))
        self._check_codes_free(
            [
                (vals["code"], vals.get("company_id", self.env.company.id))
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            vals = dict(vals, code=self._normalize_code(vals["code"]))
        if "code" in vals or "company_id" in vals:
            self._check_codes_free(
                [
                    (
                        vals.get("code", record.code),
                        vals.get("company_id", record.company_id.id),
                    )
                    for record in self
                ]
            )
        return super().write(vals)

    def _check_codes_free(self, pairs):
        """Refuse codes already used: ``pairs`` are the ``(code, company id)``
        that ``self`` (being written, or nothing for a create) is about to
        store. A code is unique per company, and a shared (company-less)
        record and a company's record may not share one either: both show
        in that company's lists. Checked before the database's own unique
        constraint, in one query, so that a clash gives a clear message."""
        taken = [
            (record.code, record.company_id.id)
            for record in self.with_context(active_test=False)
            .sudo()
            .search_fetch(
                [
                    ("code", "in", [code for code, _company in pairs]),
                    ("id", "not in", self.ids),
                ],
                ["code", "company_id"],
            )
        ]
        for index, (code, company_id) in enumerate(pairs):
            rivals = [other for taken_code, other in taken if taken_code == code]
            rivals += [
                other
                for other_index, (other_code, other) in enumerate(pairs)
                if other_index != index and other_code == code
            ]
            if any(
                not rival or not company_id or rival == company_id for rival in rivals
            ):
                raise ValidationError(
                    self.env._(
                        "The code %(code)s is already used by another %(model)s "
                        "of this company or shared by all companies.",
                        code=code,
                        model=self._description.lower(),
                    )
                )

    def copy_data(self, default=None):
        # a copy gets a free code: CODE_2, CODE_3, ...
        vals_list = super().copy_data(default=default)
        if default and "code" in default:
            return vals_list
        taken = set(
            self.with_context(active_test=False).sudo().search([]).mapped("code")
        )
        for record, vals in zip(self, vals_list, strict=True):
            base = record.code[: self._code_max_length - 4]
            number = 2
            while f"{base}_{number}" in taken:
                number += 1
            vals["code"] = f"{base}_{number}"
            taken.add(vals["code"])
        return vals_list

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
                counted(
                    count,
                    self.env._(
                        "%(name)s is used by 1 interaction log entry and cannot be "
                        "deleted. Archive it instead.",
                        name=record.display_name,
                    ),
                    self.env._(
                        "%(name)s is used by %(count)s interaction log entries and "
                        "cannot be deleted. Archive it instead.",
                        name=record.display_name,
                        count=count,
                    ),
                )
            )

    def action_open_log_entries(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [(self._interaction_entry_field, "=", self.id)], self.display_name
        )
