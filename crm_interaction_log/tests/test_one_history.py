from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models.crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH
from .common import TestInteractionCommon

LOGGER = "odoo.addons.crm_interaction_log.models.crm_interaction_auto_rule"


class TestOneHistoryCommon(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["crm.interaction.log.entry"]
        cls.Rule = cls.env["crm.interaction.auto.rule"]
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        cls.template_email_out = cls.env["crm.interaction.template"].create(
            {
                "code": "T_EMAIL_OUT",
                "name": "Test email sent",
                "group_id": cls.group_letter.id,
                "correspondence_type": "email",
            }
        )
        cls.template_email_in = cls.env["crm.interaction.template"].create(
            {
                "code": "T_EMAIL_IN",
                "name": "Test email received",
                "group_id": cls.group_letter.id,
                # the event makes it inbound whatever the template says
                "information_flow": "outbound",
                "initiated_by": "us",
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Showroom chairs",
                "type": "opportunity",
                "partner_id": cls.partner_anna.id,
                "user_id": cls.user_salesman.id,
                "campaign_id": cls.campaign.id,
            }
        )


@tagged("post_install", "-at_install")
class TestOneHistoryEmail(TestOneHistoryCommon):
    """Outbound auto-logged emails count on their opportunity; a customer's
    email arriving through the mail gateway logs an inbound entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule.create(
            [
                {
                    "model_id": cls.lead_model.id,
                    "event": "email_sent",
                    "template_id": cls.template_email_out.id,
                },
                {
                    "model_id": cls.lead_model.id,
                    "event": "email_received",
                    "template_id": cls.template_email_in.id,
                },
            ]
        )
        cls.user_salesman.email = "sally@ourcompany.example.com"
        cls.partner_anna.email = "anna@example.com"

    def _lead_message(self):
        """A message of the lead customers reply to."""
        return self.lead.message_post(
            body="Our offer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )

    def _raw_email(
        self, email_from, msg_id, in_reply_to="", extra="", subject=None, body=None
    ):
        headers = [
            f"Return-Path: <{email_from}>",
            f"From: {email_from}",
            "To: sales@example.com",
            f"Subject: {subject or 'Re: Showroom chairs'}",
            f"Message-ID: {msg_id}",
            "Date: Tue, 24 Nov 2026 10:00:00 +0000",
            "MIME-Version: 1.0",
        ]
        if in_reply_to:
            headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
        if extra:
            headers.append(extra)
        if "Content-Type" not in extra:
            headers.append('Content-Type: text/plain; charset="utf-8"')
        body = body or "Thank you, we accept the offer.\n"
        return "\n".join(headers) + "\n\n" + body

    def _process(self, raw, model="crm.lead"):
        return self.env["mail.thread"].sudo().message_process(model, raw)

    def _entries(self, **domain):
        return self.Entry.search(
            [("template_id", "=", self.template_email_in.id)]
            + [(key, "=", value) for key, value in domain.items()]
        )

    def test_outbound_email_counts_on_opportunity(self):
        self.assertEqual(self.lead.interaction_count, 0)
        message = self.lead.message_post(
            body="Here is our offer",
            subject="Offer for showroom chairs",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_anna.ids,
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual(entry.subject, "Offer for showroom chairs")
        self.assertEqual(entry.mail_message_id, message)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 1)

    def test_outbound_email_without_subject_takes_document_name(self):
        self.lead.message_post(
            body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(entry.subject, "Showroom chairs")

    def test_document_linked_to_opportunity_sets_lead(self):
        """A document with an opportunity link (here a meeting) logs on the
        opportunity too."""
        self.Rule.create(
            {
                "model_id": self.env["ir.model"]._get_id("calendar.event"),
                "event": "email_sent",
                "template_id": self.template_email_out.id,
            }
        )
        # an opportunity without customer yet: whoever is written to counts
        lead = self.env["crm.lead"].create(
            {
                "name": "Open tender",
                "type": "opportunity",
                "campaign_id": self.campaign.id,
            }
        )
        event = self.env["calendar.event"].create(
            {
                "name": "Showroom visit",
                "start": fields.Datetime.now(),
                "stop": fields.Datetime.now() + timedelta(hours=1),
                "opportunity_id": lead.id,
            }
        )
        event.message_post(
            body="See you there",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_ben.ids,
        )
        entry = self.Entry.search(
            [("res_model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.campaign_id, self.campaign)

    def test_long_document_name_fits_the_description(self):
        self.lead.name = "Chairs " * 40
        self.lead.message_post(
            body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        entry = self.Entry.search([("template_id", "=", self.template_email_out.id)])
        self.assertEqual(len(entry.description), DESCRIPTION_MAX_LENGTH)

    def test_incoming_reply_logs_inbound_entry(self):
        parent = self._lead_message()
        self.assertFalse(self._entries())
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<reply-1@customer.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        message = self.env["mail.message"].search(
            [("message_id", "=", "<reply-1@customer.example.com>")]
        )
        self.assertEqual(message.model, "crm.lead")
        self.assertEqual(message.res_id, self.lead.id)
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.information_flow, "inbound")
        self.assertEqual(entry.initiated_by, "them")
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))
        self.assertEqual(entry.mail_message_id, message)
        self.assertEqual(entry.subject, "Re: Showroom chairs")
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.state, "logged")
        # the incoming email is not an email sent: no outbound entry for it
        self.assertEqual(
            self.Entry.search(
                [("template_id", "=", self.template_email_out.id)]
            ).mail_message_id,
            parent,
        )

    def test_incoming_email_creating_a_lead_logs_for_its_author(self):
        leads_before = self.env["crm.lead"].search([])
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<new-1@customer.example.com>",
                subject="Need 40 chairs",
            )
        )
        lead = self.env["crm.lead"].search([]) - leads_before
        self.assertEqual(len(lead), 1)
        entry = self._entries()
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.lead_id, lead)
        self.assertEqual(entry.subject, "Need 40 chairs")

    def test_same_message_is_never_logged_twice(self):
        parent = self._lead_message()
        raw = self._raw_email(
            "Anna Virtanen <anna@example.com>",
            "<reply-2@customer.example.com>",
            in_reply_to=parent.message_id,
        )
        self._process(raw)
        self._process(raw)
        self.assertEqual(len(self._entries()), 1)
        # logging the message again directly changes nothing either
        message = self._entries().mail_message_id
        self.assertFalse(self.Rule._log_incoming_messages(message))
        self.assertEqual(len(self._entries()), 1)

    def test_internal_user_mail_not_logged(self):
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Sally Salesman <sally@ourcompany.example.com>",
                "<internal-1@ourcompany.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        message = self.env["mail.message"].search(
            [("message_id", "=", "<internal-1@ourcompany.example.com>")]
        )
        self.assertEqual(message.author_id, self.user_salesman.partner_id)
        self.assertFalse(self._entries())

    def test_auto_reply_not_logged(self):
        parent = self._lead_message()
        for number, header in enumerate(
            ("Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: bulk")
        ):
            msg_id = f"<auto-{number}@customer.example.com>"
            self._process(
                self._raw_email(
                    "Anna Virtanen <anna@example.com>",
                    msg_id,
                    in_reply_to=parent.message_id,
                    extra=header,
                )
            )
            self.assertTrue(
                self.env["mail.message"].search([("message_id", "=", msg_id)]),
                "the auto-reply is still posted on the lead",
            )
        self.assertFalse(self._entries())
        # Auto-Submitted: no is a person writing
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<person-1@customer.example.com>",
                in_reply_to=parent.message_id,
                extra="Auto-Submitted: no",
            )
        )
        self.assertEqual(len(self._entries()), 1)

    def test_bounce_not_logged(self):
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<bounce-1@customer.example.com>",
                in_reply_to=parent.message_id,
                extra="Content-Type: multipart/report; report-type=delivery-status; "
                'boundary="XXX"',
                body=(
                    "--XXX\nContent-Type: text/plain\n\nDelivery failed.\n"
                    "--XXX\nContent-Type: message/delivery-status\n\n"
                    "Reporting-MTA: dns; mx.example.com\n\n"
                    "Final-Recipient: rfc822; anna@example.com\nAction: failed\n"
                    "Status: 5.1.1\n\n"
                    "--XXX\nContent-Type: text/rfc822-headers\n\n"
                    f"Message-ID: {parent.message_id}\n"
                    "--XXX--\n"
                ),
            )
        )
        self.assertFalse(
            self.env["mail.message"].search(
                [("message_id", "=", "<bounce-1@customer.example.com>")]
            ),
            "a bounce is not posted",
        )
        self.assertFalse(self._entries())

    def test_unknown_sender_is_logged_as_warning(self):
        parent = self._lead_message()
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            self._process(
                self._raw_email(
                    "Stranger <stranger@nowhere.example.com>",
                    "<stranger-1@nowhere.example.com>",
                    in_reply_to=parent.message_id,
                )
            )
        self.assertIn("stranger@nowhere.example.com", logs.output[0])
        self.assertIn("not a known contact", logs.output[0])
        self.assertFalse(self._entries())

    def test_no_rule_no_log(self):
        self.Rule.search([("event", "=", "email_received")]).active = False
        parent = self._lead_message()
        self._process(
            self._raw_email(
                "Anna Virtanen <anna@example.com>",
                "<reply-3@customer.example.com>",
                in_reply_to=parent.message_id,
            )
        )
        self.assertFalse(self._entries())

    def test_message_post_of_email_type_outside_gateway_not_logged(self):
        """Only mail arriving through the gateway is an email received."""
        self.lead.message_post(
            body="Imported", message_type="email", author_id=self.partner_anna.id
        )
        self.assertFalse(self._entries())


@tagged("post_install", "-at_install")
class TestOneHistoryActivity(TestOneHistoryCommon):
    """Marking done an activity whose type has an interaction template logs
    an interaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env["mail.activity.type"].create(
            {
                "name": "Customer call",
                "interaction_template_id": cls.template_call_out.id,
            }
        )
        cls.plain_type = cls.env["mail.activity.type"].create({"name": "Reminder"})

    def _assert_activity_done(self, activity):
        # done: deleted on 18.0, archived on 19.0 (no keep_done): no longer open
        self.assertFalse(self.env["mail.activity"].search([("id", "=", activity.id)]))

    def _schedule(self, record, activity_type=None, **values):
        return record.activity_schedule(
            activity_type_id=(activity_type or self.activity_type).id,
            user_id=values.pop("user_id", self.user_salesman_2.id),
            **values,
        )

    def _entries(self):
        return self.Entry.search([("template_id", "=", self.template_call_out.id)])

    def test_feedback_logs_entry_on_opportunity(self):
        activity = self._schedule(self.lead, summary="Discuss the offer")
        activity.with_user(self.user_salesman_2).action_feedback(
            feedback="Customer wants a discount"
        )
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.partner_id, self.partner_anna)
        self.assertEqual(entry.user_id, self.user_salesman_2)
        self.assertEqual(entry.lead_id, self.lead)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual(entry.description, "Discuss the offer: Showroom chairs")
        self.assertIn("Customer wants a discount", entry.note)
        self.assertEqual(entry.cost, 2.5)
        self.assertEqual(entry.duration, 10)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))
        self._assert_activity_done(activity)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 1)

    def test_done_and_schedule_next_logs_entry(self):
        activity = self._schedule(self.partner_ben)
        action = activity.action_feedback_schedule_next(feedback="Call again")
        self.assertEqual(action["res_model"], "mail.activity")
        entry = self._entries()
        self.assertEqual(entry.partner_id, self.partner_ben)
        self.assertFalse(entry.lead_id)
        self.assertIn("Call again", entry.note)
        self.assertEqual(
            entry.description, "Customer call: Nordic Furniture Oy, Ben Korhonen"
        )

    def test_mark_done_without_feedback(self):
        self._schedule(self.partner_ben).action_done()
        entry = self._entries()
        self.assertEqual(len(entry), 1)
        self.assertFalse(entry.note)

    def test_activity_without_template_logs_nothing(self):
        self._schedule(self.lead, activity_type=self.plain_type).action_feedback(
            feedback="Done"
        )
        self.assertFalse(self.Entry.search([("lead_id", "=", self.lead.id)]))

    def test_activity_on_document_without_contact_warns(self):
        lead = self.env["crm.lead"].create({"name": "Nobody", "type": "opportunity"})
        activity = self._schedule(lead)
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            activity.action_feedback(feedback="No answer")
        self.assertIn("Interaction not logged for Nobody", logs.output[0])
        self.assertFalse(self._entries())
        self._assert_activity_done(activity)


@tagged("post_install", "-at_install")
class TestOneHistoryMeeting(TestOneHistoryCommon):
    """Meetings log one interaction per external attendee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_meeting = cls.env["crm.interaction.template"].create(
            {
                "code": "T_MEETING",
                "name": "Test meeting",
                "group_id": cls.group_call.id,
                "unit_cost": 30.0,
                "unit_duration": 60,
            }
        )
        cls.env.company.interaction_meeting_template_id = cls.template_meeting
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        cls.event = cls.env["calendar.event"].create(
            {
                "name": "Showroom visit",
                "start": start,
                "stop": start + timedelta(minutes=90),
                "user_id": cls.user_salesman.id,
                "opportunity_id": cls.lead.id,
                "partner_ids": [
                    fields.Command.set(
                        (
                            cls.partner_anna
                            | cls.partner_ben
                            | cls.user_salesman.partner_id
                            | cls.user_manager.partner_id
                        ).ids
                    )
                ],
            }
        )

    def _entries(self, event=None):
        return self.Entry.search([("calendar_event_id", "=", (event or self.event).id)])

    def test_past_meeting_logs_one_entry_per_external_attendee(self):
        action = self.event.with_user(self.user_salesman).action_log_interactions()
        self.assertEqual(action["params"]["type"], "success")
        entries = self._entries()
        self.assertEqual(entries.partner_id, self.partner_anna | self.partner_ben)
        for entry in entries:
            self.assertEqual(entry.template_id, self.template_meeting)
            self.assertEqual(entry.date, self.event.start)
            self.assertEqual(entry.duration, 90)
            self.assertEqual(entry.cost, 30.0)
            self.assertEqual(entry.lead_id, self.lead)
            self.assertEqual(entry.user_id, self.user_salesman)
            self.assertEqual(entry.state, "logged")
            self.assertEqual(entry.description, "Showroom visit")
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.interaction_count, 2)
        self.assertEqual(self.lead.interaction_duration, 180)

    def test_archived_internal_users_are_not_external_attendees(self):
        """OdooBot and former employees (archived users) are colleagues, not
        contacts: they get no interaction."""
        former = self.user_salesman_2
        former.active = False
        self.event.partner_ids |= former.partner_id | self.env.ref("base.partner_root")
        self.event.with_user(self.user_salesman).action_log_interactions()
        self.assertEqual(
            self._entries().partner_id, self.partner_anna | self.partner_ben
        )

    def test_other_company_attendee_not_counted_on_opportunity(self):
        carl = self.env["res.partner"].create({"name": "Carl Consultant"})
        self.event.partner_ids = [fields.Command.link(carl.id)]
        entries = self.event._log_interactions()
        self.assertEqual(len(entries), 3)
        self.assertEqual(
            entries.filtered("lead_id").partner_id, self.partner_anna | self.partner_ben
        )
        self.assertFalse(entries.filtered(lambda e: e.partner_id == carl).lead_id)

    def test_button_needs_sales_rights(self):
        employee = new_test_user(
            self.env, login="cil_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.event.with_user(employee).action_log_interactions()
        self.assertFalse(self._entries())

    def test_idempotent(self):
        self.event.action_log_interactions()
        self.event._log_interactions()
        self.assertEqual(len(self._entries()), 2)
        # a canceled entry is a decision: not logged again
        self._entries()[0].action_cancel()
        self.assertFalse(self.event._log_interactions())
        # a new attendee is logged alone
        carl = self.env["res.partner"].create({"name": "Carl Customer"})
        self.event.partner_ids = [fields.Command.link(carl.id)]
        self.assertEqual(self.event._log_interactions().partner_id, carl)

    def test_declined_attendee_not_logged(self):
        self.event.attendee_ids.filtered(
            lambda a: a.partner_id == self.partner_ben
        ).do_decline()
        self.event.action_log_interactions()
        self.assertEqual(self._entries().partner_id, self.partner_anna)

    def test_cron_logs_ended_meetings_only(self):
        now = fields.Datetime.now()
        future = self.env["calendar.event"].create(
            {
                "name": "Next visit",
                "start": now + timedelta(days=2),
                "stop": now + timedelta(days=2, hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        old = self.env["calendar.event"].create(
            {
                "name": "Visit last year",
                "start": now - timedelta(days=400),
                "stop": now - timedelta(days=400) + timedelta(hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertEqual(len(self._entries()), 2)
        self.assertFalse(self._entries(future))
        self.assertFalse(self._entries(old))
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertEqual(len(self._entries()), 2)

    def test_future_meeting_refused(self):
        now = fields.Datetime.now()
        future = self.env["calendar.event"].create(
            {
                "name": "Next visit",
                "start": now + timedelta(days=2),
                "stop": now + timedelta(days=2, hours=1),
                "partner_ids": [fields.Command.set(self.partner_anna.ids)],
            }
        )
        with self.assertRaises(UserError):
            future.action_log_interactions()

    def test_no_template_no_log(self):
        self.env.company.interaction_meeting_template_id = False
        with self.assertRaisesRegex(UserError, "settings"):
            self.event.action_log_interactions()
        self.env["calendar.event"]._cron_log_meeting_interactions()
        self.assertFalse(self._entries())

    def test_meeting_template_in_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.crm_interaction_meeting_template_id = self.template_call_out
        settings.save().execute()
        self.assertEqual(
            self.env.company.interaction_meeting_template_id, self.template_call_out
        )


@tagged("post_install", "-at_install")
class TestOneHistoryServerAction(TestOneHistoryCommon):
    """The Log Interaction server action, as automation rules run it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env["ir.actions.server"].create(
            {
                "name": "Log stage change",
                "model_id": cls.lead_model.id,
                "state": "crm_interaction_log",
                "crm_interaction_template_id": cls.template_letter.id,
            }
        )

    def _run(self, action, records, user=None):
        action = action.with_user(user) if user else action
        return action.with_context(
            active_model=records._name,
            active_ids=records.ids,
            active_id=records[:1].id,
        ).run()

    def _entries(self):
        return self.Entry.search([("template_id", "=", self.template_letter.id)])

    def test_run_logs_for_document_contact(self):
        """An automation rule (base_automation, not a dependency) runs its
        server actions exactly so: run() with the records in the context."""
        lead_2 = self.env["crm.lead"].create(
            {"name": "Tables", "type": "opportunity", "partner_id": self.partner_ben.id}
        )
        self.assertFalse(self._run(self.action, self.lead | lead_2))
        entries = self._entries()
        self.assertEqual(entries.partner_id, self.partner_anna | self.partner_ben)
        self.assertEqual(entries.lead_id, self.lead | lead_2)
        entry = entries.filtered(lambda e: e.lead_id == self.lead)
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.campaign_id, self.campaign)
        self.assertEqual((entry.res_model, entry.res_id), ("crm.lead", self.lead.id))

    def test_run_as_salesman(self):
        self._run(self.action, self.lead, user=self.user_salesman)
        self.assertEqual(self._entries().partner_id, self.partner_anna)

    def test_contact_field(self):
        user_field = self.env["ir.model.fields"]._get("res.users", "partner_id")
        with self.assertRaises(ValidationError):
            self.action.crm_interaction_partner_field_id = user_field
        action = self.env["ir.actions.server"].create(
            {
                "name": "Log meeting organizer contact",
                "model_id": self.env["ir.model"]._get_id("res.users"),
                "state": "crm_interaction_log",
                "crm_interaction_template_id": self.template_letter.id,
                "crm_interaction_partner_field_id": user_field.id,
            }
        )
        self._run(action, self.user_salesman_2)
        self.assertEqual(self._entries().partner_id, self.user_salesman_2.partner_id)

    def test_template_required(self):
        with self.assertRaises(ValidationError):
            self.env["ir.actions.server"].create(
                {
                    "name": "No template",
                    "model_id": self.lead_model.id,
                    "state": "crm_interaction_log",
                }
            )

    def test_document_without_contact_warns(self):
        lead = self.env["crm.lead"].create({"name": "Nobody", "type": "opportunity"})
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            self._run(self.action, lead)
        self.assertIn("Interaction not logged for Nobody", logs.output[0])
        self.assertFalse(self._entries())


@tagged("post_install", "-at_install")
class TestOneHistoryTimeline(TestOneHistoryCommon):
    """The Interactions pages and the chatter notes."""

    def test_partner_history(self):
        entry_anna = self._create_entry(date=fields.Datetime.now() - timedelta(days=2))
        entry_ben = self._create_entry(partner=self.partner_ben)
        postponed = self._create_entry(state="postponed")
        canceled = self._create_entry(partner=self.partner_ben)
        canceled.action_cancel()
        self.assertEqual(
            self.partner_anna.interaction_log_entry_ids, entry_anna | postponed
        )
        self.assertEqual(self.partner_anna.interaction_history_ids, entry_anna)
        # a company shows its people's, newest first
        self.assertEqual(
            self.partner_company.interaction_history_ids.ids,
            (canceled | entry_ben).sorted(lambda e: -e.id).ids + entry_anna.ids,
        )

    def test_lead_history(self):
        entry = self._create_entry(lead_id=self.lead.id)
        self._create_entry(lead_id=self.lead.id, state="postponed")
        self.assertEqual(self.lead.interaction_log_entry_ids, entry)

    def test_forms_show_interactions_page(self):
        with Form(self.partner_company.with_user(self.user_salesman)) as form:
            self.assertIn("interaction_history_ids", form._view["fields"])
        with Form(self.lead.with_user(self.user_salesman)) as form:
            self.assertIn("interaction_log_entry_ids", form._view["fields"])

    def test_wizard_log_posts_notes(self):
        wizard = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=self.partner_anna.id,
                default_lead_id=self.lead.id,
            )
        )
        wizard.template_id = self.template_call_out
        wizard.save().action_log()
        entry = self.Entry.search([("partner_id", "=", self.partner_anna.id)])
        self.assertEqual(len(entry), 1)
        for record in (self.partner_anna, self.lead):
            note = record.message_ids.filtered(lambda m: "Interaction logged" in m.body)
            self.assertEqual(len(note), 1, record)
            self.assertIn(entry.template_id.name, note.body)
            self.assertIn(entry.description, note.body)
            # no link: not every reader of the contact may open the entry
            self.assertNotIn("crm.interaction.log.entry", note.body)
            self.assertNotIn("href", note.body)
            self.assertTrue(note.subtype_id.internal)

    def test_segment_logging_posts_no_notes(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Spring letter",
                "template_id": self.template_letter.id,
                "line_ids": [
                    fields.Command.create({"partner_id": self.partner_anna.id}),
                    fields.Command.create({"partner_id": self.partner_ben.id}),
                ],
            }
        )
        segment.action_log()
        self.assertEqual(len(segment.logged_segment_id.entry_ids), 2)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", segment.line_ids.partner_id.ids),
                    ("body", "ilike", "crm.interaction.log.entry"),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestOneHistoryAutomaticEntries(TestOneHistoryCommon):
    """Automatic entries are made by one batch ORM create: they hold exactly
    what a create of the same values holds."""

    def test_insert_equals_create(self):
        Rule = self.Rule
        self.partner_ben.interaction_correspondence_type = "email"
        vals = Rule._prepare_document_entry_values(
            self.template_letter,
            self.lead,
            self.partner_ben,
            user_id=self.user_salesman_2.id,
            note="<p>Feedback <script>alert(1)</script></p>",
            subject="Offer",
        )
        inserted = self.Entry._create_system_entries([vals])
        created = self.Entry.create(dict(vals))
        self.env.flush_all()
        self.env.invalidate_all()
        skip = {"id", "create_date", "write_date", "display_name"}
        fnames = [
            fname
            for fname, field in self.Entry._fields.items()
            if field.store and field.column_type and fname not in skip
        ]
        self.assertEqual(
            inserted.read(fnames, load=None)[0] | {"id": 0},
            created.read(fnames, load=None)[0] | {"id": 0},
        )
        self.assertEqual(inserted.group_id, self.group_letter)
        self.assertEqual(inserted.commercial_partner_id, self.partner_company)
        self.assertEqual(inserted.correspondence_type, "email")
        self.assertEqual(inserted.campaign_id, self.campaign)
        self.assertNotIn("<script>", inserted.note)
        self.assertIn(inserted, self.partner_ben.interaction_log_entry_ids)
        # logged automatic entries are read-only like any other
        with self.assertRaises(UserError):
            inserted.description = "Changed"

    def test_cache_and_inverse_after_insert(self):
        self.assertFalse(self.lead.interaction_log_entry_ids)
        entries = self.Rule._log_with_template(self.lead, self.template_call_out)
        self.assertEqual(self.lead.interaction_log_entry_ids, entries)
        self.assertEqual(entries.partner_id, self.partner_anna)
        self.assertEqual(entries.duration, 10)

    def test_automation_rule_fires(self):
        """A real Automation Rule (base_automation, installed next to the
        addon by make test, not a dependency): an opportunity reaching the
        Won stage logs an interaction for its customer."""
        self.assertIn(
            "base.automation",
            self.env,
            "make test installs base_automation in the test database: this test "
            "fires a real automation rule",
        )
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        rule = self.env["base.automation"].create(
            {
                "name": "Log won opportunities",
                "model_id": self.lead_model.id,
                "trigger": "on_stage_set",
                "trg_field_ref": won.id,
            }
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Log the won deal",
                "model_id": self.lead_model.id,
                "base_automation_id": rule.id,
                "state": "crm_interaction_log",
                "crm_interaction_template_id": self.template_letter.id,
            }
        )
        rule.write({"action_server_ids": [Command.link(action.id)]})
        self.assertFalse(
            self.env["crm.interaction.log.entry"].search(
                [("template_id", "=", self.template_letter.id)]
            )
        )
        self.lead.stage_id = won
        entries = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_letter.id)]
        )
        self.assertEqual(entries.partner_id, self.partner_anna)
        self.assertEqual(entries.lead_id, self.lead)
        self.assertEqual(
            (entries.res_model, entries.res_id), ("crm.lead", self.lead.id)
        )
