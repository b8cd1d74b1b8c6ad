from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import crm_interaction_logged_segment_correspondence as logged_mail
from .common_correspondence import CorrespondenceCommon


@tagged("post_install", "-at_install")
class TestBackgroundSending(CorrespondenceCommon):
    """A segment with more emails than ``BACKGROUND_SEND_LIMIT`` (20,000;
    2 here) is logged at once, and its emails are sent by a background job:
    the same emails, as the user who logged it, in committed batches, each
    once."""

    def _log_large(self, partners, user=None):
        Segment = self.env["crm.interaction.segment"]
        if user:
            Segment = Segment.with_user(user)
        segment = Segment.create(
            {
                "description": "Spring offer",
                "template_id": self.template_email.id,
                "line_ids": [(0, 0, {"partner_id": p.id}) for p in partners],
            }
        )
        with patch.object(logged_mail, "BACKGROUND_SEND_LIMIT", 2):
            result = segment.action_log(send_correspondence=True)
        return segment.sudo().logged_segment_id, result

    def _run_job(self, batch_size=2):
        return self.env["crm.interaction.logged.segment"]._cron_send_pending_emails(
            batch_size=batch_size
        )

    def _status(self, logged):
        logged.entry_ids.invalidate_recordset()
        return {e.partner_id: e.delivery_status for e in logged.entry_ids}

    def test_logged_now_sent_by_the_job_as_the_user(self):
        partners = self.partner_fi | self.partner_en | self.partner_no_email
        cron = self.env.ref("crm_interaction_log.ir_cron_send_pending_emails")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        logged, result = self._log_large(partners, user=self.user_salesman)
        # logged at once; nothing prepared yet, the job is triggered
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(self._status(logged).values()), {"to_send"})
        self.assertFalse(logged.entry_ids.mail_message_id)
        self.assertEqual(logged.to_send_count, 3)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
        )
        self.assertIn("3 interactions logged", result["params"]["message"])
        self.assertIn(
            "Its 3 emails are prepared in the background", result["params"]["message"]
        )

        # batches of 2: every entry once
        self.assertEqual(self._run_job(), 3)
        self.assertEqual(
            self._status(logged),
            {
                self.partner_fi: "queued",
                self.partner_en: "queued",
                self.partner_no_email: "no_email",
            },
        )
        entries = logged.entry_ids
        mails = self._mails_of(entries)
        self.assertEqual(len(mails), 2)
        # the emails of the user who logged the segment, in each contact's
        # language, bulk mail with its one-click unsubscribe
        self._assert_offers_sent_by(entries, self.user_salesman)
        for mail in mails:
            self.assertIn("List-Unsubscribe", mail.headers)
        self.assertEqual(logged.to_send_count, 0)

        # run again: nothing is sent twice
        self.assertEqual(self._run_job(), 0)
        self.assertEqual(len(self._mails_of(logged.entry_ids)), 2)

    def test_canceled_entries_wait_and_are_sent_once_restored(self):
        logged, _result = self._log_large(
            self.partner_fi | self.partner_en | self.partner_no_email
        )
        logged.action_cancel()
        # counted afresh, as the next request of the web client does
        logged.invalidate_recordset()
        self.assertEqual(self._run_job(), 0)
        self.assertFalse(logged.entry_ids.mail_message_id)
        self.assertEqual(logged.to_send_count, 0)
        logged.action_restore()
        logged.invalidate_recordset()
        self.assertEqual(logged.to_send_count, 3)
        self.assertEqual(self._run_job(batch_size=10), 3)
        self.assertEqual(len(self._mails_of(logged.entry_ids)), 2)

    def test_contact_blocked_since_logging_gets_no_email(self):
        logged, _result = self._log_large(
            self.partner_fi | self.partner_en | self.partner_no_email
        )
        self.partner_en.interaction_privacy_blocked = True
        self.assertEqual(self._run_job(), 3)
        status = self._status(logged)
        self.assertEqual(status[self.partner_fi], "queued")
        self.assertEqual(status[self.partner_en], "error")
        entry_en = logged.entry_ids.filtered(lambda e: e.partner_id == self.partner_en)
        self.assertIn("John Smith: privacy blocked", entry_en.delivery_failure_reason)
        self.assertFalse(entry_en.mail_message_id)
        self.assertEqual(len(self._mails_of(logged.entry_ids)), 1)

    def test_what_the_user_may_no_longer_do_fails_with_the_reason(self):
        """The salesperson who logged it moved to another company before the
        job ran: nothing is sent in their name to the first company's
        contacts, the entries say why, and the job goes on."""
        logged, _result = self._log_large(
            self.partner_fi | self.partner_en | self.partner_no_email,
            user=self.user_salesman,
        )
        other = self.env["res.company"].create({"name": "Other company"})
        self.user_salesman.write({"company_ids": [(4, other.id)]})
        self.user_salesman.write(
            {"company_id": other.id, "company_ids": [(6, 0, other.ids)]}
        )
        self.assertEqual(self._run_job(), 3)
        self.assertEqual(set(self._status(logged).values()), {"error"})
        self.assertEqual(
            set(logged.entry_ids.mapped("delivery_failure_reason")),
            {
                f"Not sent in the name of {self.user_salesman.name}, who logged it: "
                "Access to unauthorized or invalid companies."
            },
        )
        self.assertFalse(logged.entry_ids.mail_message_id)
        self.assertEqual(logged.delivery_failed_count, 3)
        # a failed email is resent by hand like any other
        logged.action_resend_failed()
        self.assertEqual(len(self._mails_of(logged.entry_ids)), 2)

    def test_blocked_contact_is_never_left_to_send(self):
        """Logging refuses blocked contacts before this; marking their
        entries To Send refuses too, naming them, and marks nothing."""
        logged, _result = self._log_segment(
            self.partner_fi | self.partner_en, send=False
        )
        self.partner_en.interaction_privacy_blocked = True
        with self.assertRaisesRegex(UserError, "John Smith: privacy blocked"):
            logged.entry_ids._mark_to_send()
        self.assertEqual(set(self._status(logged).values()), {"none"})
        self.partner_en.interaction_privacy_blocked = False
        self.assertEqual(logged.entry_ids._mark_to_send(), {"to_send": 2})
        self.assertEqual(set(self._status(logged).values()), {"to_send"})

    def test_small_segment_is_sent_while_logging(self):
        logged, result = self._log_segment(self.partner_fi | self.partner_en)
        self.assertEqual(set(self._status(logged).values()), {"queued"})
        self.assertIn("2 emails queued", result["params"]["message"])
