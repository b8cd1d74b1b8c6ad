"""What new users hit when trying every flow: one test per rough edge."""

from ast import literal_eval

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestRoughEdges(TestInteractionCommon):
    def _arch(self, xmlid, view_type):
        view = self.env.ref(xmlid)
        return etree.fromstring(
            self.env[view.model].get_view(view.id, view_type)["arch"]
        )

    def test_cancel_confirmation_says_what_it_does(self):
        entries = self._create_entry() | self._create_entry(partner=self.partner_ben)
        action = self.env.ref(
            "crm_interaction_log.crm_interaction_state_wizard_action_cancel"
        )
        Wizard = self.env["crm.interaction.state.wizard"].with_context(
            active_model=entries._name,
            active_ids=entries.ids,
            **literal_eval(action.context),
        )
        form = Form(Wizard)
        self.assertEqual(form.entry_count, 2)
        arch = self._arch(
            "crm_interaction_log.crm_interaction_state_wizard_view_form", "form"
        )
        labels = {b.get("string") for b in arch.iter("button")}
        self.assertLessEqual({"Cancel Interactions", "Keep"}, labels)
        self.assertNotIn("Ok", labels)
        result = form.save().action_confirm()
        self.assertEqual(set(entries.mapped("state")), {"canceled"})
        self.assertIn("2 interactions canceled", result["params"]["message"])
        # the entry form's own confirmation has explicit labels too
        form_arch = self._arch(
            "crm_interaction_log.crm_interaction_log_entry_view_form", "form"
        )
        cancel = form_arch.xpath("//button[@name='action_cancel']")[0]
        self.assertEqual(cancel.get("confirm-label"), "Cancel Interaction")
        self.assertEqual(cancel.get("cancel-label"), "Keep")

    def test_delete_not_offered_on_log(self):
        for xmlid, view_type in (
            ("crm_interaction_log.crm_interaction_log_entry_view_list", "list"),
            ("crm_interaction_log.crm_interaction_log_entry_view_form", "form"),
            ("crm_interaction_log.crm_interaction_log_entry_view_calendar", "calendar"),
        ):
            arch = self._arch(xmlid, view_type)
            self.assertEqual(arch.get("delete"), "0", xmlid)
        postponed = self._arch(
            "crm_interaction_log.crm_interaction_log_entry_view_list_postponed", "list"
        )
        self.assertNotEqual(postponed.get("delete"), "0")

    def test_no_sample_data_in_log(self):
        arch = self._arch(
            "crm_interaction_log.crm_interaction_log_entry_view_list", "list"
        )
        self.assertNotEqual(arch.get("sample"), "1")

    def test_calendar_uses_duration(self):
        entry = self._create_entry(duration=10)
        self.assertAlmostEqual(entry.duration_hours, 10 / 60)
        arch = self._arch(
            "crm_interaction_log.crm_interaction_log_entry_view_calendar", "calendar"
        )
        self.assertEqual(arch.get("date_delay"), "duration_hours")

    def test_analysis_under_reporting_with_count(self):
        menu = self.env.ref("crm_interaction_log.crm_interaction_analysis_menu")
        self.assertEqual(menu.parent_id, self.env.ref("crm.crm_menu_report"))
        arch = self._arch(
            "crm_interaction_log.crm_interaction_log_entry_view_pivot", "pivot"
        )
        # without a measure in the arch the pivot shows Count
        self.assertFalse(arch.xpath("//field[@type='measure']"))

    def test_new_segment_is_titled_new(self):
        form = Form(self.env["crm.interaction.segment"])
        self.assertEqual(form.name, "New")
        segment = form.save()
        self.assertNotEqual(segment.name, "New")
        self.assertNotIn("/", segment.name[-4:])

    def test_delete_canceled_wizard_no_create_no_empty_run(self):
        arch = self._arch(
            "crm_interaction_log.crm_interaction_delete_canceled_view_form", "form"
        )
        for field in arch.iter("field"):
            if field.get("widget") == "many2many_tags":
                self.assertIn("no_create", field.get("options", ""), field.get("name"))
        nobody = self.env["res.partner"].create({"name": "Nobody"})
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"partner_ids": [Command.set(nobody.ids)]}
        )
        self.assertEqual(wizard.entry_count, 0)
        with self.assertRaisesRegex(UserError, "nothing to delete"):
            wizard.action_delete()

    def test_delete_contact_with_interactions(self):
        self._create_entry(partner=self.partner_ben)
        with self.assertRaisesRegex(UserError, "archive the contact instead"):
            self.partner_ben.unlink()
        lonely = self.env["res.partner"].create({"name": "No history"})
        lonely.unlink()
        self.assertFalse(lonely.exists())

    def test_duplicate_template_gets_free_code(self):
        copy = self.template_call_out.copy()
        self.assertEqual(copy.code, "T_CALL_OUT_2")
        self.assertEqual(self.template_call_out.copy().code, "T_CALL_OUT_3")
        self.assertEqual(self.group_call.copy().code, "T_CALL_2")

    def test_auto_rule_models_with_contact_or_chatter(self):
        field = self.env["crm.interaction.auto.rule"]._fields["model_id"]
        models = self.env["ir.model"].search(literal_eval(field.domain))
        names = set(models.mapped("model"))
        self.assertIn("crm.lead", names)
        self.assertIn("res.partner", names)
        self.assertNotIn("ir.ui.view", names)
        self.assertNotIn("ir.model.fields", names)
        rule = self.env["crm.interaction.auto.rule"].new({})
        self.assertEqual(rule.event, "email_sent")

    def test_add_contacts_starts_empty(self):
        segment = self.env["crm.interaction.segment"].create(
            {"description": "Empty start", "template_id": self.template_call_out.id}
        )
        wizard = Form(
            self.env["crm.interaction.segment.add.contacts"].with_context(
                default_segment_id=segment.id
            )
        )
        self.assertEqual(wizard.partner_count, 0)

    def test_wizard_description_marked_required(self):
        arch = self._arch(
            "crm_interaction_log.crm_interaction_create_wizard_view_form", "form"
        )
        description = arch.xpath("//field[@name='description']")[0]
        self.assertEqual(description.get("required"), "1")

    def test_header_template_change_keeps_line_overrides(self):
        carl = self.env["res.partner"].create({"name": "Carl"})
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Overrides",
                "template_id": self.template_letter.id,
                "line_ids": [
                    Command.create({"partner_id": p.id})
                    for p in (self.partner_anna, self.partner_ben, carl)
                ],
            }
        )
        anna, ben, carl_line = segment.line_ids.sorted("id")
        ben.cost = 9.0
        carl_line.template_id = self.template_call_out
        self.assertTrue(ben.own_values and carl_line.own_values)
        self.assertFalse(anna.own_values)
        # in the form, the user is warned
        form = Form(segment)
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.template_id = self.template_call_in
        self.assertIn("2 lines have their own", logs.output[0])
        form.save()
        self.assertEqual(anna.template_id, self.template_call_in)
        self.assertEqual((ben.template_id, ben.cost), (self.template_letter, 9.0))
        self.assertEqual(carl_line.template_id, self.template_call_out)
        warning = segment._onchange_template_id_own_lines()
        self.assertIsNone(warning)  # nothing changed since the save
        new = segment.new(origin=segment)
        new.template_id = self.template_call_out
        warning = new._onchange_template_id_own_lines()
        self.assertIn("2 lines have their own", warning["warning"]["message"])

    def test_deleted_logged_segment_returns_segment_to_draft(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Again",
                "template_id": self.template_call_out.id,
                "line_ids": [Command.create({"partner_id": self.partner_anna.id})],
            }
        )
        segment.action_log()
        logged = segment.logged_segment_id
        logged.action_cancel()
        logged.unlink()
        self.assertEqual(segment.state, "draft")
        segment.action_log()
        self.assertEqual(segment.state, "logged")

    def test_log_dialog_checks_before_asking(self):
        segment = self.env["crm.interaction.segment"].create(
            {"template_id": self.template_call_out.id}
        )
        with self.assertRaisesRegex(UserError, "Enter a description"):
            segment.action_open_log_wizard()
        segment.description = "Checked first"
        with self.assertRaisesRegex(UserError, "is empty"):
            segment.action_open_log_wizard()
        segment.line_ids = [Command.create({"partner_id": self.partner_anna.id})]
        action = segment.action_open_log_wizard()
        self.assertEqual(action["res_model"], "crm.interaction.segment.log.wizard")
