from odoo import api, fields, models
from odoo.exceptions import UserError

from .compat import Constraint
from .notifications import counted


class CrmInteractionGroup(models.Model):
    """Interaction group: a family of interaction templates (calls, letters,
    meetings, ...) used to report on interactions at a coarser level."""

    _name = "crm.interaction.group"
    _inherit = ["crm.interaction.config.mixin"]
    _description = "Interaction Group"
    _order = "sequence, code, id"
    _interaction_entry_field = "group_id"

    template_ids = fields.One2many(
        "crm.interaction.template", "group_id", string="Templates"
    )
    template_count = fields.Integer(compute="_compute_template_count")

    _code_company_uniq = Constraint(
        "UNIQUE (code, company_id)",
        "The code of an interaction group must be unique per company.",
    )

    def _compute_template_count(self):
        counts = dict(
            self.env["crm.interaction.template"]
            .with_context(active_test=False)
            ._read_group([("group_id", "in", self.ids)], ["group_id"], ["__count"])
        )
        for group in self:
            group.template_count = counts.get(group, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A group is in use while log entries or templates point at it, in
        any company (hence sudo: a shared group may be used elsewhere)."""
        entries = dict(
            self.env["crm.interaction.log.entry"]
            .sudo()
            ._read_group([("group_id", "in", self.ids)], ["group_id"], ["__count"])
        )
        templates = dict(
            self.env["crm.interaction.template"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("group_id", "in", self.ids)], ["group_id"], ["__count"])
        )
        for group in self:
            entry_count = entries.get(group, 0)
            template_count = templates.get(group, 0)
            if not (entry_count or template_count):
                continue
            uses = []
            if entry_count:
                uses.append(
                    counted(
                        entry_count,
                        self.env._("1 interaction log entry"),
                        self.env._(
                            "%(count)s interaction log entries", count=entry_count
                        ),
                    )
                )
            if template_count:
                uses.append(
                    counted(
                        template_count,
                        self.env._("1 template"),
                        self.env._("%(count)s templates", count=template_count),
                    )
                )
            if len(uses) == 2:
                raise UserError(
                    self.env._(
                        "%(name)s is used by %(entries)s and %(templates)s and "
                        "cannot be deleted. Archive it instead.",
                        name=group.display_name,
                        entries=uses[0],
                        templates=uses[1],
                    )
                )
            raise UserError(
                self.env._(
                    "%(name)s is used by %(uses)s and cannot be deleted. Archive "
                    "it instead.",
                    name=group.display_name,
                    uses=uses[0],
                )
            )
