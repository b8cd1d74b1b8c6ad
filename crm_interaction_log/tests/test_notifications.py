from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestNotifications(TestInteractionCommon):
    """What the screens say after an action: counts in the singular and the
    plural, no sticky notification."""

    def test_counted_notifications(self):
        entries = self._create_entry() | self._create_entry()
        result = entries.action_cancel()
        self.assertEqual(result["params"]["message"], "2 interactions canceled.")
        self.assertFalse(result["params"]["sticky"])
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "One call",
                "template_id": self.template_call_out.id,
                "line_ids": [(0, 0, {"partner_id": self.partner_ben.id})],
            }
        )
        result = segment.action_log(create_follow_up=True)
        logged = segment.logged_segment_id
        self.assertEqual(
            result["params"]["message"],
            f"1 interaction logged in {logged.name}. Follow-up segment: %s",
        )
        # the follow-up link does not make it stay on every screen after
        self.assertFalse(result["params"]["sticky"])
        self.assertEqual(
            logged.action_cancel()["params"]["message"], "1 interaction canceled."
        )
        self.assertEqual(
            logged.action_restore()["params"]["message"], "1 interaction restored."
        )
        Entry = self.env["crm.interaction.log.entry"]
        message = Entry._correspondence_notification({"queued": 0, "no_email": 1})[
            "params"
        ]
        self.assertEqual(
            message["message"],
            "1 contact has no email address or is blacklisted: its interaction is "
            "marked No Email.",
        )
        self.assertEqual(message["type"], "warning")
        self.assertFalse(message["sticky"])
        self.assertEqual(
            Entry._correspondence_notification({"queued": 1, "no_email": 0})["params"][
                "message"
            ],
            "1 email queued.",
        )
        self.assertEqual(
            Entry._correspondence_notification({"queued": 0, "no_email": 0})["params"][
                "message"
            ],
            "No email to send.",
        )
