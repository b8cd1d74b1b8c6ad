"""One-click unsubscribe of segment emails (RFC 8058), over HTTP, with the
link taken from an email a real SMTP server (aiosmtpd) received."""

from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged

from .common import load_finnish
from .common_correspondence import SmtpCorrespondenceCommon


@tagged("post_install", "-at_install")
class TestUnsubscribe(SmtpCorrespondenceCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_finnish(cls.env)

    def _unsubscribe_link(self, address):
        [received] = self._received_by(address)
        self.assertEqual(
            received["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
        )
        url = received["List-Unsubscribe"].strip("<>")
        self.assertIn("/crm_interaction/unsubscribe/", url)
        return urlsplit(url).path

    def test_one_click_unsubscribe(self):
        logged, _result = self._log_segment(self.partner_en)
        entry = logged.entry_ids
        self._run_mail_queue()
        path = self._unsubscribe_link("john@example.com")

        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Do you want to stop receiving emails from us", page.text)
        self.assertIn("john@example.com", page.text)
        # looking is not unsubscribing
        self.assertFalse(self.partner_en.is_blacklisted)

        # what a mailbox provider posts (RFC 8058): no session, no CSRF token
        done = self.url_open(path, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(done.status_code, 200)
        self.assertIn("is unsubscribed", done.text)
        self.env.invalidate_all()
        self.assertTrue(self.partner_en.is_blacklisted)
        answer = self.env["crm.interaction.log.entry"].search(
            [("reply_to_entry_id", "=", entry.id)]
        )
        self.assertEqual(
            answer.template_id, self.env.company.interaction_unsubscribe_template_id
        )
        self.assertEqual(answer.information_flow, "inbound")
        self.assertEqual(answer.partner_id, self.partner_en)
        # posting again logs nothing more
        self.url_open(path, data={"List-Unsubscribe": "One-Click"})
        self.env.invalidate_all()
        self.assertEqual(
            self.env["crm.interaction.log.entry"].search_count(
                [("reply_to_entry_id", "=", entry.id)]
            ),
            1,
        )
        # the next segment does not email the contact
        next_logged, _result = self._log_segment(self.partner_en)
        self.assertEqual(next_logged.entry_ids.delivery_status, "no_email")

    def test_page_in_contact_language(self):
        self._log_segment(self.partner_fi)
        self._run_mail_queue()
        page = self.url_open(self._unsubscribe_link("eero@example.fi"))
        self.assertIn("Haluatko lopettaa", page.text)

    def test_forged_link_refused(self):
        logged, _result = self._log_segment(self.partner_en)
        entry = logged.entry_ids
        token = entry._get_unsubscribe_token()
        forged = f"{entry.id + 1}-{token.split('-', 1)[1]}"
        for bad in (forged, f"{entry.id}-0000", "nonsense"):
            response = self.url_open(
                f"/crm_interaction/unsubscribe/{bad}",
                data={"List-Unsubscribe": "One-Click"},
            )
            self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertFalse(self.partner_en.is_blacklisted)

    def test_wizard_emails_carry_no_unsubscribe_header(self):
        """Unsubscribing is for bulk mail: a one-to-one email has none."""
        self._log_with_wizard(self.partner_en)
        self._run_mail_queue()
        [received] = self._received_by("john@example.com")
        self.assertIsNone(received["List-Unsubscribe"])
