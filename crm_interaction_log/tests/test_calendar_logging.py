from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TestInteractionCommon


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
