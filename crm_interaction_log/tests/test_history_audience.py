from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestHistoryAudience(TestInteractionCommon):
    """ "Not contacted in 90 days" picks customers: our own companies, their
    people and our users are left out, and the history source of Add
    Contacts can be narrowed with a contact filter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.employee = Partner.create(
            {"name": "Eve Employee", "parent_id": cls.env.company.partner_id.id}
        )
        cls.customer_fi = Partner.create({"name": "Fia Finland", "city": "Oulu"})
        cls.customer_se = Partner.create({"name": "Sven Sweden", "city": "Malmö"})
        cls.internal = (
            cls.env.company.partner_id
            | cls.company_b.partner_id
            | cls.employee
            | cls.user_salesman.partner_id
            | cls.env.user.partner_id
        )
        cls.portal_user = new_test_user(
            cls.env, login="cil_portal", name="Pia Portal", groups="base.group_portal"
        )
        cls.segment = cls.env["crm.interaction.segment"].create(
            {"description": "Win back", "template_id": cls.template_letter.id}
        )
        cls._create_entry(partner=cls.customer_se, date=datetime(2026, 1, 5, 10))

    def _wizard(self, **values):
        action = self.segment.action_open_add_contacts()
        form = Form(
            self.env["crm.interaction.segment.add.contacts"].with_context(
                **action.get("context", {})
            )
        )
        form.source = "history"
        for fname, value in values.items():
            setattr(form, fname, value)
        return form.save()

    def test_internal_contact_field(self):
        # OdooBot's partner is archived
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertTrue(all(self.internal.mapped("is_interaction_internal")))
        customers = self.customer_fi | self.portal_user.partner_id | self.partner_anna
        self.assertFalse(any(customers.mapped("is_interaction_internal")))
        internal = Partner.search([("is_interaction_internal", "=", True)])
        self.assertEqual(internal & (self.internal | customers), self.internal)
        external = Partner.search([("is_interaction_internal", "!=", True)])
        self.assertEqual(external & (self.internal | customers), customers)

    def test_history_without_leaves_out_internal_partners(self):
        partners = self._wizard(history_mode="without")._get_history_partners()
        self.assertFalse(partners & self.internal)
        self.assertIn(self.customer_fi, partners)
        self.assertIn(self.portal_user.partner_id, partners)
        self.assertNotIn(self.customer_se, partners)

    def test_history_with_a_base_filter(self):
        wizard = self._wizard(
            history_mode="without", partner_domain="[('city', '=', 'Oulu')]"
        )
        self.assertEqual(wizard._get_history_partners(), self.customer_fi)
        self.assertEqual(wizard.partner_count, 1)
        wizard.action_add()
        self.assertEqual(self.segment.line_ids.partner_id, self.customer_fi)
        # a bad base filter is reported like on the filter source
        wizard = self._wizard(
            history_mode="without", partner_domain="[('nope', '=', 1)]"
        )
        self.assertTrue(wizard.domain_error)
        self.assertEqual(wizard.partner_count, 0)

    def test_contact_filters_leave_out_internal_partners(self):
        arch = self.env["res.partner"].get_view(
            self.env.ref("base.view_res_partner_filter").id, "search"
        )["arch"]
        context = {
            "context_today": lambda: date(2026, 6, 1),
            "relativedelta": relativedelta,
        }
        for name in ("filter_not_contacted_90", "filter_never_contacted"):
            with self.subTest(filter=name):
                (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
                found = self.env["res.partner"].search(
                    safe_eval(node.get("domain"), context)
                )
                self.assertFalse(found & self.internal)
                self.assertIn(self.customer_fi, found)
