from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestEntryActions(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry = cls._create_entry(
            template=cls.template_letter,
            description="Sent the brochure",
            user_id=cls.user_salesman.id,
            note="<p>Interested in chairs</p>",
        )

    def test_create_opportunity(self):
        entry = self.entry.with_user(self.user_salesman)
        action = entry.action_create_opportunity()
        lead = entry.lead_id
        self.assertTrue(lead)
        self.assertEqual(lead.type, "opportunity")
        # named after the contact and the template
        self.assertEqual(lead.name, "Anna Virtanen: Test letter")
        self.assertEqual(lead.partner_id, self.partner_anna)
        self.assertEqual(lead.user_id, self.user_salesman)
        self.assertEqual(lead.campaign_id, self.campaign)
        self.assertIn("Sent the brochure", lead.description)
        self.assertIn("Interested in chairs", lead.description)
        self.assertEqual(lead.interaction_entry_id, self.entry)
        # the notification offers to open it
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["links"][0]["url"], f"/odoo/crm.lead/{lead.id}"
        )
        self.assertIn("%s", action["params"]["message"])
        self.assertIn(lead.name, action["params"]["title"])
        # the entry now counts on the opportunity
        self.assertEqual(lead.interaction_count, 1)

    def test_create_opportunity_refused(self):
        self.entry.action_create_opportunity()
        with self.assertRaisesRegex(UserError, "already linked to the opportunity"):
            self.entry.action_create_opportunity()
        canceled = self._create_entry(description="Canceled call")
        canceled.action_cancel()
        with self.assertRaisesRegex(UserError, "only be created from a logged"):
            canceled.action_create_opportunity()
        postponed = self._create_entry(state="postponed")
        with self.assertRaisesRegex(UserError, "only be created from a logged"):
            postponed.action_create_opportunity()
        self.assertFalse(canceled.lead_id or postponed.lead_id)

    def test_link_opportunity_later(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Chairs",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
            }
        )
        other = self.env["crm.lead"].create({"name": "Tables", "type": "opportunity"})
        entry = self.entry.with_user(self.user_salesman)
        entry.write({"lead_id": lead.id})
        self.assertEqual(entry.lead_id, lead)
        # once linked, the link of a logged entry stays
        with self.assertRaisesRegex(UserError, "already linked to an opportunity"):
            entry.write({"lead_id": other.id})
        with self.assertRaisesRegex(UserError, "already linked to an opportunity"):
            entry.write({"lead_id": False})
        # and other fields stay locked even together with a link
        fresh = self._create_entry()
        with self.assertRaisesRegex(UserError, "read-only"):
            fresh.write({"lead_id": lead.id, "description": "changed"})
        self.assertFalse(fresh.lead_id)
        # a postponed entry changes its opportunity freely
        postponed = self._create_entry(state="postponed", lead_id=lead.id)
        postponed.write({"lead_id": other.id})
        self.assertEqual(postponed.lead_id, other)

    def test_schedule_follow_up(self):
        action = self.entry.action_schedule_follow_up()
        self.assertEqual(action["res_model"], "mail.activity.schedule")
        context = action["context"]
        self.assertEqual(context["active_model"], "res.partner")
        self.assertEqual(context["active_ids"], self.partner_anna.ids)
        # the dialog is Odoo's: scheduling creates the activity on the contact
        form = Form(self.env["mail.activity.schedule"].with_context(**context))
        self.assertEqual(form.summary, "Follow-up: Sent the brochure")
        form.save().action_schedule_activities()
        self.assertEqual(
            self.partner_anna.activity_ids.summary, "Follow-up: Sent the brochure"
        )
        # on the opportunity once there is one
        self.entry.action_create_opportunity()
        context = self.entry.action_schedule_follow_up()["context"]
        self.assertEqual(context["active_model"], "crm.lead")
        self.assertEqual(context["active_id"], self.entry.lead_id.id)

    def test_evaluate_selection(self):
        second = self._create_entry(evaluation="negative")
        entries = (self.entry | second).with_user(self.user_salesman)
        action = entries.action_evaluate()
        form = Form(
            self.env["crm.interaction.evaluate.wizard"]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
        )
        self.assertEqual(form.entry_count, 2)
        form.evaluation = "very_positive"
        result = form.save().action_apply()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(set(entries.mapped("evaluation")), {"very_positive"})
        # launched from the list's selection as active_ids too
        wizard = (
            self.env["crm.interaction.evaluate.wizard"]
            .with_context(
                active_model="crm.interaction.log.entry", active_ids=entries.ids
            )
            .create({"evaluation": "neutral"})
        )
        self.assertEqual(wizard.entry_ids, entries)
        wizard.action_apply()
        self.assertEqual(set(entries.mapped("evaluation")), {"neutral"})

    def test_evaluate_refuses_canceled(self):
        self.entry.action_cancel()
        wizard = self.env["crm.interaction.evaluate.wizard"].create(
            {"entry_ids": self.entry.ids, "evaluation": "positive"}
        )
        with self.assertRaisesRegex(UserError, "Canceled interactions cannot"):
            wizard.action_apply()
        self.assertFalse(self.entry.evaluation)

    def test_opportunity_named_after_contact_and_template(self):
        entry = self._create_entry(description="Email sent")
        entry.action_create_opportunity()
        self.assertEqual(entry.lead_id.name, "Anna Virtanen: Test outbound call")
