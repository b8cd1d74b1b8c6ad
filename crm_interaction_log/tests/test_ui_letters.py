"""A letter is printed once: logging it renders it with wkhtmltopdf and the
report keeps it with the entry (Reload from Attachment); the web client's
download of the print action, over HTTP, gets that same letter."""

import json
from unittest.mock import patch
from urllib.parse import quote

from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common_correspondence import CorrespondenceCommon


@tagged("post_install", "-at_install")
class TestLetterPrintedOnce(CorrespondenceCommon, HttpCase):
    def test_letter_printed_once_then_downloaded(self):
        Report = type(self.env["ir.actions.report"])
        run = Report._run_wkhtmltopdf
        runs = []

        def counted_run(report, *args, **kwargs):
            runs.append(args)
            return run(report, *args, **kwargs)

        # as the web client prints: with wkhtmltopdf, not the HTML of tests;
        # Debian's wkhtmltopdf (unpatched Qt) warns on every render that it
        # ignores the header switches, which is the build's, not the letter's
        context = {"force_report_rendering": True}
        with (
            patch.object(Report, "_run_wkhtmltopdf", counted_run),
            mute_logger("odoo.addons.base.models.ir_actions_report"),
        ):
            wizard = Form(
                self.env["crm.interaction.create.wizard"].with_context(
                    default_partner_id=self.partner_fi.id, **context
                )
            )
            wizard.template_id = self.template_letter
            action = wizard.save().action_log()
            self.assertEqual(len(runs), 1)
            entry = self.env["crm.interaction.log.entry"].browse(
                action["context"]["active_ids"]
            )
            letter = entry.attachment_ids
            # kept under its name in the contact's language
            self.assertEqual(letter.name, "Kirje Eero Mäkinen.pdf")
            self.assertEqual(letter.mimetype, "application/pdf")
            self.assertTrue(letter.raw.startswith(b"%PDF"))
            self.assertEqual(entry.delivery_status, "printed")
            # the download the print action starts: the kept letter
            self.authenticate("admin", "admin")
            response = self.url_open(
                f"/report/pdf/{action['report_name']}/{entry.id}"
                f"?context={quote(json.dumps(context))}"
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.content, letter.raw)
            self.assertEqual(len(runs), 1)
