from lxml import etree

from odoo.tests import tagged

from .common import TestInteractionCommon, load_finnish


@tagged("post_install", "-at_install")
class TestScreenTexts(TestInteractionCommon):
    """What the screens say after an action: counts in the singular and the
    plural, no sticky notification, a line in the entry's chatter."""

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

    def test_resend_reloads_the_form(self):
        entry = self._create_entry()
        result = entry.action_resend()
        self.assertEqual(result["params"]["next"]["tag"], "soft_reload")

    def test_cancel_and_restore_on_the_form_leave_a_chatter_line(self):
        entry = self._create_entry()
        entry.action_cancel()
        entry.action_restore()
        bodies = entry.message_ids.mapped("body")
        self.assertTrue(any("Interaction canceled." in body for body in bodies))
        self.assertTrue(any("Interaction restored." in body for body in bodies))

    def test_finnish_counts(self):
        load_finnish(self.env)
        entries = (self._create_entry() | self._create_entry()).with_context(
            lang="fi_FI"
        )
        self.assertEqual(
            entries.action_cancel()["params"]["message"],
            "2 vuorovaikutusta peruutettu.",
        )
        Entry = self.env["crm.interaction.log.entry"].with_context(lang="fi_FI")
        self.assertEqual(
            Entry._correspondence_notification({"queued": 1, "no_email": 0})["params"][
                "message"
            ],
            "1 sähköposti jonossa.",
        )


@tagged("post_install", "-at_install")
class TestScreenLayout(TestInteractionCommon):
    """Lists, forms and menus as a user reads them."""

    def _arch(self, model, xmlid=None, view_type="form"):
        view_id = self.env.ref(xmlid).id if xmlid else None
        return etree.fromstring(self.env[model].get_view(view_id, view_type)["arch"])

    def test_log_list_hides_canceled_entries_by_default(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        self.assertIn("'search_default_filter_not_canceled': 1", action["context"])

    def test_selection_buttons_say_what_they_do(self):
        arch = self._arch("crm.interaction.log.entry", view_type="list")
        labels = [button.get("string") for button in arch.xpath("//header/button")]
        self.assertIn("Cancel Interactions", labels)
        self.assertIn("Restore Interactions", labels)
        self.assertNotIn("Cancel", labels)

    def test_campaign_cost_per_response_only_with_responses(self):
        arch = self._arch("utm.campaign")
        (node,) = arch.xpath("//field[@name='interaction_cost_per_response']")
        self.assertEqual(node.get("invisible"), "not interaction_response_count")

    def test_user_interaction_cost_in_currency(self):
        field = self.env["res.users"]._fields["interaction_cost"]
        self.assertEqual(field.type, "monetary")
        self._create_entry(user_id=self.user_salesman.id)
        user = self.user_salesman
        self.assertEqual(user.interaction_cost, 2.5)
        self.assertEqual(user.interaction_currency_id, self.env.company.currency_id)
        arch = self._arch("res.users", "base.view_users_form")
        self.assertTrue(arch.xpath("//field[@name='interaction_currency_id']"))

    def test_menus(self):
        config = self.env.ref("crm_interaction_log.crm_interaction_config_menu")
        self.assertEqual(config.parent_id, self.env.ref("crm.crm_menu_config"))
        # the four items under their header (other features add theirs)
        self.assertLessEqual(
            {
                "Interaction Templates",
                "Interaction Groups",
                "Interaction Outcomes",
                "Automatic Interaction Logging",
                "Import from Business Central",
            },
            set(config.child_id.mapped("name")),
        )
        self.assertFalse(
            self.env["ir.ui.menu"].search(
                [
                    ("parent_id", "=", self.env.ref("crm.crm_menu_config").id),
                    ("name", "like", "Interaction"),
                    ("id", "!=", config.id),
                ]
            )
        )
        campaigns = self.env.ref("crm_interaction_log.crm_interaction_campaign_menu")
        self.assertEqual(
            campaigns.parent_id,
            self.env.ref("crm_interaction_log.crm_interaction_menu_root"),
        )
        self.assertEqual(campaigns.action, self.env.ref("utm.utm_campaign_action"))


@tagged("post_install", "-at_install")
class TestActionDefaults(TestInteractionCommon):
    """Names and people the actions choose."""

    def test_opportunity_named_after_contact_and_template(self):
        entry = self._create_entry(description="Email sent")
        entry.action_create_opportunity()
        self.assertEqual(entry.lead_id.name, "Anna Virtanen: Test outbound call")

    def test_activity_of_odoobot_logged_for_the_salesperson(self):
        activity_type = self.env["mail.activity.type"].create(
            {"name": "Bot call", "interaction_template_id": self.template_call_out.id}
        )
        odoobot = self.env.ref("base.user_root")
        activity = self.partner_anna.activity_schedule(
            activity_type_id=activity_type.id, user_id=odoobot.id
        )
        activity.action_done()
        entry = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_call_out.id)]
        )
        self.assertEqual(len(entry), 1)
        # Anna's salesperson, not OdooBot
        self.assertEqual(entry.user_id, self.user_salesman)
        # a real assignee stays the salesperson
        activity = self.partner_anna.activity_schedule(
            activity_type_id=activity_type.id, user_id=self.user_salesman_2.id
        )
        activity.action_done()
        entry = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_call_out.id)], order="id desc", limit=1
        )
        self.assertEqual(entry.user_id, self.user_salesman_2)


@tagged("post_install", "-at_install")
class TestDeliveryFailureMessage(TestInteractionCommon):
    """A failed email says what went wrong in words, not the mail server's
    "111 / Connection refused"."""

    def _failed(self, status, reason):
        entry = self._create_entry()
        entry._write_protected(
            {"delivery_status": status, "delivery_failure_reason": reason}
        )
        return entry

    def test_messages(self):
        cases = {
            ("error", "111 / Connection refused"): "could not be reached",
            ("error", "SMTPAuthenticationError: 535 5.7.8"): "refused the login",
            ("error", "550 5.1.1 Recipient address rejected"): "was refused",
            ("error", "Something odd"): "could not be sent: Something odd",
            ("no_email", False): "has no email address",
        }
        for (status, reason), expected in cases.items():
            with self.subTest(reason=reason):
                message = self._failed(status, reason).delivery_failure_message
                self.assertIn(expected, message)
                if reason and status == "error" and "odd" not in reason:
                    self.assertNotIn(reason, message)
        self.assertFalse(self._create_entry().delivery_failure_message)

    def test_form_shows_the_words(self):
        arch = etree.fromstring(
            self.env["crm.interaction.log.entry"].get_view(view_type="form")["arch"]
        )
        self.assertTrue(arch.xpath("//field[@name='delivery_failure_message']"))
        # the server's raw reason is for developer mode only (18.0 leaves it
        # out of the arch, 19.0 leaves that to the web client)
        source = etree.fromstring(
            self.env.ref(
                "crm_interaction_log.crm_interaction_log_entry_view_form_correspondence"
            ).arch
        )
        [reason] = source.xpath("//field[@name='delivery_failure_reason']")
        self.assertEqual(reason.get("groups"), "base.group_no_one")
