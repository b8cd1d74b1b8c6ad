from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestHistoryProtection(TestInteractionCommon):
    """What records history stays: a salesperson with own documents rights
    deletes no logged segment, nobody deletes the tracked changes of a
    logged interaction by hand."""

    def _logged_segment(self, user):
        segment = (
            self.env["crm.interaction.segment"]
            .with_user(user)
            .create(
                {
                    "description": "Own mailing",
                    "template_id": self.template_call_out.id,
                    "line_ids": [Command.create({"partner_id": self.partner_ben.id})],
                }
            )
        )
        segment.action_log()
        return segment.logged_segment_id

    def test_own_documents_cannot_delete_canceled_logged_segment(self):
        logged = self._logged_segment(self.user_salesman)
        logged.action_cancel()
        self.assertEqual(logged.state, "canceled")
        with self.assertRaisesRegex(AccessError, "All Documents"):
            logged.unlink()
        self.assertTrue(logged.exists())
        # All Documents rights may (see the README's security model)
        logged.with_user(self.user_all_docs).unlink()
        self.assertFalse(logged.exists())

    def _tracked_entry(self, user):
        entry = (
            self.env["crm.interaction.log.entry"]
            .with_user(user)
            .with_context(tracking_disable=False)
            .create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "user_id": user.id,
                }
            )
        )
        self.env.cr.flush()  # creation ends: later changes are tracked
        entry.evaluation = "negative"
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written just before commit
        message = self.env["mail.message"].search(
            [
                ("model", "=", entry._name),
                ("res_id", "=", entry.id),
                ("tracking_value_ids", "!=", False),
            ]
        )
        self.assertEqual(len(message), 1)
        return entry, message

    def test_tracked_changes_of_logged_entry_not_deleted(self):
        entry, message = self._tracked_entry(self.user_salesman)
        with self.assertRaisesRegex(UserError, "part of its history"):
            message.with_user(self.user_salesman).unlink()
        self.assertTrue(message.exists())
        # nor once canceled
        entry.with_user(self.user_salesman).action_cancel()
        with self.assertRaisesRegex(UserError, "part of its history"):
            message.with_user(self.user_manager).unlink()
        self.assertTrue(message.exists())
        # a comment posted on the entry stays the poster's to delete
        comment = entry.with_user(self.user_salesman).message_post(
            body="Typo", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        comment.with_user(self.user_salesman).unlink()
        self.assertFalse(comment.exists())
        # deleting the canceled entry (the manager's wizard) takes them along
        entry._unlink_canceled()
        self.assertFalse(message.exists())
