import ast

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# a filter longer than this is not one a person built in the filter editor
MAX_DOMAIN_LENGTH = 20000


class CrmInteractionSegmentAddContacts(models.TransientModel):
    """Add contacts to a segment: every contact matching a filter, or the
    audience of a past logged segment."""

    _name = "crm.interaction.segment.add.contacts"
    _description = "Add Contacts to a Segment"

    segment_id = fields.Many2one(
        "crm.interaction.segment", required=True, ondelete="cascade"
    )
    source = fields.Selection(
        [("domain", "Contacts matching a filter"), ("logged", "A logged segment")],
        default="domain",
        required=True,
    )
    partner_domain = fields.Char(
        string="Filter",
        default="[]",
        help="The contacts to add. An empty filter adds nobody: add at least one rule.",
    )
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        string="Reuse the Contacts of",
        ondelete="cascade",
    )
    partner_count = fields.Integer(
        string="Matching Contacts", compute="_compute_partner_count"
    )
    domain_error = fields.Char(compute="_compute_partner_count")

    @api.model
    def _parse_partner_domain(self, text):
        """The contact filter as a domain: a literal, never evaluated code.

        Filters are data typed or built by a user: they are parsed like
        mass_mailing parses its mailing domain (a Python literal), then
        checked against ``res.partner`` so that an unknown field or operator
        gives a clear error instead of a server error.

        :return: a domain; ``[]`` (match nothing here) when empty
        :raise UserError: when the filter is not a valid contact domain
        """
        text = (text or "").strip()
        if not text:
            return []
        if len(text) > MAX_DOMAIN_LENGTH:
            raise UserError(self.env._("The contact filter is too long."))
        try:
            domain = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise UserError(
                self.env._(
                    "The contact filter is not valid: it must be a list of "
                    'conditions such as [("is_company", "=", True)] with plain '
                    "values (no expressions)."
                )
            ) from None
        if not isinstance(domain, list | tuple):
            raise UserError(
                self.env._(
                    "The contact filter is not valid: it must be a list of "
                    "conditions, not %(value)s.",
                    value=repr(domain)[:50],
                )
            )
        domain = list(domain)
        if not domain:
            return []
        try:
            domain = expression.normalize_domain(domain)
            self.env["res.partner"]._where_calc(domain)
        except (ValueError, TypeError, KeyError, AssertionError) as exc:
            raise UserError(
                self.env._(
                    "The contact filter is not valid: %(error)s", error=str(exc)[:300]
                )
            ) from None
        return domain

    def _get_partner_query(self):
        """SQL query of the ids of the contacts to add (record rules of the
        user apply), or None when nothing matches."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if self.source == "logged":
            if not self.logged_segment_id:
                return None
            self.logged_segment_id.check_access("read")
            entries = self.env["crm.interaction.log.entry"]._search(
                [("logged_segment_id", "=", self.logged_segment_id.id)]
            )
            return Partner._search(
                [("id", "in", entries.subselect("partner_id"))]
            ).select()
        domain = self._parse_partner_domain(self.partner_domain)
        if not domain:
            return None
        return Partner._search(domain).select()

    @api.depends("source", "partner_domain", "logged_segment_id")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = 0
            wizard.domain_error = False
            try:
                query = wizard._get_partner_query()
            except UserError as error:
                wizard.domain_error = error.args[0]
                continue
            if query is not None:
                wizard.partner_count = self.env.execute_query(
                    SQL("SELECT COUNT(*) FROM (%s) AS q", query)
                )[0][0]

    def action_add(self):
        self.ensure_one()
        segment = self.segment_id
        segment._check_lines_editable()
        query = self._get_partner_query()
        if query is None:
            raise UserError(
                self.env._(
                    "No contacts to add: build a filter with at least one rule, or "
                    "choose a logged segment."
                )
            )
        count = segment._insert_lines(query)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s contacts added to the segment %(name)s.",
                    count=count,
                    name=segment.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
