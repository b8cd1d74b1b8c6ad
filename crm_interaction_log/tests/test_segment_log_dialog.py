from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon, load_finnish


@tagged("post_install", "-at_install")
class TestSegmentLogDialog(TestInteractionCommon):
    """The segment's Log dialog sends by default, as Create Interaction does,
    and says how many emails and letters logging sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.write({"email": "sender@example.com"})
        cls.template_email = cls.env["crm.interaction.template"].create(
            {
                "code": "T_DIALOG",
                "name": "Test dialog email",
                "group_id": cls.group_letter.id,
                "correspondence_type": "email",
                "ignore_contact_correspondence_type": True,
                "subject": "Offer",
                "body": "<p>Our offer</p>",
            }
        )
        Partner = cls.env["res.partner"]
        cls.env["mail.blacklist"]._add("blocked@example.com")
        cls.reachable = Partner.create(
            [{"name": f"Reach {i}", "email": f"reach{i}@example.com"} for i in range(3)]
        )
        cls.unreachable = Partner.create(
            [
                {"name": "Bea Blocked", "email": "blocked@example.com"},
                {"name": "Nora No Email"},
            ]
        )
        cls.letter_partners = Partner.create(
            [{"name": "Lea Letter"}, {"name": "Leo Letter"}]
        )

    def _dialog(self, segment):
        action = segment.action_open_log_wizard()
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    def _visible_alerts(self, dialog):
        """The texts of the alerts the dialog's form view shows for the
        values of ``dialog``, its invisible expressions evaluated as Odoo's
        Form evaluates a field's (the alert's and its ancestors')."""
        arch = dialog._view["tree"]
        context = dialog._get_eval_context()
        shown = []
        for alert in arch.xpath("//div[contains(@class, 'alert')]"):
            hidden = any(
                safe_eval(node.get("invisible"), context)
                for node in alert.xpath("ancestor-or-self::*[@invisible]")
            )
            if not hidden:
                texts = [
                    dialog[field.get("name")]
                    for field in alert.xpath(".//field")
                    if not any(
                        safe_eval(node.get("invisible"), context)
                        for node in field.xpath("ancestor::*[@invisible]")
                        if node is not alert and alert in node.iterancestors()
                    )
                ]
                shown.append(" ".join(filter(None, texts)))
        return shown

    def _segment(self, template, lines):
        return self.env["crm.interaction.segment"].create(
            {
                "description": "Counted offer",
                "template_id": template.id,
                "line_ids": [(0, 0, values) for values in lines],
            }
        )

    def test_sends_by_default_and_counts(self):
        segment = self._segment(
            self.template_email,
            [{"partner_id": p.id} for p in self.reachable | self.unreachable]
            + [
                {"partner_id": p.id, "template_id": self.template_letter.id}
                for p in self.letter_partners
            ],
        )
        dialog = self._dialog(segment)
        self.assertTrue(dialog.send_correspondence)
        self.assertFalse(dialog.empty_template_warning)
        self.assertEqual(
            (dialog.email_count, dialog.no_email_count, dialog.letter_count), (3, 2, 2)
        )
        self.assertEqual(
            dialog.correspondence_summary,
            "3 emails are queued. 2 contacts have no email address or are "
            "blacklisted: logged as No Email. 2 letters are printed.",
        )
        dialog.send_correspondence = False
        self.assertEqual(
            dialog.correspondence_summary,
            "Nothing is sent: the email and letter lines are only logged, as not sent.",
        )
        dialog.send_correspondence = True
        dialog.save().action_log()
        logged = segment.logged_segment_id
        statuses = logged.entry_ids.filtered(
            lambda e: e.correspondence_type == "email"
        ).mapped("delivery_status")
        # what the dialog announced is what logging did
        self.assertEqual(statuses.count("queued"), 3)
        self.assertEqual(statuses.count("no_email"), 2)
        self.assertEqual(logged.letter_count, 2)

    def test_template_without_content_logs_only(self):
        empty = self.template_email.copy({"code": "T_NO_BODY", "body": False})
        segment = self._segment(empty, [{"partner_id": p.id} for p in self.reachable])
        dialog = self._dialog(segment)
        # nothing to send: not sent by default, and the dialog says why
        self.assertFalse(dialog.send_correspondence)
        self.assertEqual(
            dialog.empty_template_warning,
            f"Nothing can be sent with {empty.display_name}: the template has no "
            "content. Write its email or letter in the template to send it.",
        )
        # one warning that says both: nothing is sent, and why
        self.assertEqual(
            self._visible_alerts(dialog),
            [
                "Nothing is sent: the email and letter lines are only logged, as "
                f"not sent. {dialog.empty_template_warning}"
            ],
        )
        dialog.send_correspondence = True
        # sending asked anyway: what would go, and why logging refuses
        self.assertEqual(len(self._visible_alerts(dialog)), 2)
        self.assertEqual(self._visible_alerts(dialog)[1], dialog.empty_template_warning)
        with self.assertRaisesRegex(UserError, "has no content"):
            dialog.save().action_log()
        self.assertEqual(segment.state, "draft")
        dialog = self._dialog(segment)
        dialog.save().action_log()
        self.assertEqual(segment.state, "logged")
        self.assertEqual(
            set(segment.logged_segment_id.entry_ids.mapped("delivery_status")),
            {"none"},
        )

    def test_one_of_each_reads_in_the_singular(self):
        segment = self._segment(
            self.template_email,
            [
                {"partner_id": self.reachable[0].id},
                {"partner_id": self.unreachable[1].id},
            ]
            + [
                {
                    "partner_id": self.letter_partners[0].id,
                    "template_id": self.template_letter.id,
                }
            ],
        )
        self.assertEqual(
            self._dialog(segment).correspondence_summary,
            "1 email is queued. 1 contact has no email address or is blacklisted: "
            "logged as No Email. 1 letter is printed.",
        )

    def test_nothing_to_send(self):
        segment = self._segment(
            self.template_call_out, [{"partner_id": self.reachable[0].id}]
        )
        dialog = self._dialog(segment)
        self.assertFalse(dialog.correspondence_summary)
        self.assertFalse(dialog.email_count or dialog.letter_count)

    def test_finnish_summary(self):
        load_finnish(self.env)
        segment = self._segment(
            self.template_email,
            [{"partner_id": p.id} for p in self.reachable[:2]],
        )
        action = segment.action_open_log_wizard()
        dialog = Form(
            self.env[action["res_model"]].with_context(
                lang="fi_FI", **action["context"]
            )
        )
        self.assertEqual(
            dialog.correspondence_summary, "2 sähköpostia asetetaan jonoon."
        )

    def test_checks_before_asking(self):
        segment = self.env["crm.interaction.segment"].create(
            {"template_id": self.template_call_out.id}
        )
        with self.assertRaisesRegex(UserError, "Enter a description"):
            segment.action_open_log_wizard()
        segment.description = "Checked first"
        with self.assertRaisesRegex(UserError, "is empty"):
            segment.action_open_log_wizard()
        segment.line_ids = [Command.create({"partner_id": self.partner_anna.id})]
        action = segment.action_open_log_wizard()
        self.assertEqual(action["res_model"], "crm.interaction.segment.log.wizard")
