from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestLogEntry(TestInteractionCommon):
    def test_defaults_from_template(self):
        before = fields.Datetime.now() - timedelta(seconds=2)
        entry = self._create_entry(template=self.template_letter)
        self.assertEqual(entry.cost, 1.2)
        self.assertEqual(entry.duration, 15)
        self.assertEqual(entry.information_flow, "outbound")
        self.assertEqual(entry.initiated_by, "us")
        self.assertEqual(entry.correspondence_type, "hard_copy")
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertTrue(entry.campaign_target)
        self.assertEqual(entry.group_id, self.group_letter)
        self.assertEqual(entry.description, "Test letter")
        self.assertEqual(entry.state, "logged")
        self.assertGreaterEqual(entry.date, before)
        self.assertEqual(entry.company_id, self.env.company)

    def test_given_values_win_over_template(self):
        entry = self._create_entry(
            template=self.template_letter,
            cost=9.0,
            duration=42,
            information_flow="inbound",
            initiated_by="them",
            correspondence_type="email",
            campaign_id=False,
            group_id=self.group_call.id,
            description="Custom",
        )
        self.assertEqual(
            (
                entry.cost,
                entry.duration,
                entry.information_flow,
                entry.initiated_by,
                entry.correspondence_type,
                entry.description,
            ),
            (9.0, 42, "inbound", "them", "email", "Custom"),
        )
        self.assertFalse(entry.campaign_id)
        self.assertEqual(entry.group_id, self.group_call)

    def test_group_is_stored_at_logging_time(self):
        """Moving a template to another group keeps the history unchanged."""
        entry = self._create_entry()
        self.template_call_out.group_id = self.group_letter
        self.assertEqual(entry.group_id, self.group_call)
        self.assertEqual(
            self.env["crm.interaction.log.entry"].search_count(
                [("id", "=", entry.id), ("group_id", "=", self.group_call.id)]
            ),
            1,
        )

    def test_contact_correspondence_type(self):
        self.partner_ben.interaction_correspondence_type = "email"
        entry = self._create_entry(
            template=self.template_letter, partner=self.partner_ben
        )
        self.assertEqual(entry.correspondence_type, "email")
        self.template_letter.ignore_contact_correspondence_type = True
        entry = self._create_entry(
            template=self.template_letter, partner=self.partner_ben
        )
        self.assertEqual(entry.correspondence_type, "hard_copy")

    def test_commercial_partner_stored(self):
        entry = self._create_entry(partner=self.partner_ben)
        self.assertEqual(entry.commercial_partner_id, self.partner_company)
        found = self.env["crm.interaction.log.entry"].search(
            [("commercial_partner_id", "=", self.partner_company.id)]
        )
        self.assertIn(entry, found)

    def test_salesperson_default(self):
        # Anna's salesperson is Sally
        entry = self._create_entry(partner=self.partner_anna)
        self.assertEqual(entry.user_id, self.user_salesman)
        # Ben has none: the current user
        entry = self._create_entry(partner=self.partner_ben)
        self.assertEqual(entry.user_id, self.env.user)
        entry = self._create_entry(
            partner=self.partner_ben, user_id=self.user_manager.id
        )
        self.assertEqual(entry.user_id, self.user_manager)

    def test_display_name(self):
        outbound = self._create_entry(partner=self.partner_anna)
        self.assertEqual(outbound.display_name, "Test outbound call - Anna Virtanen")
        inbound = self._create_entry(
            template=self.template_call_in,
            partner=self.partner_ben,
            description="Asked for a quote",
        )
        # entries of one template tell apart by what was said and with whom
        self.assertEqual(inbound.display_name, "Asked for a quote - Ben Korhonen")

    def test_logged_entry_read_only_except_comments(self):
        entry = self._create_entry()
        entry.write(
            {
                "note": "<p>Called back</p>",
                "evaluation": "positive",
                "attempt_failed": True,
            }
        )
        self.assertEqual(entry.evaluation, "positive")
        self.assertTrue(entry.attempt_failed)
        for values in (
            {"description": "Changed"},
            {"cost": 99},
            {"partner_id": self.partner_ben.id},
        ):
            with self.assertRaisesRegex(UserError, "read-only"):
                entry.write(values)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            entry.write({"state": "postponed"})
        self.assertEqual(entry.description, "Test outbound call")
        # a canceled entry is read-only too
        entry.action_cancel()
        with self.assertRaisesRegex(UserError, "read-only"):
            entry.description = "Changed"

    def test_mixed_write_on_logged_entry_changes_nothing(self):
        entry = self._create_entry()
        with self.assertRaisesRegex(UserError, "you tried to change: Cost on"):
            entry.write({"evaluation": "positive", "cost": 5})
        self.assertFalse(entry.evaluation)
        self.assertEqual(entry.cost, 2.5)
        # several entries: one logged among postponed ones refuses the write
        postponed = self._create_entry(state="postponed")
        with self.assertRaisesRegex(UserError, "read-only"):
            (postponed | entry).write({"description": "Bulk"})
        self.assertEqual(postponed.description, "Test outbound call")

    def test_postponed_entry_editable(self):
        entry = self._create_entry(state="postponed")
        entry.write({"description": "Still typing", "cost": 3})
        self.assertEqual(entry.description, "Still typing")

    def test_unlink_only_postponed_and_canceled(self):
        logged = self._create_entry()
        with self.assertRaisesRegex(UserError, "Only postponed and canceled"):
            logged.unlink()
        self.assertTrue(logged.exists())
        postponed = self._create_entry(state="postponed")
        postponed.unlink()
        self.assertFalse(postponed.exists())
        logged.action_cancel()
        # canceled history goes only through Delete Canceled and the job
        with self.assertRaisesRegex(UserError, "kept as history"):
            logged.unlink()
        logged._unlink_canceled()
        self.assertFalse(logged.exists())

    def test_chatter_records_changes(self):
        entry = (
            self.env["crm.interaction.log.entry"]
            .with_context(tracking_disable=False)
            .create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_ben.id,
                }
            )
        )
        self.env.cr.flush()  # creation ends: later changes are tracked
        entry.evaluation = "negative"
        entry.action_cancel()
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written just before commit
        tracked = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.res_id", "=", entry.id),
                    ("mail_message_id.model", "=", entry._name),
                ]
            )
            .field_id.mapped("name")
        )
        self.assertIn("evaluation", tracked)
        # the status is audited in its own history, not one message per entry
        self.assertNotIn("state", tracked)
        history = entry.state_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(
            (history.old_state, history.new_state, history.user_id),
            ("logged", "canceled", self.env.user),
        )

    def test_delete_not_offered_on_log(self):
        for xmlid, view_type in (
            ("crm_interaction_log.crm_interaction_log_entry_view_list", "list"),
            ("crm_interaction_log.crm_interaction_log_entry_view_form", "form"),
            ("crm_interaction_log.crm_interaction_log_entry_view_calendar", "calendar"),
        ):
            arch = self._view_arch(xmlid, view_type)
            self.assertEqual(arch.get("delete"), "0", xmlid)
        postponed = self._view_arch(
            "crm_interaction_log.crm_interaction_log_entry_view_list_postponed", "list"
        )
        self.assertNotEqual(postponed.get("delete"), "0")

    def test_no_sample_data_in_log(self):
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_log_entry_view_list", "list"
        )
        self.assertNotEqual(arch.get("sample"), "1")

    def test_calendar_uses_duration(self):
        entry = self._create_entry(duration=10)
        self.assertAlmostEqual(entry.duration_hours, 10 / 60)
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_log_entry_view_calendar", "calendar"
        )
        self.assertEqual(arch.get("date_delay"), "duration_hours")

    def test_delete_contact_with_interactions(self):
        self._create_entry(partner=self.partner_ben)
        with self.assertRaisesRegex(UserError, "archive the contact instead"):
            self.partner_ben.unlink()
        lonely = self.env["res.partner"].create({"name": "No history"})
        lonely.unlink()
        self.assertFalse(lonely.exists())

    def test_log_list_hides_canceled_entries_by_default(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        self.assertIn("'search_default_filter_not_canceled': 1", action["context"])
