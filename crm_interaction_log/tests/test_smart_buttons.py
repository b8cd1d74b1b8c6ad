from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestSmartButtonCounts(TestInteractionCommon):
    """Every Interactions smart button shows the number of rows of the list
    it opens (its domain and default filters), whatever the entries' states:
    logged, failed attempt, canceled, postponed, in a canceled logged
    segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Counted deal",
                "partner_id": cls.partner_anna.id,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.outcome = cls.env["crm.interaction.outcome"].create(
            {"name": "Counted outcome"}
        )
        common = {
            "lead_id": cls.lead.id,
            "campaign_id": cls.campaign.id,
            "outcome_id": cls.outcome.id,
            "user_id": cls.user_salesman.id,
        }
        cls.logged = cls._create_entry(**common)
        cls.failed = cls._create_entry(attempt_failed=True, **common)
        cls.canceled = cls._create_entry(**common)
        cls.canceled.action_cancel()
        cls.postponed = cls._create_entry(state="postponed", **common)
        cls.ben_entry = cls._create_entry(partner=cls.partner_ben, **common)
        # a logged segment of three, then canceled; another one kept logged,
        # one of whose entries was canceled on its own
        cls.segments = cls.env["crm.interaction.segment"].create(
            [
                {
                    "description": description,
                    "template_id": cls.template_call_out.id,
                    "user_id": cls.user_salesman.id,
                    "campaign_id": cls.campaign.id,
                    "line_ids": [
                        Command.create({"partner_id": partner.id})
                        for partner in (cls.partner_anna, cls.partner_ben)
                    ],
                }
                for description in ("Canceled later", "Kept")
            ]
        )
        cls.segments.action_log()
        cls.canceled_segment, cls.kept_segment = cls.segments.logged_segment_id
        cls.canceled_segment.action_cancel()
        cls.kept_segment.entry_ids.filtered(
            lambda e: e.partner_id == cls.partner_ben
        ).action_cancel()

    def _rows_opened(self, action):
        """The number of rows the action's list shows: its domain and the
        filters its context turns on in its search view."""
        Model = self.env[action["res_model"]]
        domain = list(action.get("domain") or [])
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, {"uid": self.env.uid})
        search_view = action.get("search_view_id")
        view_id = (
            search_view[0] if isinstance(search_view, list | tuple) else search_view
        )
        arch = Model.get_view(view_id or None, "search")["arch"]
        for key, value in context.items():
            if not (key.startswith("search_default_") and value):
                continue
            name = key[len("search_default_") :]
            (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
            domain += safe_eval(node.get("domain"), {"uid": self.env.uid})
        return Model.search_count(domain)

    def _assert_counts(self, pairs):
        for record, count_field, method in pairs:
            with self.subTest(model=record._name, record=record.display_name):
                record.invalidate_recordset()
                action = getattr(record, method)()
                self.assertEqual(record[count_field], self._rows_opened(action))

    def _buttons(self, env):
        def rec(record):
            return record.with_env(env)

        return [
            (rec(self.partner_anna), "interaction_count", "action_open_interactions"),
            (
                rec(self.partner_company),
                "interaction_count",
                "action_open_interactions",
            ),
            (
                rec(self.partner_anna),
                "interaction_postponed_count",
                "action_open_postponed_interactions",
            ),
            (rec(self.user_salesman), "interaction_count", "action_open_interactions"),
            (rec(self.lead), "interaction_count", "action_open_interactions"),
            (rec(self.campaign), "interaction_count", "action_open_interactions"),
            (
                rec(self.campaign),
                "interaction_opportunity_count",
                "action_open_interaction_opportunities",
            ),
            (
                rec(self.template_call_out),
                "interaction_count",
                "action_open_log_entries",
            ),
            (rec(self.group_call), "interaction_count", "action_open_log_entries"),
            (rec(self.outcome), "interaction_count", "action_open_log_entries"),
            (rec(self.canceled_segment), "entry_count", "action_open_entries"),
            (rec(self.kept_segment), "entry_count", "action_open_entries"),
        ]

    def test_counts_equal_lists(self):
        self._assert_counts(self._buttons(self.env))
        # what the figures are, so that the equality is not 0 = 0
        self.assertEqual(self.canceled_segment.entry_count, 2)
        self.assertEqual(self.kept_segment.entry_count, 1)
        self.assertEqual(self.partner_anna.interaction_count, 3)
        self.assertEqual(self.partner_company.interaction_count, 4)

    def test_counts_equal_lists_own_documents(self):
        env = self.env(user=self.user_salesman)
        self._assert_counts(self._buttons(env))
        self.assertEqual(self.partner_anna.with_env(env).interaction_count, 3)

    def test_canceled_logged_segment_opens_its_entries(self):
        """A canceled logged segment counts and opens its canceled entries,
        not an empty list of logged ones."""
        action = self.canceled_segment.action_open_entries()
        self.assertEqual(action["context"].get("search_default_filter_canceled"), 1)
        self.assertNotIn("search_default_filter_not_canceled", action["context"])
        self.assertEqual(self._rows_opened(action), 2)

    def test_failed_deliveries_of_canceled_entries_not_counted(self):
        entries = self.kept_segment.entry_ids
        entries._write_protected({"delivery_status": "error"})
        self.kept_segment.invalidate_recordset()
        # the canceled one is not in the Not Delivered list
        self.assertEqual(self.kept_segment.delivery_failed_count, 1)
        self._assert_counts(
            [(self.kept_segment, "delivery_failed_count", "action_open_failed_entries")]
        )
