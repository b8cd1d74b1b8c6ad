from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TestInteractionCommon
from .common_history import DocumentHistoryCommon


@tagged("post_install", "-at_install")
class TestCalendarLoggingAccess(TestInteractionCommon):
    """Log Interactions of a meeting: only meetings the user may read in
    full (not another user's private meeting), of the user's companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_meeting = cls.env["crm.interaction.template"].create(
            {"code": "T_MEET_ACL", "name": "Meeting", "group_id": cls.group_call.id}
        )
        cls.env.company.interaction_meeting_template_id = cls.template_meeting
        group_b = cls.env["crm.interaction.group"].create(
            {
                "code": "T_MEET_B",
                "name": "Meetings of B",
                "company_id": cls.company_b.id,
            }
        )
        cls.template_meeting_b = cls.env["crm.interaction.template"].create(
            {
                "code": "T_MEET_B",
                "name": "Meeting of B",
                "group_id": group_b.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.company_b.interaction_meeting_template_id = cls.template_meeting_b
        cls.user_b = new_test_user(
            cls.env,
            login="cil_meeting_b",
            name="Bea of B",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.Entry = cls.env["crm.interaction.log.entry"]

    def _meeting(self, organizer, **values):
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        return self.env["calendar.event"].create(
            {
                "name": "Confidential negotiation",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": organizer.id,
                "partner_ids": [
                    Command.set((self.partner_ben | organizer.partner_id).ids)
                ],
                **values,
            }
        )

    def _entries(self, event):
        return self.Entry.search([("calendar_event_id", "=", event.id)])

    def test_private_meeting_of_another_user(self):
        event = self._meeting(self.user_salesman, privacy="private")
        with self.assertRaisesRegex(AccessError, "private"):
            event.with_user(self.user_salesman_2).action_log_interactions()
        self.assertFalse(self._entries(event))
        # its organizer logs it, with its real name
        event.with_user(self.user_salesman).action_log_interactions()
        entry = self._entries(event)
        self.assertEqual(entry.partner_id, self.partner_ben)
        self.assertEqual(entry.description, "Confidential negotiation")

    def test_private_meeting_attendee_may_log(self):
        event = self._meeting(self.user_salesman, privacy="private")
        event.partner_ids |= self.user_salesman_2.partner_id
        event.with_user(self.user_salesman_2).action_log_interactions()
        self.assertEqual(self._entries(event).partner_id, self.partner_ben)

    def test_public_meeting_of_a_colleague(self):
        event = self._meeting(self.user_salesman)
        event.with_user(self.user_salesman_2).action_log_interactions()
        self.assertEqual(self._entries(event).partner_id, self.partner_ben)

    def test_meeting_of_another_company(self):
        event = self._meeting(self.user_b)
        with self.assertRaisesRegex(UserError, "Interaction Company B"):
            event.with_user(self.user_salesman_2).action_log_interactions()
        self.assertFalse(self._entries(event))
        # a user working in both companies logs it in company B, once B is
        # among the companies they work in
        with self.assertRaisesRegex(UserError, "switch to that company"):
            event.with_user(self.user_salesman).with_context(
                allowed_company_ids=self.company.ids
            ).action_log_interactions()
        event.with_user(self.user_salesman).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        ).action_log_interactions()
        entry = self._entries(event)
        self.assertEqual(entry.company_id, self.company_b)
        self.assertEqual(entry.template_id, self.template_meeting_b)


@tagged("post_install", "-at_install")
class TestCalendarLogging(DocumentHistoryCommon):
    """Meetings log one interaction per external attendee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_meeting = cls.env["crm.interaction.template"].create(
            {
                "code": "T_MEETING",
                "name": "Test meeting",
                "group_id": cls.group_call.id,
                "unit_cost": 30.0,
                "unit_duration": 60,
            }
        )
        cls.env.company.interaction_meeting_template_id = cls.template_meeting
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        cls.event = cls.env["calendar.event"].create(
            {
                "name": "Showroom visit",
                "start": start,
                "stop": start + timedelta(minutes=90),
                "user_id": cls.user_salesman.id,
                "opportunity_id": cls.lead.id,
                "partner_ids": [
                    fields.Command.set(
                        (
                            cls.partner_anna
                            | cls.partner_ben
                            | cls.user_salesman.partner_id
                            | cls.user_manager.partner_id
                        ).ids
                    )
                ],
            }
        )

    def _entries(self, event=None):
        return self.Entry.search([("calendar_event_id", "=", (event or self.event).id)])

    def test_past_meeting_logs_one_entry_per_external_attendee(self):
        action = self.event.with_user(self.user_salesman).action_log_interactions()
        self.assertEqual(action["params"]["type"], "success")
        entries = self._entries()
        self.assertEqual(entries.partner_id, self.partner_anna | self.partner_ben)
        for entry in entries:
            self.assertEqual(entry.template_id, self.template_meeting)
            self.assertEqual(entry.date, self.event.start)
            self.assertEqual(entry.duration, 90)
            self.assertEqual(entry.cost, 30.0)
            self.assertEqual(entry.lead_id, self.lead)
            self.assertEqual(entry.user_id, self.user_salesman)
            self.assertEqual(entry.state, "logged")
            self.assertEqual(entry.description, "Showroom visit")
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 2)
        self.assertEqual(self.lead.interaction_duration, 180)

    def test_archived_internal_users_are_not_external_attendees(self):
        """OdooBot and former employees (archived users) are colleagues, not
        contacts: they get no interaction."""
        former = self.user_salesman_2
        former.active = False
        self.event.partner_ids |= former.partner_id | self.env.ref("base.partner_root")
        self.event.with_user(self.user_salesman).action_log_interactions()
        self.assertEqual(
            self._entries().partner_id, self.partner_anna | self.partner_ben
        )

    def test_other_company_attendee_not_counted_on_opportunity(self):
        carl = self.env["res.partner"].create({"name": "Carl Consultant"})
        self.event.partner_ids = [fields.Command.link(carl.id)]
        entries = self.event._log_interactions()
        self.assertEqual(len(entries), 3)
        self.assertEqual(
            entries.filtered("lead_id").partner_id, self.partner_anna | self.partner_ben
        )
        self.assertFalse(entries.filtered(lambda e: e.partner_id == carl).lead_id)

    def test_button_needs_sales_rights(self):
        employee = new_test_user(
            self.env, login="cil_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.event.with_user(employee).action_log_interactions()
        self.assertFalse(self._entries())

    def test_idempotent(self):
        self.event.action_log_interactions()
        self.event._log_interactions()
        self.assertEqual(len(self._entries()), 2)
        # a canceled entry is a decision: not logged again
        self._entries()[0].action_cancel()
        self.assertFalse(self.event._log_interactions())
        # a new attendee is logged alone
        carl = self.env["res.partner"].create({"name": "Carl Customer"})
        self.event.partner_ids = [fields.Command.link(carl.id)]
        self.assertEqual(self.event._log_interactions().partner_id, carl)

    def test_declined_attendee_not_logged(self):
        self.event.attendee_ids.filtered(
            lambda a: a.partner_id == self.partner_ben
        ).do_decline()
        self.event.action_log_interactions()
        self.assertEqual(self._entries().partner_id, self.partner_anna)

    def test_cron_logs_ended_meetings_only(self):
        now = fields.Datetime.now()
        future = self.env["calendar.event"].create(
            {
                "name": "Next visit",
                "start": now + timedelta(days=2),
                "stop": now + timedelta(days=2, hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        old = self.env["calendar.event"].create(
            {
                "name": "Visit last year",
                "start": now - timedelta(days=400),
                "stop": now - timedelta(days=400) + timedelta(hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertEqual(len(self._entries()), 2)
        self.assertFalse(self._entries(future))
        self.assertFalse(self._entries(old))
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertEqual(len(self._entries()), 2)

    def test_future_meeting_refused(self):
        now = fields.Datetime.now()
        future = self.env["calendar.event"].create(
            {
                "name": "Next visit",
                "start": now + timedelta(days=2),
                "stop": now + timedelta(days=2, hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        with self.assertRaises(UserError):
            future.action_log_interactions()

    def test_no_template_no_log(self):
        self.env.company.interaction_meeting_template_id = False
        with self.assertRaisesRegex(UserError, "settings"):
            self.event.action_log_interactions()
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertFalse(self._entries())

    def test_meeting_template_in_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.crm_interaction_meeting_template_id = self.template_call_out
        settings.save().execute()
        self.assertEqual(
            self.env.company.interaction_meeting_template_id, self.template_call_out
        )
