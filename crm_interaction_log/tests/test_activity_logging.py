from odoo.tests import tagged

from .common_history import LOGGER, DocumentHistoryCommon


@tagged("post_install", "-at_install")
class TestActivityLogging(DocumentHistoryCommon):
    """Marking done an activity whose type has an interaction template logs
    an interaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env["mail.activity.type"].create(
            {
                "name": "Customer call",
                "interaction_template_id": cls.template_call_out.id,
            }
        )
        cls.plain_type = cls.env["mail.activity.type"].create({"name": "Reminder"})

    def _assert_activity_done(self, activity):
        # done: deleted on 18.0, archived on 19.0 (no keep_done): no longer open
        self.assertFalse(self.env["mail.activity"].search([("id", "=", activity.id)]))

    def _schedule(self, record, activity_type=None, **values):
        return record.activity_schedule(
            activity_type_id=(activity_type or self.activity_type).id,
            user_id=values.pop("user_id", self.user_salesman_2.id),
            **values,
        )

    def _entries(self):
        return self.Entry.search([("template_id", "=", self.template_call_out.id)])

    def test_feedback_logs_entry_on_opportunity(self):
        activity = self._schedule(self.lead, summary="Discuss the offer")
        activity.with_user(self.user_salesman_2).action_feedback(
            feedback="Customer wants a discount"
        )
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.user_id, self.user_salesman_2)
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual(entry.description, "Discuss the offer: Showroom chairs")
        self.assertIn("Customer wants a discount", entry.note)
        self.assertEqual(entry.cost, 2.5)
        self.assertEqual(entry.duration, 10)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))
        self._assert_activity_done(activity)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 1)

    def test_done_and_schedule_next_logs_entry(self):
        activity = self._schedule(self.partner_ben)
        action = activity.action_feedback_schedule_next(feedback="Call again")
        self.assertEqual(action["res_model"], "mail.activity")
        entry = self._entries()
        self.assertEqual(entry.partner_id, self.partner_ben)
        self.assertFalse(entry.lead_id)
        self.assertIn("Call again", entry.note)
        self.assertEqual(
            entry.description, "Customer call: Nordic Furniture Oy, Ben Korhonen"
        )

    def test_mark_done_without_feedback(self):
        self._schedule(self.partner_ben).action_done()
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertFalse(entry.note)

    def test_activity_without_template_logs_nothing(self):
        self._schedule(self.lead, activity_type=self.plain_type).action_feedback(
            feedback="Done"
        )
        self.assertFalse(self.Entry.search([("lead_id", "=", self.lead.id)]))

    def test_activity_on_document_without_contact_warns(self):
        lead = self.env["crm.lead"].create({"name": "Nobody", "type": "opportunity"})
        activity = self._schedule(lead)
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            activity.action_feedback(feedback="No answer")
        self.assertIn("Interaction not logged for Nobody", logs.output[0])
        self.assertFalse(self._entries())
        self._assert_activity_done(activity)

    def test_activity_of_odoobot_logged_for_the_salesperson(self):
        activity_type = self.env["mail.activity.type"].create(
            {"name": "Bot call", "interaction_template_id": self.template_call_out.id}
        )
        odoobot = self.env.ref("base.user_root")
        activity = self.partner_anna.activity_schedule(
            activity_type_id=activity_type.id, user_id=odoobot.id
        )
        activity.action_done()
        entry = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_call_out.id)]
        )
        self.assertEqual(len(entry), 1)
        # Anna's salesperson, not OdooBot
        self.assertEqual(entry.user_id, self.user_salesman)
        # a real assignee stays the salesperson
        activity = self.partner_anna.activity_schedule(
            activity_type_id=activity_type.id, user_id=self.user_salesman_2.id
        )
        activity.action_done()
        entry = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_call_out.id)], order="id desc", limit=1
        )
        self.assertEqual(entry.user_id, self.user_salesman_2)
