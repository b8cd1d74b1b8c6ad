import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestCreateWizard(TestInteractionCommon):
    def _wizard_form(self, action_or_context, user=None):
        context = action_or_context.get("context", action_or_context)
        Wizard = self.env["crm.interaction.create.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Form(Wizard.with_context(**context))

    def _log(self, form):
        wizard = form.save()
        wizard.action_log()
        return self.env["crm.interaction.log.entry"].search(
            [], order="id desc", limit=1
        )

    def test_from_contact_button(self):
        action = self.partner_anna.action_create_interaction()
        self.assertEqual(action["res_model"], "crm.interaction.create.wizard")
        self.assertEqual(action["target"], "new")
        form = self._wizard_form(action)
        self.assertEqual(form.partner_id, self.partner_anna)
        self.assertTrue(form.partner_locked)
        self.assertEqual(form.user_id, self.user_salesman)  # the contact's salesperson
        self.assertTrue(form.date)
        form.template_id = self.template_call_out
        self.assertEqual(form.cost, 2.5)
        self.assertEqual(form.duration, 10)
        self.assertEqual(form.information_flow, "outbound")
        self.assertEqual(form.initiated_by, "us")
        self.assertEqual(form.description, "Test outbound call")
        # another template re-applies its defaults, the description follows
        form.template_id = self.template_letter
        self.assertEqual((form.cost, form.duration), (1.2, 15))
        self.assertEqual(form.correspondence_type, "hard_copy")
        self.assertEqual(form.campaign_id, self.campaign)
        self.assertEqual(form.description, "Test letter")
        # a typed description is kept when the template changes
        form.description = "Sent the contract"
        form.template_id = self.template_call_out
        self.assertEqual(form.description, "Sent the contract")
        entry = self._log(form)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.template_id, self.template_call_out)
        self.assertEqual(entry.description, "Sent the contract")
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.cost, 2.5)

    def test_from_contact_bound_action(self):
        action = self.env.ref(
            "crm_interaction_log.res_partner_action_create_interaction"
        )
        self.assertEqual(action.binding_model_id.model, "res.partner")
        form = self._wizard_form(
            {
                "active_model": "res.partner",
                "active_id": self.partner_ben.id,
                "active_ids": [self.partner_ben.id],
            }
        )
        self.assertEqual(form.partner_id, self.partner_ben)
        self.assertTrue(form.partner_locked)
        self.assertEqual(form.user_id, self.env.user)  # Ben has no salesperson

    def test_from_contact_list_needs_one_contact(self):
        with self.assertRaisesRegex(UserError, "Select a single record"):
            self._wizard_form(
                {
                    "active_model": "res.partner",
                    "active_id": self.partner_ben.id,
                    "active_ids": [self.partner_ben.id, self.partner_anna.id],
                }
            )

    def test_from_salesperson(self):
        form = self._wizard_form(self.user_salesman_2.action_create_interaction())
        self.assertEqual(form.user_id, self.user_salesman_2)
        self.assertTrue(form.user_locked)
        form.partner_id = self.partner_anna  # has another salesperson: locked wins
        self.assertEqual(form.user_id, self.user_salesman_2)
        form.template_id = self.template_call_in
        entry = self._log(form)
        self.assertEqual(entry.user_id, self.user_salesman_2)
        self.assertEqual(entry.information_flow, "inbound")

    def test_from_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Showroom",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "campaign_id": self.campaign.id,
            }
        )
        form = self._wizard_form(lead.action_create_interaction())
        self.assertEqual(form.lead_id, lead)
        self.assertTrue(form.lead_locked)
        self.assertEqual(form.partner_id, self.partner_anna)
        self.assertEqual(form.campaign_id, self.campaign)
        form.template_id = self.template_call_out
        # the template has no campaign: the opportunity's is kept
        self.assertEqual(form.campaign_id, self.campaign)
        entry = self._log(form)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(lead.interaction_count, 1)

    def test_from_log_entry(self):
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.partner_ben.id}
        )
        source = self._create_entry(
            template=self.template_letter, partner=self.partner_ben, lead_id=lead.id
        )
        form = self._wizard_form(source.action_create_interaction())
        self.assertEqual(form.partner_id, self.partner_ben)
        self.assertTrue(form.partner_locked)
        self.assertEqual(form.lead_id, lead)
        self.assertEqual(form.campaign_id, self.campaign)

    def test_from_log_list(self):
        action = self.env.ref(
            "crm_interaction_log.crm_interaction_create_wizard_action"
        )
        self.assertEqual(action.res_model, "crm.interaction.create.wizard")
        form = self._wizard_form({})
        self.assertFalse(form.partner_locked)
        form.partner_id = self.partner_anna
        self.assertEqual(form.user_id, self.user_salesman)
        form.template_id = self.template_call_out
        self.assertEqual(self._log(form).partner_id, self.partner_anna)

    def test_log_requires_each_field(self):
        Wizard = self.env["crm.interaction.create.wizard"]
        count = self.env["crm.interaction.log.entry"].search_count([])
        wizard = Wizard.create({})
        with self.assertRaisesRegex(UserError, "Contact, Interaction Template"):
            wizard.action_log()
        wizard = Wizard.create(
            {
                "partner_id": self.partner_ben.id,
                "template_id": self.template_call_out.id,
            }
        )
        wizard.write({"description": False, "date": False, "user_id": False})
        with self.assertRaisesRegex(
            UserError, r"fill in: Salesperson, Date, Description\."
        ):
            wizard.action_log()
        wizard.write({"description": "Typed", "date": "2026-01-05 10:00:00"})
        with self.assertRaisesRegex(UserError, r"fill in: Salesperson\."):
            wizard.action_log()
        self.assertEqual(self.env["crm.interaction.log.entry"].search_count([]), count)

    def test_postpone_requires_contact_and_template_only(self):
        wizard = self.env["crm.interaction.create.wizard"].create(
            {"partner_id": self.partner_ben.id}
        )
        with self.assertRaisesRegex(
            UserError, r"postpone .* fill in: Interaction Template\."
        ):
            wizard.action_postpone()
        wizard.write(
            {
                "template_id": self.template_call_out.id,
                "description": False,
                "user_id": False,
            }
        )
        result = wizard.action_postpone()
        self.assertEqual(
            result["params"]["next"]["type"], "ir.actions.act_window_close"
        )
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner_ben.id), ("state", "=", "postponed")]
        )
        self.assertEqual(len(entry), 1)

    def test_log_keeps_everything_typed(self):
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.partner_anna.id}
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "datas": base64.b64encode(b"minutes"),
                "res_model": "crm.interaction.create.wizard",
                "res_id": 0,
            }
        )
        wizard = self.env["crm.interaction.create.wizard"].create(
            {
                "partner_id": self.partner_anna.id,
                "template_id": self.template_call_out.id,
                "description": "Renewal call",
                "subject": "Renewal",
                "note": "<p>Wants a discount</p>",
                "evaluation": "very_positive",
                "attempt_failed": True,
                "lead_id": lead.id,
                "campaign_id": self.campaign.id,
                "cost": 7.0,
                "duration": 33,
                "attachment_ids": [(6, 0, attachment.ids)],
            }
        )
        wizard.action_log()
        entry = self.env["crm.interaction.log.entry"].search(
            [("description", "=", "Renewal call")]
        )
        self.assertEqual(entry.subject, "Renewal")
        self.assertIn("Wants a discount", entry.note)
        self.assertEqual(entry.evaluation, "very_positive")
        self.assertTrue(entry.attempt_failed)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual((entry.cost, entry.duration), (7.0, 33))
        self.assertEqual(entry.attachment_ids, attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (entry._name, entry.id)
        )

    def test_wizard_as_salesman(self):
        form = self._wizard_form(
            self.partner_ben.action_create_interaction(), user=self.user_salesman
        )
        self.assertEqual(form.user_id, self.user_salesman)
        form.template_id = self.template_call_out
        wizard = form.save()
        wizard.action_log()
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner_ben.id)]
        )
        self.assertEqual(entry.create_uid, self.user_salesman)

    def _bound_action_context(self, xmlid, record):
        """The context the web client gives a bound (Action menu) action."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        self.assertEqual(action["res_model"], "crm.interaction.create.wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["binding_model_id"][1], record._description)
        context = safe_eval(action.get("context") or "{}")
        context.update(
            active_model=record._name, active_id=record.id, active_ids=record.ids
        )
        return context

    def test_bound_actions_of_users_and_opportunities(self):
        form = self._wizard_form(
            self._bound_action_context(
                "crm_interaction_log.res_users_action_create_interaction",
                self.user_salesman_2,
            )
        )
        self.assertEqual(form.user_id, self.user_salesman_2)
        self.assertTrue(form.user_locked)
        self.assertFalse(form.partner_locked)
        lead = self.env["crm.lead"].create(
            {
                "name": "Bound deal",
                "type": "opportunity",
                "partner_id": self.partner_ben.id,
                "campaign_id": self.campaign.id,
            }
        )
        form = self._wizard_form(
            self._bound_action_context(
                "crm_interaction_log.crm_lead_action_create_interaction", lead
            )
        )
        self.assertEqual(
            (form.lead_id, form.partner_id, form.campaign_id),
            (lead, self.partner_ben, self.campaign),
        )
        self.assertTrue(form.lead_locked)
        form.template_id = self.template_call_in
        entry = self._log(form)
        self.assertEqual((entry.lead_id, entry.partner_id), (lead, self.partner_ben))

    def test_bound_contact_action_from_list_selection(self):
        context = self._bound_action_context(
            "crm_interaction_log.res_partner_action_create_interaction",
            self.partner_anna,
        )
        form = self._wizard_form(context)
        self.assertEqual(form.partner_id, self.partner_anna)
        self.assertTrue(form.partner_locked)
        two = self.partner_anna | self.partner_ben
        context.update(active_ids=two.ids)
        with self.assertRaisesRegex(UserError, "use a segment"):
            self._wizard_form(context)

    def test_locked_fields_are_read_only(self):
        form = self._wizard_form(self.partner_anna.action_create_interaction())
        with self.assertRaisesRegex(AssertionError, "readonly field 'partner_id'"):
            form.partner_id = self.partner_ben
        form.user_id = self.user_salesman_2  # the salesperson stays free
        self.assertEqual(form.user_id, self.user_salesman_2)
        form = self._wizard_form(self.user_salesman_2.action_create_interaction())
        with self.assertRaisesRegex(AssertionError, "readonly field 'user_id'"):
            form.user_id = self.user_salesman
        form.partner_id = self.partner_ben  # the contact stays free
        lead = self.env["crm.lead"].create(
            {"name": "Locked", "type": "opportunity", "partner_id": self.partner_ben.id}
        )
        form = self._wizard_form(lead.action_create_interaction())
        with self.assertRaisesRegex(AssertionError, "readonly field 'lead_id'"):
            form.lead_id = self.env["crm.lead"]
        # nothing is locked from the log list
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_create_wizard_action"
        )
        form = self._wizard_form(safe_eval(action.get("context") or "{}"))
        self.assertFalse(form.partner_locked or form.user_locked or form.lead_locked)

    def test_template_defaults_follow_each_template(self):
        before = fields.Datetime.now() - timedelta(seconds=2)
        self.partner_ben.interaction_correspondence_type = "email"
        form = self._wizard_form(self.partner_ben.action_create_interaction())
        self.assertGreaterEqual(form.date, before)
        self.assertLessEqual(form.date, fields.Datetime.now())
        self.assertEqual(form.user_id, self.env.user)
        form.template_id = self.template_letter
        # the contact prefers email over the template's hard copy
        self.assertEqual(form.correspondence_type, "email")
        self.assertTrue(form.campaign_target)
        # values typed over the defaults are replaced by the next template's
        form.cost = 99
        form.duration = 1
        form.information_flow = "inbound"
        form.template_id = self.template_call_in
        self.assertEqual(
            (form.cost, form.duration, form.information_flow, form.initiated_by),
            (0.0, 4, "inbound", "them"),
        )
        self.assertFalse(form.campaign_target)
        self.assertEqual(form.description, "Test inbound call")
        # a template that ignores the contact's preference
        self.template_call_out.write(
            {
                "correspondence_type": "hard_copy",
                "ignore_contact_correspondence_type": True,
            }
        )
        form.template_id = self.template_call_out
        self.assertEqual(form.correspondence_type, "hard_copy")
        self.assertEqual((form.cost, form.duration), (2.5, 10))
        entry = self._log(form)
        self.assertEqual(
            (entry.correspondence_type, entry.cost, entry.duration),
            ("hard_copy", 2.5, 10),
        )

    def test_postpone_keeps_everything_typed(self):
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.partner_anna.id}
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "draft.txt",
                "datas": base64.b64encode(b"draft"),
                "res_model": "crm.interaction.create.wizard",
                "res_id": 0,
            }
        )
        form = self._wizard_form(self.partner_anna.action_create_interaction())
        form.template_id = self.template_call_out
        form.description = "Half-done call"
        form.note = "<p>Call back after lunch</p>"
        form.evaluation = "negative"
        form.attempt_failed = True
        form.lead_id = lead
        form.campaign_id = self.campaign
        form.user_id = self.user_salesman_2
        form.cost = 4.0
        form.attachment_ids.add(attachment)
        form.save().action_postpone()
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner_anna.id), ("state", "=", "postponed")]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.description, "Half-done call")
        self.assertIn("Call back after lunch", entry.note)
        self.assertEqual(entry.evaluation, "negative")
        self.assertTrue(entry.attempt_failed)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual(entry.user_id, self.user_salesman_2)
        self.assertEqual(entry.cost, 4.0)
        self.assertEqual(entry.attachment_ids, attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (entry._name, entry.id)
        )
        # nothing of it counts yet
        self.assertEqual(lead.interaction_count, 0)

    def test_contact_within_opportunity_customer(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Sofa deal",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "user_id": self.user_salesman.id,
            }
        )
        stranger = self.env["res.partner"].create({"name": "Other Corp"})
        action = lead.with_user(self.user_salesman).action_create_interaction()
        form = Form(
            self.env["crm.interaction.create.wizard"]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
        )
        form.template_id = self.template_call_out
        form.partner_id = stranger
        wizard = form.save()
        with self.assertRaisesRegex(ValidationError, "not the customer"):
            wizard.action_log()
        self.assertFalse(
            self.env["crm.interaction.log.entry"].search([("lead_id", "=", lead.id)])
        )
        # a colleague at the customer is fine
        wizard.partner_id = self.partner_ben
        wizard.action_log()
        self.assertEqual(
            self.env["crm.interaction.log.entry"]
            .search([("lead_id", "=", lead.id)])
            .partner_id,
            self.partner_ben,
        )

    def test_description_marked_required(self):
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_create_wizard_view_form", "form"
        )
        description = arch.xpath("//field[@name='description']")[0]
        self.assertEqual(description.get("required"), "1")
