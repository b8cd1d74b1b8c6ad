from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestInteractionConfig(TestInteractionCommon):
    def test_template_code_unique_per_company(self):
        with self.assertRaisesRegex(ValidationError, "already used"):
            with self.env.cr.savepoint():
                self.env["crm.interaction.template"].create(
                    {
                        "code": "T_CALL_OUT",
                        "name": "Duplicate",
                        "group_id": self.group_call.id,
                    }
                )
        # the same code is fine in another company
        group_b = self.env["crm.interaction.group"].create(
            {"code": "T_CALL", "name": "B calls", "company_id": self.company_b.id}
        )
        other = self.env["crm.interaction.template"].create(
            {
                "code": "T_CALL_OUT",
                "name": "Company B call",
                "group_id": group_b.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(other.company_id, self.company_b)

    def test_code_unique_without_company(self):
        """Shared (company-less) records are checked by the ORM constraint:
        PostgreSQL does not compare NULL companies."""
        self.env["crm.interaction.group"].create(
            {"code": "SHARED", "name": "Shared", "company_id": False}
        )
        with self.assertRaisesRegex(ValidationError, "SHARED is already used"):
            self.env["crm.interaction.group"].create(
                {"code": "SHARED", "name": "Shared again", "company_id": False}
            )

    def test_group_code_unique_per_company(self):
        with self.assertRaisesRegex(ValidationError, "already used"):
            with self.env.cr.savepoint():
                self.env["crm.interaction.group"].create(
                    {"code": "T_CALL", "name": "Duplicate"}
                )
        # renaming onto an existing code is refused as well
        with self.assertRaisesRegex(ValidationError, "already used"):
            with self.env.cr.savepoint():
                self.group_letter.code = "T_CALL"
        self.group_letter.invalidate_recordset()
        self.assertEqual(self.group_letter.code, "T_LETTER")
        # another company may use the same code
        group_b = self.env["crm.interaction.group"].create(
            {"code": "T_CALL", "name": "B calls", "company_id": self.company_b.id}
        )
        self.assertEqual(
            self.env["crm.interaction.group"].search_count(
                [("code", "=", "T_CALL"), ("company_id", "!=", False)]
            ),
            2,
        )
        self.assertNotEqual(group_b.company_id, self.group_call.company_id)

    def test_unit_cost_and_duration_not_negative(self):
        Template = self.env["crm.interaction.template"]
        values = {"code": "NEG", "name": "Negative", "group_id": self.group_call.id}
        with (
            self.assertRaisesRegex(ValidationError, "unit cost .* cannot be negative"),
            self.env.cr.savepoint(),
        ):
            Template.create(dict(values, unit_cost=-1))
        with (
            self.assertRaisesRegex(
                ValidationError, "unit duration .* cannot be negative"
            ),
            self.env.cr.savepoint(),
        ):
            Template.create(dict(values, unit_duration=-5))
        self.assertFalse(Template.search([("code", "=", "NEG")]))
        self.template_call_out.unit_cost = 0
        self.assertEqual(self.template_call_out.unit_cost, 0)

    def test_template_needs_group(self):
        count = self.env["crm.interaction.template"].search_count([])
        with self.assertRaisesRegex(ValidationError, "needs an interaction group"):
            self.env["crm.interaction.template"].create(
                {"code": "X", "name": "No group"}
            )
        with self.assertRaisesRegex(ValidationError, "needs an interaction group"):
            self.template_letter.group_id = False
        self.assertEqual(self.env["crm.interaction.template"].search_count([]), count)

    def test_used_template_and_group_archive_not_delete(self):
        self._create_entry()
        self._create_entry(partner=self.partner_ben)
        with self.assertRaisesRegex(UserError, "used by 2 interaction log entries"):
            self.template_call_out.unlink()
        with self.assertRaisesRegex(
            UserError, "used by 2 interaction log entries and 2 templates"
        ):
            self.group_call.unlink()
        self.template_call_out.action_archive()
        self.assertFalse(self.template_call_out.active)
        self.group_call.action_archive()
        self.assertFalse(self.group_call.active)

    def test_shared_group_used_in_another_company(self):
        """A shared group used by a template of a company the user is not
        working in is still reported as used (not a foreign key error)."""
        shared = self.env["crm.interaction.group"].create(
            {"code": "SHARED_G", "name": "Shared group", "company_id": False}
        )
        self.env["crm.interaction.template"].create(
            {
                "code": "B_ONLY",
                "name": "B template",
                "group_id": shared.id,
                "company_id": self.company_b.id,
            }
        )
        in_company_a = shared.with_user(self.user_manager).with_context(
            allowed_company_ids=[self.company.id]
        )
        with self.assertRaisesRegex(UserError, "is used by 1 template and cannot"):
            in_company_a.unlink()
        self.assertTrue(shared.exists())

    def test_unused_template_and_group_can_be_deleted(self):
        group = self.env["crm.interaction.group"].create({"code": "TMP", "name": "Tmp"})
        template = self.env["crm.interaction.template"].create(
            {"code": "TMP", "name": "Tmp", "group_id": group.id}
        )
        with self.assertRaisesRegex(UserError, "is used by 1 template and cannot"):
            group.unlink()
        template.unlink()
        group.unlink()
        self.assertFalse(group.exists())

    def test_display_name_and_search_by_code(self):
        self.assertEqual(
            self.template_call_out.display_name, "[T_CALL_OUT] Test outbound call"
        )
        found = self.env["crm.interaction.template"].name_search("T_LETTER")
        self.assertIn(self.template_letter.id, [rid for rid, _name in found])

    def test_codes_normalized(self):
        Template = self.env["crm.interaction.template"]
        template = Template.create(
            {"code": "  call_x ", "name": "X", "group_id": self.group_call.id}
        )
        self.assertEqual(template.code, "CALL_X")
        for code in ("", "   ", "A" * 100_000, "a" * 21):
            with self.assertRaises(ValidationError):
                Template.create(
                    {"code": code, "name": "Y", "group_id": self.group_call.id}
                )
        for code in ("call_x", "CALL_X ", "Call_X"):
            with self.assertRaisesRegex(ValidationError, "already used"):
                Template.create(
                    {"code": code, "name": "Y", "group_id": self.group_call.id}
                )
        with self.assertRaises(ValidationError):
            self.group_call.code = "  "

    def test_company_code_cannot_shadow_shared_code(self):
        Template = self.env["crm.interaction.template"]
        shared_group = self.env["crm.interaction.group"].create(
            {"code": "SHARED_G", "name": "Shared group", "company_id": False}
        )
        Template.create(
            {
                "code": "SHARED",
                "name": "Shared",
                "group_id": shared_group.id,
                "company_id": False,
            }
        )
        with self.assertRaisesRegex(ValidationError, "already used"):
            Template.create(
                {"code": "shared", "name": "Mine", "group_id": self.group_call.id}
            )
        # another company's code does not clash with this company's
        other = Template.create(
            {
                "code": "ONLY_B",
                "name": "B",
                "group_id": shared_group.id,
                "company_id": self.company_b.id,
            }
        )
        Template.create({"code": "ONLY_B", "name": "A", "group_id": self.group_call.id})
        # but a shared one cannot take it
        with self.assertRaisesRegex(ValidationError, "already used"):
            other.company_id = False
        # and a group code follows the same rule
        with self.assertRaisesRegex(ValidationError, "already used"):
            self.env["crm.interaction.group"].create(
                {"code": "shared_g", "name": "Mine"}
            )

    def test_duplicate_template_gets_free_code(self):
        copy = self.template_call_out.copy()
        self.assertEqual(copy.code, "T_CALL_OUT_2")
        self.assertEqual(self.template_call_out.copy().code, "T_CALL_OUT_3")
        self.assertEqual(self.group_call.copy().code, "T_CALL_2")

    def test_configuration_and_campaign_menus(self):
        config = self.env.ref("crm_interaction_log.crm_interaction_config_menu")
        self.assertEqual(config.parent_id, self.env.ref("crm.crm_menu_config"))
        # the four items under their header (other features add theirs)
        self.assertLessEqual(
            {
                "Interaction Templates",
                "Interaction Groups",
                "Interaction Outcomes",
                "Automatic Interaction Logging",
                "Import from Business Central",
            },
            set(config.child_id.mapped("name")),
        )
        self.assertFalse(
            self.env["ir.ui.menu"].search(
                [
                    ("parent_id", "=", self.env.ref("crm.crm_menu_config").id),
                    ("name", "like", "Interaction"),
                    ("id", "!=", config.id),
                ]
            )
        )
        campaigns = self.env.ref("crm_interaction_log.crm_interaction_campaign_menu")
        self.assertEqual(
            campaigns.parent_id,
            self.env.ref("crm_interaction_log.crm_interaction_menu_root"),
        )
        self.assertEqual(campaigns.action, self.env.ref("utm.utm_campaign_action"))
