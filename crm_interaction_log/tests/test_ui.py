from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .common import load_finnish
from .common_correspondence import SmtpServer, run_mail_queue


@tagged("post_install", "-at_install")
class TestInteractionUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = cls.env["crm.interaction.group"].create(
            {"code": "TOUR", "name": "Tour group"}
        )
        cls.template = cls.env["crm.interaction.template"].create(
            {
                "code": "TOUR_CALL",
                "name": "Tour call",
                "group_id": cls.group.id,
                "unit_duration": 12,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Tour Contact", "is_company": True}
        )

    def test_log_list_tour(self):
        self.env["crm.interaction.log.entry"].create(
            {
                "template_id": self.template.id,
                "partner_id": self.partner.id,
                "description": "Tour logged call",
            }
        )
        self.start_tour("/odoo", "crm_interaction_log_list_tour", login="admin")

    def test_postpone_resume_tour(self):
        self.start_tour("/odoo", "crm_interaction_postpone_resume_tour", login="admin")
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.description, "Tour interaction")
        self.assertEqual(entry.subject, "Tour subject")
        self.assertEqual(entry.evaluation, "positive")
        self.assertEqual(entry.duration, 12)
        self.assertEqual(entry.user_id, self.env.ref("base.user_admin"))

    def test_segment_tour(self):
        self.env["crm.interaction.template"].create(
            {"code": "TOUR_LETTER", "name": "Tour letter", "group_id": self.group.id}
        )
        partners = self.env["res.partner"].create(
            [{"name": f"Tour Seg Contact {i}"} for i in (1, 2, 3)]
        )
        self.start_tour("/odoo?debug=1", "crm_interaction_segment_tour", login="admin")
        segment = self.env["crm.interaction.segment"].search(
            [("description", "=", "Tour fair invitation")]
        )
        self.assertEqual(segment.state, "logged")
        entries = segment.logged_segment_id.entry_ids
        self.assertEqual(entries.partner_id, partners)
        self.assertEqual(
            entries.filtered(lambda e: e.partner_id == partners[1]).template_id,
            self.template,
        )
        follow_up = self.env["crm.interaction.segment"].search(
            [("follow_up_of_id", "=", segment.id)]
        )
        self.assertEqual(follow_up.line_ids.partner_id, partners)

    def test_partner_smart_button_tour(self):
        partner = self.env["res.partner"].create({"name": "Tour Smart Contact"})
        other = self.env["res.partner"].create({"name": "Someone else"})
        Entry = self.env["crm.interaction.log.entry"]
        for description, contact in (
            ("Tour smart button call", partner),
            ("Tour smart button follow-up", partner),
            ("Someone else", other),
        ):
            Entry.create(
                {
                    "template_id": self.template.id,
                    "partner_id": contact.id,
                    "description": description,
                }
            )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_interaction_partner_tour",
            login="admin",
        )

    def test_correspondence_tour(self):
        """Template with a body -> Create Interaction -> Log with send -> the
        entry shows Sent once the mail queue ran."""
        # no onboarding tour running alongside
        self.env.ref("base.user_admin").tour_enabled = False
        self.env["crm.interaction.template"].create(
            {
                "code": "TOUR_OFFER",
                "name": "Tour offer email",
                "group_id": self.group.id,
                "correspondence_type": "email",
                "subject": "Offer for {{ object.partner_id.name }}",
                "body": '<p>Dear <t t-out="object.partner_id.name"/>, our offer.</p>',
            }
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Mail Contact", "email": "tour.mail@example.com"}
        )
        self.start_tour("/odoo", "crm_interaction_correspondence_tour", login="admin")
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(entry.delivery_status, "queued")
        # the standard queue, to a local SMTP server (19.0 sends nothing in
        # tests otherwise, and 18.0 only pretends)
        with SmtpServer(self.env) as smtp:
            run_mail_queue(self.env)
        self.assertEqual(entry.delivery_status, "sent")
        received = [m for to, m in smtp.inbox.messages if partner.email in to]
        self.assertEqual(len(received), 1)
        self.start_tour(
            "/odoo/action-crm_interaction_log.crm_interaction_log_entry_action",
            "crm_interaction_correspondence_sent_tour",
            login="admin",
        )

    def test_segment_send_tour_salesperson_fi(self):
        """An own-documents salesperson working in Finnish logs their segment
        with sending: one email queued, one contact without an address
        marked No Email, and the smart button's count matches its list."""
        load_finnish(self.env)
        user = new_test_user(
            self.env,
            login="cil_tour_fi",
            name="Sanna Myyjä",
            email="sanna@example.com",
            groups="sales_team.group_sale_salesman",
            lang="fi_FI",
            tour_enabled=False,
        )
        template = self.env["crm.interaction.template"].create(
            {
                "code": "TOUR_SEND",
                "name": "Tour segment email",
                "group_id": self.group.id,
                "correspondence_type": "email",
                "ignore_contact_correspondence_type": True,
                "subject": "Tarjous {{ object.partner_id.name }}",
                "body": '<p>Hei <t t-out="object.partner_id.name"/>!</p>',
            }
        )
        reachable, no_email = self.env["res.partner"].create(
            [
                {"name": "Tour Eero", "email": "eero.tour@example.fi", "lang": "fi_FI"},
                {"name": "Tour Nora"},
            ]
        )
        segment = (
            self.env["crm.interaction.segment"]
            .with_user(user)
            .create(
                {
                    "description": "Kevättarjous",
                    "template_id": template.id,
                    "line_ids": [
                        (0, 0, {"partner_id": partner.id})
                        for partner in reachable | no_email
                    ],
                }
            )
        )
        self.start_tour(
            f"/odoo/crm.interaction.segment/{segment.id}",
            "crm_interaction_segment_send_tour",
            login=user.login,
        )
        entries = segment.logged_segment_id.entry_ids
        status = {entry.partner_id: entry.delivery_status for entry in entries}
        self.assertEqual(status, {reachable: "queued", no_email: "no_email"})
        message = entries.mail_message_id
        self.assertEqual(message.author_id, user.partner_id)
        self.assertEqual(message.subject, "Tarjous Tour Eero")

    def test_activity_done_tour(self):
        """A call activity marked done in the chatter shows up on the
        contact's Interactions page."""
        activity_type = self.env["mail.activity.type"].create(
            {"name": "Tour customer call", "interaction_template_id": self.template.id}
        )
        partner = self.env["res.partner"].create({"name": "Tour Activity Contact"})
        partner.activity_schedule(
            activity_type_id=activity_type.id,
            # 19.0's chatter shows the summary only (18.0: else the type's name)
            summary="Tour customer call",
            user_id=self.env.ref("base.user_admin").id,
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_interaction_activity_tour",
            login="admin",
        )
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(entry.template_id, self.template)
        self.assertIn("Tour: wants a quote", entry.note)

    def test_big_segment_tour(self):
        """Log, cancel and restore a 2,000-contact segment in the browser."""
        self.env.cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                     create_date, write_date, create_uid, write_uid)
            SELECT 'Big ' || n, 'Big ' || n, TRUE, 'contact', FALSE,
                   now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
              FROM generate_series(1, 2000) n
         RETURNING id
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [ids],
        )
        segment = self.env["crm.interaction.segment"].create(
            {"description": "Big mailing", "template_id": self.template.id}
        )
        segment._insert_lines(
            SQL("SELECT unnest(%s::int[])", ids),
        )
        self.assertEqual(segment.line_count, 2000)
        self.start_tour(
            f"/odoo/crm.interaction.segment/{segment.id}",
            "crm_interaction_big_segment_tour",
            login="admin",
        )
        logged = segment.logged_segment_id
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"logged"}, "restored")
        self.assertEqual(len(logged.entry_ids), 2000)
        self.assertEqual(
            len(logged.entry_ids.state_history_ids), 4000, "canceled and restored"
        )
