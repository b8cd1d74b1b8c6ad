from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestSecurity(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry_sally = cls._create_entry(partner=cls.partner_anna)  # user Sally
        cls.entry_sam = cls._create_entry(
            partner=cls.partner_ben, user_id=cls.user_salesman_2.id
        )
        cls.Entry = cls.env["crm.interaction.log.entry"]

    def test_salesman_own_documents_only(self):
        visible = self.Entry.with_user(self.user_salesman).search([])
        self.assertIn(self.entry_sally, visible)
        self.assertNotIn(self.entry_sam, visible)
        with self.assertRaises(AccessError):
            self.entry_sam.with_user(self.user_salesman).read(["description"])
        # an entry the salesman created for someone else stays visible to them
        created = self.Entry.with_user(self.user_salesman).create(
            {
                "template_id": self.template_call_out.id,
                "partner_id": self.partner_ben.id,
                "user_id": self.user_salesman_2.id,
            }
        )
        self.assertIn(created, self.Entry.with_user(self.user_salesman).search([]))

    def test_salesman_all_documents(self):
        visible = self.Entry.with_user(self.user_all_docs).search([])
        self.assertIn(self.entry_sally, visible)
        self.assertIn(self.entry_sam, visible)
        # and may act on them
        self.entry_sam.with_user(self.user_all_docs).action_cancel()
        self.assertEqual(self.entry_sam.state, "canceled")

    def test_salesman_cannot_change_others_entries(self):
        other = self.entry_sam.with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            other.action_cancel()
        with self.assertRaises(AccessError):
            other.write({"evaluation": "negative"})
        self.assertEqual(self.entry_sam.state, "logged")
        self.assertFalse(self.entry_sam.evaluation)
        # their own entry: allowed
        own = self.entry_sally.with_user(self.user_salesman)
        own.write({"evaluation": "positive"})
        own.action_cancel()
        self.assertEqual(self.entry_sally.state, "canceled")
        # but not erase it: deleting canceled history is the manager's wizard
        with self.assertRaisesRegex(UserError, "kept as history"):
            own.unlink()
        self.assertTrue(self.entry_sally.exists())

    def test_manager_configures_salesman_reads(self):
        Template = self.env["crm.interaction.template"]
        self.assertTrue(Template.with_user(self.user_salesman).search([]))
        with self.assertRaises(AccessError):
            Template.with_user(self.user_salesman).create(
                {"code": "NOPE", "name": "Nope", "group_id": self.group_call.id}
            )
        with self.assertRaises(AccessError):
            self.template_call_out.with_user(self.user_salesman).unit_cost = 1
        with self.assertRaises(AccessError):
            self.env["crm.interaction.group"].with_user(self.user_salesman).create(
                {"code": "NOPE", "name": "Nope"}
            )
        template = Template.with_user(self.user_manager).create(
            {"code": "MGR", "name": "Manager template", "group_id": self.group_call.id}
        )
        self.assertTrue(template.exists())

    def test_delete_canceled_wizard_managers_only(self):
        Wizard = self.env["crm.interaction.delete.canceled"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_salesman).create({})
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user_all_docs).create({})
        self.entry_sam.action_cancel()
        wizard = Wizard.with_user(self.user_manager).create(
            {"commercial_partner_ids": [(6, 0, self.partner_company.ids)]}
        )
        self.assertEqual(wizard.entry_count, 1)
        wizard.action_delete()
        self.assertFalse(self.entry_sam.exists())
        self.assertTrue(self.entry_sally.exists())
        menu = self.env.ref("crm_interaction_log.crm_interaction_delete_canceled_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(
            menu.id, Menu.with_user(self.user_salesman)._visible_menu_ids()
        )
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())

    def test_salesman_cannot_configure_groups(self):
        Group = self.env["crm.interaction.group"].with_user(self.user_salesman)
        self.assertIn(self.group_call, Group.search([]))
        with self.assertRaises(AccessError):
            self.group_call.with_user(self.user_salesman).name = "Renamed"
        with self.assertRaises(AccessError):
            self.group_letter.with_user(self.user_salesman).action_archive()
        self.group_letter.with_user(self.user_manager).name = "Letters"
        self.assertEqual(self.group_letter.name, "Letters")

    def test_internal_user_without_sales_rights(self):
        user = new_test_user(
            self.env, login="cil_plain", groups="base.group_user", name="Plain User"
        )
        with self.assertRaises(AccessError):
            self.Entry.with_user(user).search([])
        # the Create Interaction actions of the Action menu are not offered
        # (no access to the wizard), as for a salesperson they are
        bound = {"res.partner": "res_partner", "res.users": "res_users"}
        for model, prefix in bound.items():
            action = self.env.ref(
                f"crm_interaction_log.{prefix}_action_create_interaction"
            )
            for who, offered in ((user, False), (self.user_salesman, True)):
                bindings = (
                    self.env["ir.actions.actions"].with_user(who).get_bindings(model)
                )
                ids = [a["id"] for a in bindings.get("action", [])]
                self.assertEqual(action.id in ids, offered, (model, who.login))
        # the contact form still works for them: statistics are sales-only fields
        partner = self.partner_anna.with_user(user)
        self.assertEqual(partner.name, "Anna Virtanen")

    def test_segments_follow_ownership(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        victim = self._create_segment(self.user_salesman_2)
        victim.with_user(self.user_salesman_2).action_log()
        logged = victim.logged_segment_id
        draft = self._create_segment(self.user_salesman_2, partners=partner_carl)
        attacker = self.user_salesman  # own documents only
        for records in (victim, logged, draft, draft.line_ids):
            self.assertFalse(
                records.with_user(attacker).search([("id", "in", records.ids)])
            )
            with self.assertRaises(AccessError):
                records.with_user(attacker).read(["display_name"])
        with self.assertRaises(AccessError):
            logged.with_user(attacker).action_cancel()
        with self.assertRaises(AccessError):
            draft.with_user(attacker).write({"description": "Mine now"})
        with self.assertRaises(AccessError):
            draft.with_user(attacker).unlink()
        with self.assertRaises(AccessError):
            draft.with_user(attacker).action_log()
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"logged"})
        # all documents: sees and acts on them
        self.assertTrue(victim.with_user(self.user_all_docs).search([]))
        logged.with_user(self.user_all_docs).action_cancel()
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"canceled"})

    def test_add_contacts_needs_write_on_segment(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        segment = self._create_segment(self.user_salesman_2, partners=partner_carl)
        wizard = (
            self.env["crm.interaction.segment.add.contacts"]
            .with_user(self.user_salesman)
            .create(
                {
                    "segment_id": segment.id,
                    "partner_domain": "[('id', '=', %d)]" % self.partner_anna.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_add()
        self.assertEqual(segment.line_count, 1)


@tagged("post_install", "-at_install")
class TestMultiCompany(TestInteractionCommon):
    def test_company_isolation(self):
        partner_b = self.env["res.partner"].create(
            {"name": "B Contact", "company_id": self.company_b.id}
        )
        group_b = self.env["crm.interaction.group"].create(
            {"code": "B_CALL", "name": "B calls", "company_id": self.company_b.id}
        )
        template_b = self.env["crm.interaction.template"].create(
            {
                "code": "B_CALL",
                "name": "Company B call",
                "group_id": group_b.id,
                "company_id": self.company_b.id,
            }
        )
        entry_b = self._create_entry(template=template_b, partner=partner_b)
        self.assertEqual(entry_b.company_id, self.company_b)
        entry_a = self._create_entry()
        Entry = self.env["crm.interaction.log.entry"].with_user(self.user_manager)
        # only company A allowed
        visible = Entry.with_context(allowed_company_ids=[self.company.id]).search([])
        self.assertIn(entry_a, visible)
        self.assertNotIn(entry_b, visible)
        templates = (
            self.env["crm.interaction.template"]
            .with_user(self.user_manager)
            .with_context(allowed_company_ids=[self.company.id])
            .search([])
        )
        self.assertNotIn(template_b, templates)
        # both companies allowed
        visible = Entry.with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        ).search([])
        self.assertIn(entry_b, visible)
        # a user of company A only never sees company B's entries
        with self.assertRaises(AccessError):
            entry_b.with_user(self.user_salesman_2).read(["description"])

    def test_no_disclosure_of_other_company_segment(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        other_user = new_test_user(
            self.env,
            login="cil_b_user",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        template_b = self.env["crm.interaction.template"].create(
            {
                "code": "B_CALL",
                "name": "B call",
                "group_id": self.env["crm.interaction.group"]
                .create({"code": "B_GROUP", "name": "B group", "company_id": False})
                .id,
                "company_id": False,
            }
        )
        segment_b = (
            self.env["crm.interaction.segment"]
            .with_user(other_user)
            .create(
                {
                    "description": "B only",
                    "template_id": template_b.id,
                    "company_id": self.company_b.id,
                    "line_ids": [Command.create({"partner_id": partner_carl.id})],
                }
            )
        )
        Line = self.env["crm.interaction.segment.line"].with_user(self.user_all_docs)
        # same answer whether the contact is in it or not
        for partner in (partner_carl, self.partner_ben):
            with self.assertRaises(AccessError):
                Line.create({"segment_id": segment_b.id, "partner_id": partner.id})

    def test_logging_check_names_no_foreign_record(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        secret = self.env["res.partner"].create(
            {"name": "Secret Contact B", "company_id": self.company_b.id}
        )
        segment = self._create_segment(self.user_manager, partners=partner_carl)
        self.env.cr.execute(
            "INSERT INTO crm_interaction_segment_line (segment_id, partner_id, "
            "company_id, template_id) VALUES (%s, %s, %s, %s)",
            [segment.id, secret.id, segment.company_id.id, self.template_letter.id],
        )
        self.env.invalidate_all()
        with self.assertRaises(UserError) as caught:
            segment.with_user(self.user_manager).action_log()
        message = str(caught.exception)
        self.assertIn("another company", message)
        self.assertNotIn("Secret Contact B", message)
        self.assertNotIn(self.company_b.name, message)
