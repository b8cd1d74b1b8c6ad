from datetime import datetime

from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestStatistics(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": cls.partner_anna.id}
        )
        E = cls._create_entry
        # Anna: two logged calls (one a failed attempt), a postponed and a canceled one
        E(partner=cls.partner_anna, date=datetime(2026, 3, 1, 9), lead_id=cls.lead.id)
        E(partner=cls.partner_anna, date=datetime(2026, 3, 5, 9), attempt_failed=True)
        E(partner=cls.partner_anna, date=datetime(2026, 4, 1, 9), state="postponed")
        canceled = E(partner=cls.partner_anna, date=datetime(2026, 4, 2, 9))
        canceled.action_cancel()
        # Ben: an inbound letter-free call, initiated by them
        E(
            template=cls.template_call_in,
            partner=cls.partner_ben,
            date=datetime(2026, 3, 10, 9),
            user_id=cls.user_salesman_2.id,
        )
        # the company itself: a letter
        E(
            template=cls.template_letter,
            partner=cls.partner_company,
            date=datetime(2026, 2, 1, 9),
        )

    def test_person_statistics(self):
        anna = self.partner_anna
        self.assertEqual(anna.interaction_count, 2)
        self.assertAlmostEqual(anna.interaction_cost, 5.0)
        self.assertEqual(anna.interaction_duration, 20)
        # the failed attempt is not an interaction, but an attempt
        self.assertEqual(anna.last_interaction_date, datetime(2026, 3, 1, 9))
        self.assertEqual(anna.last_attempt_date, datetime(2026, 3, 5, 9))
        ben = self.partner_ben
        self.assertEqual(ben.interaction_count, 1)
        self.assertEqual(ben.last_interaction_date, datetime(2026, 3, 10, 9))
        self.assertFalse(ben.last_attempt_date)  # initiated by them

    def test_company_aggregates_its_people(self):
        company = self.partner_company
        self.assertEqual(company.interaction_count, 4)
        self.assertAlmostEqual(company.interaction_cost, 5.0 + 0.0 + 1.2)
        self.assertEqual(company.interaction_duration, 20 + 4 + 15)
        self.assertEqual(company.last_interaction_date, datetime(2026, 3, 10, 9))
        self.assertEqual(company.last_attempt_date, datetime(2026, 3, 5, 9))
        action = company.action_open_interactions()
        found = self.env["crm.interaction.log.entry"].search(
            action["domain"] + [("state", "=", "logged")]
        )
        self.assertEqual(len(found), 4)

    def test_users_leads_templates_groups(self):
        self.assertEqual(self.user_salesman.interaction_count, 2)  # Anna's salesperson
        self.assertEqual(self.user_salesman_2.interaction_count, 1)
        self.assertEqual(self.lead.interaction_count, 1)
        self.assertEqual(self.lead.last_interaction_date, datetime(2026, 3, 1, 9))
        self.assertEqual(self.template_call_out.interaction_count, 2)
        self.assertAlmostEqual(self.template_call_out.interaction_cost, 5.0)
        self.assertEqual(self.template_call_out.duration_total, 20)
        self.assertEqual(self.group_call.interaction_count, 3)
        self.assertEqual(self.group_call.interaction_duration, 24)
        self.assertEqual(self.group_letter.cost_total, 1.2)
        action = self.user_salesman.action_open_interactions()
        self.assertIn(("user_id", "=", self.user_salesman.id), action["domain"])

    def test_statistics_for_80_contacts_in_3_queries(self):
        partners = (
            self.env["res.partner"].create(
                [
                    {"name": f"Stat {i}", "parent_id": self.partner_company.id}
                    for i in range(79)
                ]
            )
            | self.partner_company
        )
        self.env["crm.interaction.log.entry"].create(
            [
                {"template_id": self.template_call_out.id, "partner_id": partner.id}
                for partner in partners
            ]
        )
        partners = partners.with_user(self.user_manager)
        # warm the caches of the access rules and of the user
        self.env.flush_all()
        partners.invalidate_recordset()
        partners.mapped("name")
        partners.mapped("interaction_count")
        partners.invalidate_recordset()
        with self.assertQueryCount(3):
            values = [
                (
                    partner.interaction_count,
                    partner.interaction_cost,
                    partner.interaction_duration,
                    partner.last_interaction_date,
                    partner.last_attempt_date,
                )
                for partner in partners
            ]
        self.assertEqual(len(values), 80)
        self.assertEqual(partners[0].interaction_count, 1)
        self.assertEqual(self.partner_company.interaction_count, 4 + 80)

    def test_analysis_under_reporting_with_count(self):
        menu = self.env.ref("crm_interaction_log.crm_interaction_analysis_menu")
        self.assertEqual(menu.parent_id, self.env.ref("crm.crm_menu_report"))
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_log_entry_view_pivot", "pivot"
        )
        # without a measure in the arch the pivot shows Count
        self.assertFalse(arch.xpath("//field[@type='measure']"))

    def test_user_interaction_cost_in_currency(self):
        field = self.env["res.users"]._fields["interaction_cost"]
        self.assertEqual(field.type, "monetary")
        user = self.user_salesman
        # Sally has Anna's two logged calls of this class (2.5 each)
        self.assertEqual(user.interaction_cost, 5.0)
        self._create_entry(user_id=user.id)
        user.invalidate_recordset(["interaction_cost"])
        self.assertEqual(user.interaction_cost, 7.5)
        self.assertEqual(user.interaction_currency_id, self.env.company.currency_id)
        arch = self._view_arch("base.view_users_form")
        self.assertTrue(arch.xpath("//field[@name='interaction_currency_id']"))
