from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestInteractionSearch(TestInteractionCommon):
    """Contact statistics can be searched, filtered and sorted, per user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.partner_cleo = Partner.create({"name": "Cleo Never Called"})
        cls.partner_dan = Partner.create({"name": "Dan Old Contact"})
        now = fields.Datetime.now()
        cls.recent = now - timedelta(days=3)
        cls.old = now - timedelta(days=200)
        E = cls._create_entry
        # Anna (Nordic Furniture): a recent call by Sally, a recent failed
        # attempt by Sam
        E(partner=cls.partner_anna, date=cls.recent, user_id=cls.user_salesman.id)
        E(
            partner=cls.partner_anna,
            date=now - timedelta(days=1),
            attempt_failed=True,
            user_id=cls.user_salesman_2.id,
        )
        # Ben (Nordic Furniture): an old letter by Sam, a canceled call
        E(
            template=cls.template_letter,
            partner=cls.partner_ben,
            date=cls.old,
            user_id=cls.user_salesman_2.id,
        )
        E(partner=cls.partner_ben, date=cls.recent).action_cancel()
        # Dan: an old call by Sam, and a postponed one (never counts)
        E(partner=cls.partner_dan, date=cls.old, user_id=cls.user_salesman_2.id)
        E(partner=cls.partner_dan, date=cls.recent, state="postponed")
        cls.ours = (
            cls.partner_company
            | cls.partner_anna
            | cls.partner_ben
            | cls.partner_cleo
            | cls.partner_dan
        )

    def _search(self, domain, user=None, order=None):
        Partner = self.env["res.partner"]
        if user:
            Partner = Partner.with_user(user)
        return Partner.search([("id", "in", self.ours.ids), *domain], order=order)

    def test_search_each_statistic(self):
        s = self._search
        self.assertEqual(
            s([("interaction_count", ">", 0)]),
            self.partner_company
            | self.partner_anna
            | self.partner_ben
            | self.partner_dan,
        )
        self.assertEqual(s([("interaction_count", "=", 0)]), self.partner_cleo)
        # the company aggregates its people: 3 logged interactions
        self.assertEqual(s([("interaction_count", ">=", 3)]), self.partner_company)
        self.assertEqual(
            s([("interaction_count", "<", 2)]),
            self.partner_ben | self.partner_cleo | self.partner_dan,
        )
        self.assertEqual(
            s([("interaction_cost", ">", 3.0)]),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(s([("interaction_duration", "=", 15)]), self.partner_ben)
        self.assertEqual(s([("last_interaction_date", "=", False)]), self.partner_cleo)
        self.assertEqual(
            s([("last_interaction_date", ">=", self.recent)]),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(
            s([("last_attempt_date", ">", self.recent)]),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(
            s([("interaction_count", "in", [0, 1])]),
            self.partner_ben | self.partner_cleo | self.partner_dan,
        )
        self.assertEqual(
            s([("interaction_count", "not in", [0, 1])]),
            self.partner_company | self.partner_anna,
        )

    def test_not_contacted_filter_of_the_contact_list(self):
        view = self.env.ref("crm_interaction_log.res_partner_view_search_interaction")
        arch = view.arch_db
        start = arch.index("domain=", arch.index('name="filter_not_contacted_90"'))
        raw = arch[start + 8 : arch.index('"', start + 8)]
        raw = raw.replace("&lt;", "<").replace("&gt;", ">")
        domain = safe_eval(
            raw,
            {
                "context_today": safe_datetime.date.today,
                "relativedelta": dateutil.relativedelta.relativedelta,
            },
        )
        # Ben and Dan were last reached 200 days ago, Cleo never
        self.assertEqual(
            self._search(domain),
            self.partner_ben | self.partner_cleo | self.partner_dan,
        )
        self.assertEqual(
            self._search([("interaction_count", "=", 0)]), self.partner_cleo
        )

    def test_sort_on_statistics(self):
        self.assertEqual(
            self._search([], order="interaction_count desc, id").ids,
            [
                self.partner_company.id,
                self.partner_anna.id,
                self.partner_ben.id,
                self.partner_dan.id,
                self.partner_cleo.id,
            ],
        )
        by_date = self._search([], order="last_interaction_date desc nulls last, id")
        self.assertEqual(by_date[-1], self.partner_cleo)
        self.assertEqual(by_date[:2], self.partner_company | self.partner_anna)
        # the list columns are sortable and searchable in the web client
        description = (
            self.env["res.partner"]
            .with_user(self.user_salesman)
            .fields_get(
                ["last_interaction_date", "interaction_count"],
                ["sortable", "searchable"],
            )
        )
        for values in description.values():
            self.assertTrue(values["sortable"])
            self.assertTrue(values["searchable"])

    def test_group_contacts_on_statistics(self):
        groups = dict(
            self.env["res.partner"]._read_group(
                [("id", "in", self.ours.ids)], ["interaction_count"], ["__count"]
            )
        )
        self.assertEqual(groups, {3: 1, 2: 1, 1: 2, 0: 1})

    def test_own_documents_salesperson_counts_only_visible_entries(self):
        # Sally sees only her own entries and those of her customer Anna
        # (Anna's recent call and Sam's failed attempt), not Sam's on others
        sally = self.user_salesman
        self.assertEqual(
            self._search([("interaction_count", ">", 0)], user=sally),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(
            self._search([("interaction_count", "=", 0)], user=sally),
            self.partner_ben | self.partner_cleo | self.partner_dan,
        )
        self.assertEqual(
            self._search([("interaction_count", "=", 2)], user=sally),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(
            self._search([("last_attempt_date", "!=", False)], user=sally),
            self.partner_company | self.partner_anna,
        )
        self.assertEqual(
            self._search([], user=sally, order="interaction_count desc, id")[:2],
            self.partner_company | self.partner_anna,
        )
        # a user with all documents sees Sam's entries too
        self.assertEqual(
            self._search([("interaction_count", "=", 3)], user=self.user_all_docs),
            self.partner_company,
        )
        # the statistics read by Sally agree with her search
        company = self.partner_company.with_user(sally)
        self.assertEqual(company.interaction_count, 2)
        # once Anna is no longer hers, Sam's attempt is no longer hers to see
        self.partner_anna.user_id = self.user_salesman_2
        self.assertEqual(
            self._search([("interaction_count", "=", 1)], user=sally),
            self.partner_company | self.partner_anna,
        )

    def test_entries_any_domain(self):
        Partner = self.env["res.partner"]
        with_letter = [
            (
                "interaction_log_entry_ids",
                "any",
                [("template_id", "=", self.template_letter.id)],
            )
        ]
        self.assertEqual(self._search(with_letter), self.partner_ben)
        without_logged = [
            ("interaction_log_entry_ids", "not any", [("state", "=", "logged")])
        ]
        self.assertEqual(
            self._search(without_logged), self.partner_company | self.partner_cleo
        )
        # record rules apply inside: Sally sees none of Sam's letters
        self.assertFalse(
            Partner.with_user(self.user_salesman).search(
                [("id", "in", self.ours.ids), *with_letter]
            )
        )

    def test_search_is_one_query_whatever_the_number_of_contacts(self):
        Partner = self.env["res.partner"].with_user(self.user_all_docs)
        domain = [
            ("last_interaction_date", "<", fields.Datetime.now() - timedelta(days=90)),
            ("interaction_count", ">", 0),
        ]
        Partner.search(domain, order="last_interaction_date desc")  # warm the caches
        with self.assertQueryCount(1):
            small = Partner.search(domain, order="last_interaction_date desc")
        many = self.env["res.partner"].create(
            [{"name": f"Bulk {i}"} for i in range(300)]
        )
        self.env["crm.interaction.log.entry"].create(
            [
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": partner.id,
                    "date": datetime(2020, 1, 1),
                }
                for partner in many
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(1):
            large = Partner.search(domain, order="last_interaction_date desc")
        self.assertEqual(len(large), len(small) + 300)

    def _assert_button_matches_list(self, record, action, count):
        """The number of a smart button equals the rows its list shows (the
        action's domain and the default filters of its context)."""
        domain = (
            safe_eval(action["domain"])
            if isinstance(action["domain"], str)
            else action["domain"]
        )
        context = action.get("context") or {}
        if context.get("search_default_filter_not_canceled"):
            domain = [*domain, ("state", "!=", "canceled")]
        rows = self.env[action["res_model"]].search_count(domain)
        self.assertEqual(rows, count, f"{record} smart button")

    def test_smart_buttons_equal_their_lists(self):
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.partner_anna.id}
        )
        self._create_entry(lead_id=lead.id, campaign_id=self.campaign.id)
        self._create_entry(lead_id=lead.id).action_cancel()
        self._create_entry(lead_id=lead.id, state="postponed")
        outcome = self.env.ref("crm_interaction_log.interaction_outcome_busy")
        self._create_entry(outcome_id=outcome.id)
        self._create_entry(outcome_id=outcome.id).action_cancel()
        records = (
            self.partner_company,
            self.partner_anna,
            self.partner_ben,
            self.partner_dan,
            self.user_salesman,
            self.user_salesman_2,
            lead,
            self.template_call_out,
            self.group_call,
            self.group_letter,
            self.campaign,
            outcome,
        )
        for record in records:
            method = (
                record.action_open_log_entries
                if "action_open_log_entries" in dir(record)
                else record.action_open_interactions
            )
            self._assert_button_matches_list(record, method(), record.interaction_count)
