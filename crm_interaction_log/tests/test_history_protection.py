from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.protected_write import _WRITE_TOKEN_KEY, has_write_token
from .common import TestInteractionCommon

# what an RPC caller can put in the context under the key of the write
# capability: a JSON value, never the object the addon's code passes
FORGED_TOKEN = {_WRITE_TOKEN_KEY: True}


@tagged("post_install", "-at_install")
class TestHistoryProtection(TestInteractionCommon):
    """What records history stays: only the addon's actions change a status
    or a field the application sets (a context value does not open them), a
    salesperson with own documents rights deletes no logged segment, nobody
    deletes the tracked changes of a logged interaction by hand."""

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

    def test_forged_write_token_changes_nothing(self):
        """Protected fields are written only with the capability the addon's
        code passes (a Python object): whatever an RPC caller puts under its
        context key is a JSON value and opens nothing."""
        entry = self._create_entry(user_id=self.user_salesman.id)
        for forged in (True, 1, "1", _WRITE_TOKEN_KEY, {"token": True}, [True]):
            hostile = entry.with_user(self.user_salesman).with_context(
                **{_WRITE_TOKEN_KEY: forged}
            )
            self.assertFalse(has_write_token(hostile))
            for values in (
                {"cost": 999},
                {"partner_id": self.partner_ben.id},
                {"date": "2020-01-01 00:00:00"},
                {"description": "Rewritten"},
            ):
                with self.assertRaisesRegex(UserError, "read-only"):
                    hostile.write(values)
            for values in (
                {"state": "postponed"},
                {"state": "canceled"},
                {"canceled_date": fields.Datetime.now()},
            ):
                with self.assertRaisesRegex(UserError, "cannot be written directly"):
                    hostile.write(values)
            # the postponed route to deleting a logged entry is closed
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                hostile.unlink()
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.cost, 2.5)
        self.assertEqual(entry.description, "Test outbound call")
        # the status changes through the actions, which pass the capability
        entry.with_user(self.user_salesman).action_cancel()
        self.assertEqual(entry.state, "canceled")
        self.assertTrue(entry.canceled_date)

    def test_state_not_writable_even_on_postponed(self):
        """A state written on a postponed entry would leave canceled_date
        empty and the retention job would never delete it: the status
        changes only through the actions."""
        entry = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        own = entry.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            own.write({"state": "canceled"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            own.write({"state": "logged"})
        self.assertEqual(entry.state, "postponed")
        # a user creates logged or postponed entries only
        with self.assertRaisesRegex(UserError, "set by the application"):
            self.env["crm.interaction.log.entry"].with_user(self.user_salesman).create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "state": "canceled",
                }
            )

    def test_restore_of_canceled_segment_entry_refused(self):
        segment = self._create_segment(self.user_salesman)
        segment.with_user(self.user_salesman).action_log()
        logged = segment.logged_segment_id.with_user(self.user_salesman)
        logged.action_cancel()
        entry = logged.entry_ids[0].with_context(**FORGED_TOKEN)
        with self.assertRaisesRegex(UserError, "restore the logged segment"):
            entry.action_restore()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            entry.write({"state": "logged"})
        self.assertEqual(entry.state, "canceled")

    def test_logged_segment_not_writable(self):
        segment = self._create_segment(self.user_salesman)
        segment.with_user(self.user_salesman).action_log()
        logged = segment.logged_segment_id
        for user in (self.user_salesman, self.user_manager):
            for values in (
                {"name": "Renamed"},
                {"description": "Rewritten"},
                {"date": "2020-01-01 00:00:00"},
                {"user_id": self.user_salesman_2.id},
                {"state": "canceled"},
            ):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    logged.with_user(user).with_context(**FORGED_TOKEN).write(values)
        self.assertEqual(logged.state, "logged")
        with self.assertRaisesRegex(UserError, "created by logging a segment"):
            self.env["crm.interaction.logged.segment"].with_user(
                self.user_salesman
            ).create({"name": "Fake"})

    def test_segment_state_not_writable(self):
        segment = self._create_segment(self.user_salesman)
        own = segment.with_user(self.user_salesman).with_context(**FORGED_TOKEN)
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"state": "logged"})
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            self.env["crm.interaction.segment"].with_user(self.user_salesman).create(
                {"description": "Pre-logged", "state": "logged"}
            )
        own.action_log()
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"logged_segment_id": False})
        with self.assertRaisesRegex(UserError, "already been logged"):
            own.action_log()
        self.assertEqual(
            self.env["crm.interaction.logged.segment"].search_count(
                [("segment_id", "=", segment.id)]
            ),
            1,
        )

    def test_lines_of_logged_segment_read_only(self):
        partner_carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        logged_segment = self._create_segment(self.user_salesman)
        logged_segment.with_user(self.user_salesman).action_log()
        draft = self._create_segment(self.user_salesman, partners=partner_carl)
        line = draft.line_ids.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, "is logged"):
            line.write({"segment_id": logged_segment.id})
        with self.assertRaisesRegex(UserError, "is logged"):
            logged_segment.line_ids[0].with_user(self.user_salesman).write({"cost": 0})
        with self.assertRaisesRegex(UserError, "is logged"):
            self.env["crm.interaction.segment.line"].with_user(
                self.user_salesman
            ).create({"segment_id": logged_segment.id, "partner_id": partner_carl.id})
        with self.assertRaisesRegex(UserError, "is logged"):
            logged_segment.line_ids[0].with_user(self.user_salesman).unlink()
        self.assertEqual(line.segment_id, draft)

    def test_cancel_then_unlink_refused(self):
        for user in (self.user_salesman, self.user_all_docs, self.user_manager):
            entry = self._create_entry(user_id=user.id)
            entry.with_user(user).action_cancel()
            with self.assertRaisesRegex(UserError, "kept as history"):
                entry.with_user(user).with_context(**FORGED_TOKEN).unlink()
            self.assertTrue(entry.exists())
        # a salesperson cannot run the private path over RPC (it starts with
        # an underscore) nor create the manager's wizard
        with self.assertRaises(AccessError):
            self.env["crm.interaction.delete.canceled"].with_user(
                self.user_all_docs
            ).create({})
        # postponed drafts remain theirs to delete
        draft = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        draft.with_user(self.user_salesman).unlink()
        self.assertFalse(draft.exists())

    def test_res_model_only_real_models(self):
        for model in ("mail.thread", "no.such.model", "crm.interaction.create.wizard"):
            with self.assertRaisesRegex(ValidationError, "not a document model"):
                self._create_entry(res_model=model, res_id=1)
        entry = self._create_entry(res_model="res.partner", res_id=self.partner_ben.id)
        self.assertEqual(entry.source_document_name, self.partner_ben.display_name)
        with self.assertRaisesRegex(UserError, "set by the application"):
            self.env["crm.interaction.log.entry"].with_user(self.user_salesman).create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "res_model": "res.partner",
                    "res_id": self.partner_anna.id,
                }
            )
        draft = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            draft.with_user(self.user_salesman).write({"res_model": "mail.thread"})
