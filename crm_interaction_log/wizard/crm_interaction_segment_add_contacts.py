import ast
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.crm_interaction_log_entry import EVALUATION
from ..models.notifications import CLOSE_WINDOW, counted, success_notification

# a filter longer than this is not one a person built in the filter editor
MAX_DOMAIN_LENGTH = 20000
# nor a path through more fields than this (parent_id.parent_id...)
MAX_PATH_DEPTH = 10


class CrmInteractionSegmentAddContacts(models.TransientModel):
    """Add contacts to a segment: every contact matching a filter, or the
    audience of a past logged segment."""

    _name = "crm.interaction.segment.add.contacts"
    _description = "Add Contacts to a Segment"

    segment_id = fields.Many2one(
        "crm.interaction.segment", required=True, ondelete="cascade"
    )
    source = fields.Selection(
        [
            ("domain", "Contacts matching a filter"),
            ("logged", "A logged segment"),
            ("history", "Interaction history"),
        ],
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
    # interaction history source
    history_mode = fields.Selection(
        [
            ("with", "Contacts with such interactions"),
            ("without", "Contacts without such interactions"),
        ],
        string="Contacts",
        default="with",
        required=True,
    )
    history_template_ids = fields.Many2many(
        "crm.interaction.template",
        "crm_interaction_add_contacts_template_rel",
        "wizard_id",
        "template_id",
        string="Interaction Templates",
    )
    history_group_ids = fields.Many2many(
        "crm.interaction.group",
        "crm_interaction_add_contacts_group_rel",
        "wizard_id",
        "group_id",
        string="Interaction Groups",
    )
    history_campaign_ids = fields.Many2many(
        "utm.campaign",
        "crm_interaction_add_contacts_campaign_rel",
        "wizard_id",
        "campaign_id",
        string="Campaigns",
    )
    history_evaluation = fields.Selection(EVALUATION, string="Evaluation")
    history_date_from = fields.Date(string="Interactions From")
    history_date_to = fields.Date(string="Interactions To")
    history_expand_company = fields.Boolean(
        string="Expand to the Company's People",
        help="Take every contact of a company that has a matching interaction, "
        "not only the contacts the interactions were logged for.",
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
        self._check_domain_leaves(domain)
        try:
            # checks the fields and operators (the query is not run)
            self.env["res.partner"]._search(domain)
        except (ValueError, TypeError, KeyError, AssertionError, RecursionError) as exc:
            raise UserError(
                self.env._(
                    "The contact filter is not valid: %(error)s", error=str(exc)[:300]
                )
            ) from None
        return domain

    @api.model
    def _check_domain_leaves(self, domain):
        """Refuse what a literal domain can hold but no filter means: a field
        path deeper than ``MAX_PATH_DEPTH`` and numbers PostgreSQL cannot
        compare (``9e999`` is infinity)."""

        def check_value(value):
            if isinstance(value, float) and not math.isfinite(value):
                raise UserError(
                    self.env._(
                        "The contact filter is not valid: %(value)s is not a number "
                        "a filter can compare with.",
                        value=repr(value),
                    )
                )
            if isinstance(value, list | tuple):
                for item in value:
                    check_value(item)

        for leaf in domain:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                continue
            path, _operator, value = leaf
            if isinstance(path, str) and path.count(".") >= MAX_PATH_DEPTH:
                raise UserError(
                    self.env._(
                        "The contact filter is not valid: a condition can follow "
                        "at most %(max)s fields (%(path)s...).",
                        max=MAX_PATH_DEPTH,
                        path=path[:60],
                    )
                )
            check_value(value)

    def _get_partner_query(self):
        """SQL query of the ids of the contacts to add (record rules of the
        user apply), or None when nothing matches."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        if self.source == "history":
            return self._get_history_partner_query()
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

    def _get_history_entry_domain(self):
        self.ensure_one()
        domain = [("state", "=", "logged")]
        if self.history_template_ids:
            domain.append(("template_id", "in", self.history_template_ids.ids))
        if self.history_group_ids:
            domain.append(("group_id", "in", self.history_group_ids.ids))
        if self.history_campaign_ids:
            domain.append(("campaign_id", "in", self.history_campaign_ids.ids))
        if self.history_evaluation:
            domain.append(("evaluation", "=", self.history_evaluation))
        if self.history_date_from:
            domain.append(("date", ">=", self.history_date_from))
        if self.history_date_to:
            domain.append(("date", "<", self.history_date_to + timedelta(days=1)))
        return domain

    def _get_history_partner_domain(self):
        """Contact domain of the history criteria: contacts with (or
        without) logged interactions matching them, among the interactions
        the user may see; with the company's people when expanded."""
        self.ensure_one()
        Entry = self.env["crm.interaction.log.entry"]
        entry_field, partner_field = (
            ("commercial_partner_id", "commercial_partner_id")
            if self.history_expand_company
            else ("partner_id", "id")
        )
        query = Entry._search(
            [*self._get_history_entry_domain(), (entry_field, "!=", False)]
        )
        matching = query.subselect(Entry._field_to_sql(query.table, entry_field, query))
        operator = "in" if self.history_mode == "with" else "not in"
        # domains side by side are their conjunction (on both series)
        return [
            (partner_field, operator, matching),
            # our own company, its people and our users are no audience
            ("is_interaction_internal", "=", False),
            *self._get_history_base_domain(),
        ]

    def _get_history_base_domain(self):
        """The contact filter narrowing the history source (optional there:
        an empty filter means every contact)."""
        self.ensure_one()
        return self._parse_partner_domain(self.partner_domain) or []

    def _get_history_partner_query(self):
        """SQL query of the ids of the contacts of the history criteria."""
        return (
            self.env["res.partner"]._search(self._get_history_partner_domain()).select()
        )

    def _get_history_partners(self):
        """The contacts of the history criteria (one query)."""
        return self.env["res.partner"].search(self._get_history_partner_domain())

    @api.depends(
        "source",
        "partner_domain",
        "logged_segment_id",
        "history_mode",
        "history_template_ids",
        "history_group_ids",
        "history_campaign_ids",
        "history_evaluation",
        "history_date_from",
        "history_date_to",
        "history_expand_company",
    )
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
        message = counted(
            count,
            self.env._("1 contact added to the segment %(name)s.", name=segment.name),
            self.env._(
                "%(count)s contacts added to the segment %(name)s.",
                count=count,
                name=segment.name,
            ),
            none=self.env._(
                "No contact added to the segment %(name)s: they are all in it already.",
                name=segment.name,
            ),
        )
        return success_notification(message, CLOSE_WINDOW)

    def action_remove(self):
        """Remove from the segment the contacts matching the criteria."""
        self.ensure_one()
        segment = self.segment_id
        segment._check_lines_editable()
        query = self._get_partner_query()
        lines = self.env["crm.interaction.segment.line"]
        if query is not None:
            lines = lines.search(
                [
                    ("segment_id", "=", segment.id),
                    ("partner_id", "in", SQL("(%s)", query)),
                ]
            )
        count = len(lines)
        lines.unlink()
        message = counted(
            count,
            self.env._(
                "1 contact removed from the segment %(name)s.", name=segment.name
            ),
            self.env._(
                "%(count)s contacts removed from the segment %(name)s.",
                count=count,
                name=segment.name,
            ),
            none=self.env._(
                "No contact removed from the segment %(name)s.", name=segment.name
            ),
        )
        return success_notification(message, CLOSE_WINDOW)
