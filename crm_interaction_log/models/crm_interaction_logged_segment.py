from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmInteractionLoggedSegment(models.Model):
    """What logging a segment leaves: the link to all the log entries it
    created, so that they can be canceled or restored together."""

    _name = "crm.interaction.logged.segment"
    _description = "Logged Segment"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Segment Number", required=True, readonly=True)
    segment_id = fields.Many2one(
        "crm.interaction.segment",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    description = fields.Char(readonly=True)
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        readonly=True,
        ondelete="set null",
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, ondelete="set null"
    )
    entry_ids = fields.One2many(
        "crm.interaction.log.entry", "logged_segment_id", string="Interactions"
    )
    entry_count = fields.Integer(
        string="Number of Interactions", compute="_compute_entry_count"
    )
    state = fields.Selection(
        [("logged", "Logged"), ("canceled", "Canceled")],
        default="logged",
        required=True,
        readonly=True,
    )
    canceled_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )

    def _compute_entry_count(self):
        counts = dict(
            self.env["crm.interaction.log.entry"]._read_group(
                [("logged_segment_id", "in", self.ids)],
                ["logged_segment_id"],
                ["__count"],
            )
        )
        for logged in self:
            logged.entry_count = counts.get(logged, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        logged = self.filtered(lambda s: s.state == "logged")
        if logged:
            raise UserError(
                self.env._(
                    "Only canceled logged segments can be deleted (%(names)s); "
                    "their interactions are kept.",
                    names=", ".join(logged.mapped("name")),
                )
            )

    def action_cancel(self):
        """Cancel the logged segments and every interaction they logged."""
        not_logged = self.filtered(lambda s: s.state != "logged")
        if not_logged:
            raise UserError(
                self.env._(
                    "The logged segment %(names)s is already canceled.",
                    names=", ".join(not_logged.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        self.write({"state": "canceled", "canceled_date": now})
        entries = self.entry_ids.filtered(lambda e: e.state == "logged")
        entries._set_state({"state": "canceled", "canceled_date": now})
        return True

    def action_restore(self):
        """Restore the logged segments and their canceled interactions."""
        not_canceled = self.filtered(lambda s: s.state != "canceled")
        if not_canceled:
            raise UserError(
                self.env._(
                    "The logged segment %(names)s is not canceled.",
                    names=", ".join(not_canceled.mapped("name")),
                )
            )
        self.write({"state": "logged", "canceled_date": False})
        entries = self.entry_ids.filtered(lambda e: e.state == "canceled")
        entries._set_state({"state": "logged", "canceled_date": False})
        return True

    def action_open_entries(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("logged_segment_id", "=", self.id)], self.name
        )

    def _get_form_action(self):
        action = {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "name": self.env._("Logged Segments"),
        }
        if len(self) == 1:
            action.update(res_id=self.id, view_mode="form", views=[(False, "form")])
        else:
            action.update(
                domain=[("id", "in", self.ids)],
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
            )
        return action
