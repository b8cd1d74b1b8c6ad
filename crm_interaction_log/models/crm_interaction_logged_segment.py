from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .notifications import counted, success_notification
from .protected_write import has_write_token, with_write_token


class CrmInteractionLoggedSegment(models.Model):
    """What logging a segment leaves: the link to all the log entries it
    created, so that they can be canceled or restored together.

    It is a record of what happened: nothing on it can be written by hand;
    only its Cancel and Restore actions change its status.
    """

    _name = "crm.interaction.logged.segment"
    _inherit = ["mail.thread"]
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

    @api.depends("state", "entry_ids.state")
    def _compute_entry_count(self):
        """The number of interactions the smart button opens: those not
        canceled, or the canceled ones of a canceled logged segment."""
        counts = defaultdict(int)
        for logged, canceled, count in self.env[
            "crm.interaction.log.entry"
        ]._read_group(
            [("logged_segment_id", "in", self.ids), ("state", "!=", "postponed")],
            ["logged_segment_id", "state"],
            ["__count"],
        ):
            counts[logged, canceled == "canceled"] += count
        for logged in self:
            logged.entry_count = counts[logged, logged.state == "canceled"]

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or has_write_token(self)):
            raise UserError(
                self.env._(
                    "Logged segments are created by logging a segment, not by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not has_write_token(self) and set(vals) - set(
            self.env["mail.thread"]._fields
        ):
            raise UserError(
                self.env._(
                    "A logged segment is the record of what was logged "
                    "(%(names)s): it cannot be changed, only canceled or restored.",
                    names=", ".join(self.mapped("name")),
                )
            )
        return super().write(vals)

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_own_documents(self):
        # deleting a canceled logged segment sends its segment back to draft
        # for everyone: All Documents rights, not a salesperson's own
        if not self.env.su and not self.env.user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            raise AccessError(
                self.env._(
                    "Only users with All Documents rights can delete a canceled "
                    "logged segment (%(names)s).",
                    names=", ".join(self.mapped("name")),
                )
            )

    def unlink(self):
        # the segment it came from can be corrected and logged again (once
        # the deletion was allowed)
        segments = self.segment_id.filtered(lambda s: s.logged_segment_id in self)
        result = super().unlink()
        segments._return_to_draft()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _get_entries_to_change(self, state, only_with_segment=False):
        """The entries of the logged segments in ``state``, all of them: the
        caller must be allowed to change every one (a cascade that skipped
        the entries the caller cannot see would leave them half done)."""
        domain = [("logged_segment_id", "in", self.ids), ("state", "=", state)]
        if only_with_segment:
            domain.append(("canceled_with_segment", "=", True))
        entries = self.env["crm.interaction.log.entry"].sudo().search(domain)
        entries = entries.with_env(self.env)
        try:
            entries.check_access("write")
        except AccessError:
            raise UserError(
                self.env._(
                    "The logged segment %(names)s has interactions of other "
                    "salespersons that you may not change: ask a sales manager "
                    "or the salesperson who logged it.",
                    names=", ".join(self.mapped("name")),
                )
            ) from None
        return entries

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
        self.check_access("write")
        entries = self._get_entries_to_change("logged")
        count = entries._change_state("canceled", with_segment=True)
        with_write_token(self).write(
            {"state": "canceled", "canceled_date": fields.Datetime.now()}
        )
        self._post_state_message(
            entries,
            self.env._("Logged segment canceled: 1 interaction canceled."),
            self.env._("Logged segment canceled: %(count)s interactions canceled."),
            self.env._("Canceled with the logged segment %(name)s."),
        )
        return success_notification(
            counted(
                count,
                self.env._("1 interaction canceled."),
                self.env._("%(count)s interactions canceled.", count=count),
            )
        )

    def action_restore(self):
        """Restore the logged segments and the interactions their
        cancellation canceled (entries canceled on their own stay canceled)."""
        not_canceled = self.filtered(lambda s: s.state != "canceled")
        if not_canceled:
            raise UserError(
                self.env._(
                    "The logged segment %(names)s is not canceled.",
                    names=", ".join(not_canceled.mapped("name")),
                )
            )
        self.check_access("write")
        entries = self._get_entries_to_change("canceled", only_with_segment=True)
        with_write_token(self).write({"state": "logged", "canceled_date": False})
        count = entries._change_state("logged")
        self._post_state_message(
            entries,
            self.env._("Logged segment restored: 1 interaction restored."),
            self.env._("Logged segment restored: %(count)s interactions restored."),
            self.env._("Restored with the logged segment %(name)s."),
        )
        return success_notification(
            counted(
                count,
                self.env._("1 interaction restored."),
                self.env._("%(count)s interactions restored.", count=count),
            )
        )

    def _post_state_message(self, entries, one, many, entry_line):
        """One chatter message per logged segment, with its entries counted:
        ``one`` when it changed one entry, else ``many`` (with
        ``%(count)s``); and on each entry it changed the line ``entry_line``
        (with ``%(name)s``, the logged segment's name), written in batch."""
        by_segment = defaultdict(list)
        for entry in entries:
            by_segment[entry.logged_segment_id].append(entry.id)
        for logged in self:
            count = len(by_segment.get(logged, ()))
            logged.message_post(body=counted(count, one, many % {"count": count}))
            entries.browse(by_segment.get(logged, ()))._log_chatter_line(
                entry_line % {"name": logged.name}
            )

    def action_open_entries(self):
        """The interactions the smart button counts (entry_count)."""
        self.ensure_one()
        action = self.env["crm.interaction.log.entry"]._action_open_log(
            [("logged_segment_id", "=", self.id)], self.name
        )
        if self.state == "canceled":
            action["context"].pop("search_default_filter_not_canceled", None)
            action["context"]["search_default_filter_canceled"] = 1
        return action

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
