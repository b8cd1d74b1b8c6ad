from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestOutcome(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_answer = cls.env.ref("crm_interaction_log.interaction_outcome_no_answer")
        cls.connected = cls.env.ref("crm_interaction_log.interaction_outcome_connected")
        cls.call_template = cls.env.ref(
            "crm_interaction_log.interaction_template_call_out"
        )
        cls.partner_anna.phone = "+358 40 765 4321"

    def test_default_outcomes(self):
        names = {
            self.env.ref(f"crm_interaction_log.interaction_outcome_{xmlid}").name: (
                self.env.ref(f"crm_interaction_log.interaction_outcome_{xmlid}")
            )
            for xmlid in ("connected", "no_answer", "voicemail", "busy", "wrong_number")
        }
        self.assertEqual(
            set(names), {"Connected", "No answer", "Voicemail", "Busy", "Wrong number"}
        )
        failed = {name for name, o in names.items() if o.is_failed_attempt}
        self.assertEqual(failed, {"No answer", "Voicemail", "Busy", "Wrong number"})
        call_group = self.env.ref("crm_interaction_log.interaction_group_call")
        for outcome in names.values():
            self.assertEqual(outcome.group_ids, call_group)

    def test_outcome_sets_attempt_failed(self):
        # dates given: the last attempt must not depend on the clock ticking
        # between the two creates
        entry = self._create_entry(
            outcome_id=self.no_answer.id, date="2026-03-02 10:00:00"
        )
        self.assertTrue(entry.attempt_failed)
        wrong = self.env.ref("crm_interaction_log.interaction_outcome_wrong_number")
        self.assertEqual(
            self._create_entry(
                outcome_id=wrong.id, date="2026-03-01 10:00:00"
            ).evaluation,
            "negative",
        )
        # editable after logging, and the outcome decides the failed attempt
        entry.with_user(self.user_salesman).write({"outcome_id": self.connected.id})
        self.assertEqual(entry.outcome_id, self.connected)
        self.assertFalse(entry.attempt_failed)
        entry.write({"outcome_id": self.no_answer.id})
        self.assertTrue(entry.attempt_failed)
        # no answer is an attempt, not a contact
        self.assertFalse(self.partner_anna.last_interaction_date)
        self.assertEqual(self.partner_anna.last_attempt_date, entry.date)

    def test_outcome_change_is_tracked(self):
        entry = (
            self.env["crm.interaction.log.entry"]
            .with_context(tracking_disable=False)
            .create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_ben.id,
                    "outcome_id": self.no_answer.id,
                }
            )
        )
        self.env.cr.flush()  # creation ends: later changes are tracked
        entry.write({"outcome_id": self.connected.id})
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written just before commit
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", entry.id),
                ("mail_message_id.model", "=", entry._name),
                ("field_id.name", "=", "outcome_id"),
            ]
        )
        self.assertEqual(tracked.old_value_char, "No answer")
        self.assertEqual(tracked.new_value_char, "Connected")

    def test_outcome_offered_for_its_groups(self):
        Outcome = self.env["crm.interaction.outcome"]
        letter_only = Outcome.create(
            {"name": "Returned to sender", "group_ids": self.group_letter.ids}
        )
        anywhere = Outcome.create({"name": "Done"})
        wizard = self.env["crm.interaction.create.wizard"].new(
            {"template_id": self.template_letter.id}
        )
        domain = [
            "|",
            ("group_ids", "=", False),
            ("group_ids", "in", [wizard.template_group_id.id]),
        ]
        offered = Outcome.search(domain)
        self.assertIn(letter_only, offered)
        self.assertIn(anywhere, offered)
        self.assertNotIn(self.no_answer, offered)

    def _call_form(self, action, user=None):
        Wizard = self.env["crm.interaction.create.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Form(Wizard.with_context(**action["context"]))

    def test_call_from_contact(self):
        action = self.partner_anna.with_user(self.user_salesman).action_call()
        self.assertEqual(action["res_model"], "crm.interaction.create.wizard")
        form = self._call_form(action, self.user_salesman)
        self.assertTrue(form.call_mode)
        self.assertTrue(form.partner_locked)
        self.assertEqual(form.template_id, self.call_template)
        self.assertEqual(form.partner_phone, "+358 40 765 4321")
        self.assertEqual(form.contact_via, "+358 40 765 4321")
        form.contact_via = "+358 9 123 4567"
        form.outcome_id = self.no_answer
        self.assertTrue(form.attempt_failed)
        form.save().action_log()
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner_anna.id)]
        )
        self.assertEqual(entry.template_id, self.call_template)
        self.assertEqual(entry.outcome_id, self.no_answer)
        self.assertTrue(entry.attempt_failed)
        self.assertEqual(entry.contact_via, "+358 9 123 4567")
        self.assertEqual(entry.user_id, self.user_salesman)

    def test_call_from_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Chairs",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "campaign_id": self.campaign.id,
            }
        )
        form = self._call_form(lead.action_call())
        self.assertEqual(form.lead_id, lead)
        self.assertTrue(form.lead_locked)
        self.assertEqual(form.partner_id, self.partner_anna)
        form.outcome_id = self.connected
        self.assertFalse(form.attempt_failed)
        self.assertEqual(form.evaluation, "neutral")
        form.save().action_log()
        self.assertEqual(lead.interaction_count, 1)

    def test_outcome_analysis(self):
        self._create_entry(outcome_id=self.no_answer.id)
        self._create_entry(outcome_id=self.no_answer.id)
        self._create_entry(outcome_id=self.connected.id)
        self._create_entry()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action_outcome_analysis"
        )
        Entry = self.env["crm.interaction.log.entry"]
        groups = dict(
            Entry._read_group(
                [
                    ("partner_id", "=", self.partner_anna.id),
                    *safe_eval(action["domain"]),
                ],
                ["outcome_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {self.no_answer: 2, self.connected: 1})
        self.assertEqual(self.no_answer.interaction_count, 2)
