from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestInputValidation(TestInteractionCommon):
    """Values no user means are refused with a clear message instead of a
    server error or a statistic they would skew."""

    def _add_contacts(self, partner_domain):
        segment = (
            self.env["crm.interaction.segment"]
            .with_user(self.user_salesman)
            .create(
                {"description": "Filters", "template_id": self.template_call_out.id}
            )
        )
        return (
            self.env["crm.interaction.segment.add.contacts"]
            .with_user(self.user_salesman)
            .create({"segment_id": segment.id, "partner_domain": partner_domain})
        )

    def test_filter_deep_path(self):
        path = ".".join(["parent_id"] * 1500 + ["name"])
        wizard = self._add_contacts(f"[('{path}', '=', 'x')]")
        self.assertIn("at most 10 fields", wizard.domain_error)
        self.assertEqual(wizard.partner_count, 0)
        with self.assertRaisesRegex(UserError, "at most 10 fields"):
            wizard.action_add()
        # a path a person builds still works
        wizard = self._add_contacts(
            "[('parent_id.parent_id.name', '=', 'Nordic Furniture Oy')]"
        )
        self.assertFalse(wizard.domain_error)

    def test_filter_infinite_number(self):
        for text in (
            "[('id', '>', 9e999)]",
            "[('id', 'in', [1, -9e999])]",
            "['|', ('name', '=', 'x'), ('color', '<', 9e999)]",
        ):
            wizard = self._add_contacts(text)
            self.assertIn("not a number", wizard.domain_error, text)
            with self.assertRaisesRegex(UserError, "not a number"):
                wizard.action_add()

    def test_entry_date_range(self):
        for date in ("9999-12-31 00:00:00", "0001-01-01 00:00:00"):
            with self.assertRaisesRegex(ValidationError, "between 1900-01-01"):
                self._create_entry(date=date)
        entry = self._create_entry(date="1990-06-15 10:00:00")
        with self.assertRaisesRegex(ValidationError, "between 1900-01-01"):
            entry.with_context(tracking_disable=True).sudo()._write_protected(
                {"date": "2500-01-01 00:00:00"}
            )

    def test_wizard_date_range(self):
        wizard = (
            self.env["crm.interaction.create.wizard"]
            .with_user(self.user_salesman)
            .create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "date": "9999-12-31 00:00:00",
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, "between 1900-01-01"):
            wizard.action_log()

    def test_cost_and_duration_range(self):
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self._create_entry(cost=1e300)
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self._create_entry(duration=10**9)
        entry = self._create_entry(cost=999.5, duration=90)
        self.assertEqual(entry.cost, 999.5)
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self.template_call_out.unit_cost = 1e300
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self.env["crm.interaction.segment"].create(
                {
                    "description": "Costly",
                    "template_id": self.template_call_out.id,
                    "cost": 1e300,
                }
            )

    def test_filter_is_parsed_not_evaluated(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        segment = self._create_segment(self.user_salesman, partners=partner_carl)
        Wizard = self.env["crm.interaction.segment.add.contacts"].with_user(
            self.user_salesman
        )
        for bad, message in (
            ("[('id', '=', (3 ** (10 ** 8)) and 1)]", "plain values"),
            ("__import__('os').system('true')", "plain values"),
            ("1", "list of conditions"),
            ("[('no_such_field', '=', 1)]", "not valid"),
            ("[('name', 'no_such_operator', 1)]", "not valid"),
            ("[('name', '=', 'x'", "plain values"),
            ("'[]'", "list of conditions"),
        ):
            wizard = Wizard.create({"segment_id": segment.id, "partner_domain": bad})
            self.assertEqual(wizard.partner_count, 0)
            self.assertIn("not valid", wizard.domain_error or "")
            with self.assertRaisesRegex(UserError, message):
                wizard.action_add()
        self.assertEqual(segment.line_count, 1)
        # a literal filter works
        wizard = Wizard.create(
            {
                "segment_id": segment.id,
                "partner_domain": "[('parent_id', '=', %d)]" % self.partner_company.id,
            }
        )
        self.assertEqual(wizard.partner_count, 2)
        wizard.action_add()
        self.assertEqual(segment.line_count, 3)

    def test_negative_values_refused(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._create_entry(cost=-1)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._create_entry(duration=-5)
        segment = self._create_segment(self.user_salesman, partners=partner_carl)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            segment.line_ids.cost = -2
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            segment.duration = -2
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["crm.interaction.create.wizard"].create(
                {
                    "partner_id": self.partner_anna.id,
                    "template_id": self.template_call_out.id,
                    "cost": -3,
                }
            )

    def test_portal_user_not_salesperson(self):
        portal = new_test_user(self.env, login="cil_portal", groups="base.group_portal")
        with self.assertRaisesRegex(ValidationError, "not an internal user"):
            self._create_entry(user_id=portal.id)
        with self.assertRaisesRegex(ValidationError, "not an internal user"):
            self._create_segment(self.user_manager, user_id=portal.id)

    def test_description_length(self):
        with self.assertRaisesRegex(ValidationError, "at most 100 characters"):
            self._create_entry(description="x" * 101)
        self.assertTrue(self._create_entry(description="x" * 100))
