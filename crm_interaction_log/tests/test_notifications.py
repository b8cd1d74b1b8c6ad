from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

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

    def test_segment_without_email_says_nothing_of_sending(self):
        """Logged with sending but with no email interaction: the
        notification counts the interactions and says nothing of emails."""
        segment = self._segment(self.partner_ben)
        result = segment.action_log(send_correspondence=True)
        message = result["params"]["message"]
        self.assertEqual(
            message, f"1 interaction logged in {segment.logged_segment_id.name}."
        )
        self.assertNotIn("email", message)

    def _segment(self, partners, **values):
        return self.env["crm.interaction.segment"].create(
            {
                "description": "Counted",
                "template_id": self.template_call_out.id,
                "line_ids": [Command.create({"partner_id": p.id}) for p in partners],
                **values,
            }
        )

    def _notes(self, record):
        return [html2plaintext(body) for body in record.message_ids.mapped("body")]

    def test_logged_segment_chatter_counts(self):
        logged = self._segment(self.partner_anna)
        logged.action_log()
        logged = logged.logged_segment_id
        logged.action_cancel()
        logged.action_restore()
        self.assertIn(
            "Logged segment canceled: 1 interaction canceled.", self._notes(logged)
        )
        self.assertIn(
            "Logged segment restored: 1 interaction restored.", self._notes(logged)
        )
        two = self._segment(self.partner_anna | self.partner_ben)
        two.action_log()
        two.logged_segment_id.action_cancel()
        self.assertIn(
            "Logged segment canceled: 2 interactions canceled.",
            self._notes(two.logged_segment_id),
        )

    def test_privacy_blocked_contact_left_out(self):
        self.partner_ben.interaction_privacy_blocked = True
        segment = self._segment(self.partner_anna | self.partner_ben)
        message = segment.action_log()["params"]["message"]
        self.assertIn(
            "1 privacy-blocked contact was left out: "
            "Nordic Furniture Oy, Ben Korhonen.",
            message,
        )
        self.assertIn(
            "1 privacy-blocked contact of the segment was left out: "
            "Nordic Furniture Oy, Ben Korhonen.",
            self._notes(segment.logged_segment_id),
        )

    def test_line_counts_in_segment_messages(self):
        segment = self._segment(self.partner_anna | self.partner_ben)
        segment.line_ids[0].cost = 9.0
        new = segment.new(origin=segment)
        new.template_id = self.template_letter
        warning = new._onchange_template_id_own_lines()["warning"]["message"]
        self.assertTrue(
            warning.startswith("1 line has its own template or values and keeps them."),
            warning,
        )
        secret = self.env["res.partner"].create(
            {"name": "Secret B", "company_id": self.company_b.id}
        )
        self.env.cr.execute(
            "INSERT INTO crm_interaction_segment_line (segment_id, partner_id, "
            "company_id, template_id) VALUES (%s, %s, %s, %s)",
            [segment.id, secret.id, segment.company_id.id, self.template_call_out.id],
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "but 1 of its lines uses a contact"):
            segment.action_log()

    def test_deletion_refusals_count(self):
        group = self.env["crm.interaction.group"].create(
            {"code": "T_ONE", "name": "One"}
        )
        template = self.env["crm.interaction.template"].create(
            {"code": "T_ONE", "name": "One template", "group_id": group.id}
        )
        with self.assertRaisesRegex(
            UserError, r"^\[T_ONE\] One is used by 1 template and cannot be deleted\."
        ):
            group.unlink()
        carl = self.env["res.partner"].create({"name": "Carl Nieminen"})
        self._create_entry(template=template, partner=carl)
        with self.assertRaisesRegex(
            UserError,
            r"^\[T_ONE\] One is used by 1 interaction log entry and 1 template and",
        ):
            group.unlink()
        with self.assertRaisesRegex(
            UserError, r"is used by 1 interaction log entry and cannot be deleted"
        ):
            template.unlink()
        with self.assertRaisesRegex(
            UserError, r"^Carl Nieminen has 1 interaction log entry and cannot"
        ):
            carl.unlink()

    def test_privacy_counts(self):
        self._create_entry(partner=self.partner_ben)
        self.partner_ben.action_export_interaction_history()
        self.assertIn(
            f"Interaction history exported by {self.env.user.name} (1 interaction).",
            self._notes(self.partner_ben),
        )
        action = self.partner_ben.action_interaction_forget()
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        message = wizard.action_forget()["params"]["message"]
        self.assertTrue(
            message.startswith("1 interaction of Nordic Furniture Oy, Ben Korhonen "),
            message,
        )
        privacy_log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertEqual(
            privacy_log.execution_details, "Anonymized 1 interaction log entry"
        )

    def test_delete_canceled_count(self):
        self._create_entry(partner=self.partner_ben).action_cancel()
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"partner_ids": [Command.set(self.partner_ben.ids)]}
        )
        self.assertEqual(
            wizard.action_delete()["params"]["message"],
            "1 canceled interaction log entry has been deleted.",
        )

    def test_add_and_remove_contacts_counts(self):
        segment = self._segment(self.partner_ben)
        Wizard = self.env["crm.interaction.segment.add.contacts"]

        def run(domain, method="action_add"):
            wizard = Wizard.create({"segment_id": segment.id, "partner_domain": domain})
            return getattr(wizard, method)()["params"]["message"]

        anna = f"[('id', '=', {self.partner_anna.id})]"
        self.assertEqual(run(anna), f"1 contact added to the segment {segment.name}.")
        self.assertEqual(
            run(anna),
            f"No contact added to the segment {segment.name}: they are "
            "all in it already.",
        )
        self.assertEqual(
            run(anna, "action_remove"),
            f"1 contact removed from the segment {segment.name}.",
        )
        self.assertEqual(
            run(anna, "action_remove"),
            f"No contact removed from the segment {segment.name}.",
        )

    def test_log_dialog_says_no_zero_emails(self):
        segment = self._segment(self.partner_ben)
        Wizard = self.env["crm.interaction.segment.log.wizard"]
        wizard = Wizard.create(
            {"segment_ids": [Command.set(segment.ids)], "send_correspondence": True}
        )
        summary = wizard._correspondence_summary(0, 2, 0)
        self.assertNotIn("0 emails", summary)
        self.assertEqual(
            summary,
            "2 contacts have no email address or are blacklisted: logged as No Email.",
        )
        self.assertEqual(
            wizard._correspondence_summary(1, 0, 1),
            "1 email is queued. 1 letter is printed.",
        )
