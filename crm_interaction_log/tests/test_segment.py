from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.protected_write import with_write_token
from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestSegmentCommon(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_carl = cls.env["res.partner"].create({"name": "Carl Nieminen"})
        cls.segment = cls.env["crm.interaction.segment"].create(
            {
                "description": "Spring fair invitation",
                "template_id": cls.template_letter.id,
                "line_ids": [
                    Command.create({"partner_id": partner.id})
                    for partner in (cls.partner_anna, cls.partner_ben, cls.partner_carl)
                ],
            }
        )

    def _line(self, partner):
        return self.segment.line_ids.filtered(lambda line: line.partner_id == partner)


@tagged("post_install", "-at_install")
class TestSegment(TestSegmentCommon):
    def test_number_and_header_defaults(self):
        self.assertTrue(self.segment.name.startswith("SEG/"))
        other = self.env["crm.interaction.segment"].create({})
        self.assertNotEqual(other.name, self.segment.name)
        self.assertEqual((self.segment.cost, self.segment.duration), (1.2, 15))
        self.assertEqual(self.segment.campaign_id, self.campaign)
        self.assertEqual(self.segment.user_id, self.env.user)
        line = self._line(self.partner_ben)
        self.assertEqual(line.template_id, self.template_letter)
        self.assertEqual((line.cost, line.duration), (1.2, 15))
        self.assertEqual(line.correspondence_type, "hard_copy")
        self.assertEqual(self.segment.line_count, 3)
        self.assertAlmostEqual(self.segment.cost_total, 3.6)
        self.assertEqual(self.segment.duration_total, 45)

    def test_header_defaults_flow_to_following_lines(self):
        override = self._line(self.partner_carl)
        override.template_id = self.template_call_out
        self.assertEqual((override.cost, override.duration), (2.5, 10))
        self.assertFalse(override.follows_header)
        self.segment.write({"cost": 3.0, "duration": 20})
        self.assertEqual(self._line(self.partner_ben).cost, 3.0)
        self.assertEqual(self._line(self.partner_ben).duration, 20)
        self.assertEqual((override.cost, override.duration), (2.5, 10))
        # a line may override values without changing template
        self._line(self.partner_ben).cost = 5.0
        self.assertEqual(self._line(self.partner_ben).cost, 5.0)
        # changing the header template applies it to the lines that follow
        # the header; lines with their own template or values keep them
        self.segment.template_id = self.template_call_in
        anna = self._line(self.partner_anna)
        ben = self._line(self.partner_ben)
        self.assertEqual(anna.template_id, self.template_call_in)
        self.assertEqual(anna.duration, 4)
        self.assertEqual((ben.template_id, ben.cost), (self.template_letter, 5.0))
        self.assertEqual(override.template_id, self.template_call_out)
        self.assertEqual((override.cost, override.duration), (2.5, 10))
        # unless the user applies the header to all lines
        self.segment.action_apply_header_to_lines()
        self.assertEqual(
            set(self.segment.line_ids.template_id.ids), {self.template_call_in.id}
        )
        self.assertEqual(set(self.segment.line_ids.mapped("duration")), {4})
        self.assertFalse(any(self.segment.line_ids.mapped("own_values")))

    def test_header_correspondence_type_flows_unless_contact_prefers(self):
        dana = self.env["res.partner"].create(
            {"name": "Dana Laine", "interaction_correspondence_type": "email"}
        )
        self.segment.line_ids = [Command.create({"partner_id": dana.id})]
        self.assertEqual(self._line(dana).correspondence_type, "email")
        self.assertEqual(self._line(self.partner_ben).correspondence_type, "hard_copy")
        # the header's type reaches the following lines, not the contact's own
        self.segment.correspondence_type = "none"
        self.assertEqual(self._line(self.partner_ben).correspondence_type, "none")
        self.assertEqual(self._line(self.partner_anna).correspondence_type, "none")
        self.assertEqual(self._line(dana).correspondence_type, "email")
        # a template that ignores the contact's type: the header's for all
        self.template_letter.ignore_contact_correspondence_type = True
        self.segment.correspondence_type = "hard_copy"
        self.assertEqual(
            set(self.segment.line_ids.mapped("correspondence_type")), {"hard_copy"}
        )
        # a line with its own template takes that template's type
        self._line(self.partner_ben).template_id = self.template_call_out
        self.assertEqual(self._line(self.partner_ben).correspondence_type, "none")
        self.segment.action_log()
        by_partner = {
            e.partner_id: e.correspondence_type
            for e in self.segment.logged_segment_id.entry_ids
        }
        self.assertEqual(by_partner[self.partner_anna], "hard_copy")
        self.assertEqual(by_partner[dana], "hard_copy")
        self.assertEqual(by_partner[self.partner_ben], "none")

    def test_one_line_per_contact(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["crm.interaction.segment.line"].create(
                    {"segment_id": self.segment.id, "partner_id": self.partner_ben.id}
                )

    def test_add_contacts_by_domain(self):
        extra = self.env["res.partner"].create(
            [{"name": f"Seg Domain {i}"} for i in range(3)]
        )
        form = Form(
            self.env["crm.interaction.segment.add.contacts"].with_context(
                **self.segment.action_open_add_contacts()["context"]
            )
        )
        form.partner_domain = "[('name', 'ilike', 'Seg Domain')]"
        self.assertEqual(form.partner_count, 3)
        result = form.save().action_add()
        self.assertIn("3 contacts added", result["params"]["message"])
        self.assertEqual(self.segment.line_count, 6)
        self.assertLessEqual(extra, self.segment.line_ids.partner_id)
        # adding again adds nobody twice
        wizard = self.env["crm.interaction.segment.add.contacts"].create(
            {
                "segment_id": self.segment.id,
                "partner_domain": "[('name', 'ilike', 'Seg Domain')]",
            }
        )
        wizard.action_add()
        self.assertEqual(len(self.segment.line_ids), 6)

    def test_add_contacts_invalid_domain(self):
        wizard = self.env["crm.interaction.segment.add.contacts"].create(
            {"segment_id": self.segment.id, "partner_domain": "[('name', "}
        )
        with self.assertRaisesRegex(UserError, "not valid"):
            wizard.action_add()

    def test_log_segment(self):
        self._line(self.partner_carl).write(
            {"template_id": self.template_call_out.id, "description": "Phoned instead"}
        )
        result = self.segment.action_log()
        logged = self.segment.logged_segment_id
        # a notification with the counts, then the logged segment
        self.assertIn("3 interactions logged", result["params"]["message"])
        action = result["params"]["next"]
        self.assertEqual(action["res_model"], "crm.interaction.logged.segment")
        self.assertEqual(action["res_id"], logged.id)
        self.assertEqual(self.segment.state, "logged")
        self.assertEqual(logged.entry_count, 3)
        self.assertEqual(logged.name, self.segment.name)
        entries = logged.entry_ids
        self.assertEqual(set(entries.mapped("state")), {"logged"})
        self.assertEqual(entries.segment_id, self.segment)
        carl = entries.filtered(lambda e: e.partner_id == self.partner_carl)
        self.assertEqual(carl.template_id, self.template_call_out)
        self.assertEqual(carl.group_id, self.group_call)
        self.assertEqual(carl.description, "Phoned instead")
        self.assertEqual((carl.cost, carl.duration), (2.5, 10))
        ben = entries.filtered(lambda e: e.partner_id == self.partner_ben)
        self.assertEqual(ben.description, "Spring fair invitation")
        self.assertEqual(ben.campaign_id, self.campaign)
        self.assertEqual(ben.date, self.segment.date)
        # the segment is kept, read-only
        with self.assertRaisesRegex(UserError, "logged and can no longer be changed"):
            self.segment.description = "Changed"
        with self.assertRaisesRegex(UserError, "logged and can no longer be changed"):
            self._line(self.partner_ben).cost = 1
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.segment.unlink()
        with self.assertRaisesRegex(UserError, "already been logged"):
            self.segment.action_log()
        self.assertEqual(
            self.env["crm.interaction.logged.segment"].search_count(
                [("segment_id", "=", self.segment.id)]
            ),
            1,
        )

    def test_salesman_logs_segment(self):
        self.segment.user_id = self.user_salesman
        self.segment.with_user(self.user_salesman).action_log()
        entries = (
            self.env["crm.interaction.log.entry"]
            .with_user(self.user_salesman)
            .search([("segment_id", "=", self.segment.id)])
        )
        self.assertEqual(len(entries), 3)
        self.assertEqual(entries.create_uid, self.user_salesman)
        self.assertEqual(
            entries.commercial_partner_id, self.partner_company | self.partner_carl
        )

    def test_salesperson_defaults(self):
        self.segment.user_id = False
        self._line(self.partner_carl).user_id = self.user_manager
        self.segment.action_log()
        entries = self.segment.logged_segment_id.entry_ids
        by_partner = {e.partner_id: e.user_id for e in entries}
        self.assertEqual(by_partner[self.partner_carl], self.user_manager)  # line
        self.assertEqual(by_partner[self.partner_anna], self.user_salesman)  # contact's
        self.assertEqual(by_partner[self.partner_ben], self.env.user)  # current user

    def test_header_salesperson(self):
        self.segment.user_id = self.user_all_docs
        self.segment.action_log()
        self.assertEqual(
            set(self.segment.logged_segment_id.entry_ids.user_id.ids),
            {self.user_all_docs.id},
        )

    def test_log_checks(self):
        Segment = self.env["crm.interaction.segment"]
        no_description = Segment.create(
            {
                "template_id": self.template_letter.id,
                "line_ids": [Command.create({"partner_id": self.partner_ben.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "Enter a description"):
            no_description.action_log()
        empty = Segment.create(
            {"description": "Empty", "template_id": self.template_letter.id}
        )
        with self.assertRaisesRegex(UserError, "is empty"):
            empty.action_log()
        no_template = Segment.create(
            {
                "description": "No template",
                "line_ids": [Command.create({"partner_id": self.partner_ben.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "Choose an interaction template"):
            no_template.action_log()
        self.assertFalse(
            self.env["crm.interaction.logged.segment"].search(
                [("segment_id", "in", (no_description | empty | no_template).ids)]
            )
        )

    def test_follow_up(self):
        self.segment.action_log(create_follow_up=True)
        follow_up = self.env["crm.interaction.segment"].search(
            [("follow_up_of_id", "=", self.segment.id)]
        )
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(
            follow_up.description, f"Follow-up on segment {self.segment.name}"
        )
        self.assertEqual(follow_up.state, "draft")
        self.assertEqual(
            follow_up.line_ids.partner_id, self.segment.line_ids.partner_id
        )
        self.assertEqual(follow_up.template_id, self.template_letter)

    def test_reuse_audience_of_logged_segment(self):
        self.segment.action_log()
        new = self.env["crm.interaction.segment"].create(
            {"description": "Again", "template_id": self.template_call_out.id}
        )
        wizard = self.env["crm.interaction.segment.add.contacts"].create(
            {
                "segment_id": new.id,
                "source": "logged",
                "logged_segment_id": self.segment.logged_segment_id.id,
            }
        )
        self.assertEqual(wizard.partner_count, 3)
        wizard.action_add()
        self.assertEqual(new.line_ids.partner_id, self.segment.line_ids.partner_id)

    def test_server_action_and_wizard(self):
        other = self.segment.copy({"description": "Copy"})
        self.assertEqual(other.line_count, 3)
        server_action = self.env.ref(
            "crm_interaction_log.crm_interaction_segment_action_log"
        )
        self.assertEqual(
            server_action.binding_model_id.model, "crm.interaction.segment"
        )
        action = server_action.with_context(
            active_model="crm.interaction.segment",
            active_ids=(self.segment | other).ids,
            active_id=self.segment.id,
        ).run()
        self.assertEqual(action["res_model"], "crm.interaction.segment.log.wizard")
        form = Form(
            self.env["crm.interaction.segment.log.wizard"].with_context(
                **action["context"]
            )
        )
        self.assertEqual(len(form.segment_ids), 2)
        form.create_follow_up = True
        result = form.save().action_log()
        self.assertEqual(set((self.segment | other).mapped("state")), {"logged"})
        self.assertEqual(len(result["params"]["next"]["domain"][0][2]), 2)
        # the follow-up segments are linked from the notification
        self.assertEqual(len(result["params"]["links"]), 1)
        self.assertEqual(
            self.env["crm.interaction.segment"].search_count(
                [("follow_up_of_id", "in", (self.segment | other).ids)]
            ),
            2,
        )

    def test_insert_equals_create(self):
        """The set-based insert of segment entries writes what a create()
        of the same values writes."""
        self.segment.line_ids.filtered(
            lambda line: line.partner_id != self.partner_ben
        ).unlink()
        self.segment.action_log()
        inserted = self.segment.logged_segment_id.entry_ids
        created = with_write_token(self.env["crm.interaction.log.entry"]).create(
            {
                "partner_id": self.partner_ben.id,
                "template_id": self.template_letter.id,
                "description": self.segment.description,
                "date": self.segment.date,
                "campaign_id": self.segment.campaign_id.id,
                "segment_id": self.segment.id,
                "logged_segment_id": self.segment.logged_segment_id.id,
                "company_id": self.segment.company_id.id,
                "correspondence_type": inserted.correspondence_type,
            }
        )
        self.env.flush_all()
        self.env.invalidate_all()
        skip = {"id", "create_date", "write_date", "display_name"}
        fnames = [
            fname
            for fname, field in inserted._fields.items()
            if field.store and field.column_type and fname not in skip
        ]
        self.assertEqual(
            inserted.read(fnames, load=None)[0] | {"id": 0},
            created.read(fnames, load=None)[0] | {"id": 0},
        )

    def test_description_too_long_refused_before_logging(self):
        self.segment.description = "Spring fair " * 10
        with self.assertRaisesRegex(ValidationError, "at most 100 characters"):
            self.segment.action_log()
        self.env.invalidate_all()
        self.assertEqual(self.segment.state, "draft")
        self.assertFalse(
            self.env["crm.interaction.log.entry"].search_count(
                [("segment_id", "=", self.segment.id)]
            )
        )

    def test_failure_mid_log_writes_nothing(self):
        """The logged segment and every entry are written, then the follow-up
        fails: nothing of it stays."""
        Segment = type(self.env["crm.interaction.segment"])
        entries_before = self.env["crm.interaction.log.entry"].search_count([])
        logged_before = self.env["crm.interaction.logged.segment"].search_count([])
        written = []

        def failing_follow_up(segment):
            written.append(segment.logged_segment_id.entry_count)
            raise RuntimeError("disk full")

        with patch.object(Segment, "_create_follow_up", failing_follow_up):
            with self.assertRaisesRegex(RuntimeError, "disk full"):
                self.segment.action_log(create_follow_up=True)
        self.assertEqual(written, [3])  # it failed after writing everything
        self.env.invalidate_all()
        self.assertEqual(self.segment.state, "draft")
        self.assertFalse(self.segment.logged_segment_id)
        self.assertEqual(
            self.env["crm.interaction.log.entry"].search_count([]), entries_before
        )
        self.assertEqual(
            self.env["crm.interaction.logged.segment"].search_count([]), logged_before
        )
        # and it can be logged afterwards
        self.segment.action_log()
        self.assertEqual(self.segment.logged_segment_id.entry_count, 3)

    def test_add_contacts_empty_filter_adds_nobody(self):
        segment = self._create_segment(self.user_salesman, partners=self.partner_carl)
        form = Form(
            self.env["crm.interaction.segment.add.contacts"]
            .with_user(self.user_salesman)
            .with_context(default_segment_id=segment.id)
        )
        self.assertEqual(form.partner_count, 0)
        with self.assertRaisesRegex(UserError, "at least one rule"):
            form.save().action_add()
        self.assertEqual(segment.line_count, 1)

    def test_new_segment_is_titled_new(self):
        form = Form(self.env["crm.interaction.segment"])
        self.assertEqual(form.name, "New")
        segment = form.save()
        self.assertNotEqual(segment.name, "New")
        self.assertNotIn("/", segment.name[-4:])

    def test_add_contacts_starts_empty(self):
        segment = self.env["crm.interaction.segment"].create(
            {"description": "Empty start", "template_id": self.template_call_out.id}
        )
        wizard = Form(
            self.env["crm.interaction.segment.add.contacts"].with_context(
                default_segment_id=segment.id
            )
        )
        self.assertEqual(wizard.partner_count, 0)

    def test_header_template_change_keeps_line_overrides(self):
        carl = self.env["res.partner"].create({"name": "Carl"})
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Overrides",
                "template_id": self.template_letter.id,
                "line_ids": [
                    Command.create({"partner_id": p.id})
                    for p in (self.partner_anna, self.partner_ben, carl)
                ],
            }
        )
        anna, ben, carl_line = segment.line_ids.sorted("id")
        ben.cost = 9.0
        carl_line.template_id = self.template_call_out
        self.assertTrue(ben.own_values and carl_line.own_values)
        self.assertFalse(anna.own_values)
        # in the form, the user is warned
        form = Form(segment)
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.template_id = self.template_call_in
        self.assertIn("2 lines have their own", logs.output[0])
        form.save()
        self.assertEqual(anna.template_id, self.template_call_in)
        self.assertEqual((ben.template_id, ben.cost), (self.template_letter, 9.0))
        self.assertEqual(carl_line.template_id, self.template_call_out)
        warning = segment._onchange_template_id_own_lines()
        self.assertIsNone(warning)  # nothing changed since the save
        new = segment.new(origin=segment)
        new.template_id = self.template_call_out
        warning = new._onchange_template_id_own_lines()
        self.assertIn("2 lines have their own", warning["warning"]["message"])


@tagged("post_install", "-at_install")
class TestLoggedSegment(TestSegmentCommon):
    def test_cancel_restore_cascade(self):
        self.segment.action_log()
        logged = self.segment.logged_segment_id
        entries = logged.entry_ids
        self.assertEqual(self.partner_company.interaction_count, 2)
        logged.action_cancel()
        self.assertEqual(logged.state, "canceled")
        self.assertEqual(set(entries.mapped("state")), {"canceled"})
        self.partner_company.invalidate_recordset()
        self.assertEqual(self.partner_company.interaction_count, 0)
        # an entry cannot be restored alone
        with self.assertRaisesRegex(UserError, "restore the logged segment instead"):
            entries[0].action_restore()
        self.assertEqual(entries[0].state, "canceled")
        logged.action_restore()
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(entries.mapped("state")), {"logged"})
        with self.assertRaisesRegex(UserError, "is not canceled"):
            logged.action_restore()

    def test_cancel_restore_leave_a_line_on_each_entry(self):
        self.segment.action_log()
        logged = self.segment.logged_segment_id
        entries = logged.entry_ids
        logged.action_cancel()
        canceled = f"Canceled with the logged segment {logged.name}."
        restored = f"Restored with the logged segment {logged.name}."
        for entry in entries:
            self.assertIn(canceled, entry.message_ids[:1].body)
        logged.action_restore()
        for entry in entries:
            self.assertIn(restored, entry.message_ids[:1].body)
            self.assertEqual(
                len(entry.message_ids.filtered(lambda m: canceled in m.body)), 1
            )
        # the logged segment keeps its own message, with the count
        self.assertIn(
            f"Logged segment restored: {len(entries)} interactions restored.",
            logged.message_ids[:1].body,
        )

    def test_delete_canceled_logged_segment_keeps_entries(self):
        self.segment.action_log()
        logged = self.segment.logged_segment_id
        entries = logged.entry_ids
        with self.assertRaisesRegex(UserError, "Only canceled logged segments"):
            logged.unlink()
        logged.action_cancel()
        logged.unlink()
        self.assertFalse(logged.exists())
        self.assertEqual(len(entries.exists()), 3)
        self.assertFalse(entries.logged_segment_id)
        # the segment is a draft again, to correct and log again
        self.assertEqual(self.segment.state, "draft")
        self.assertFalse(self.segment.logged_segment_id)
        # they go with the canceled-entry deletion
        entries._unlink_canceled()
        self.assertFalse(entries.exists())

    def test_cancel_cascade_reaches_every_entry_or_refuses(self):
        """A logged segment whose entries belong to several salespersons: an
        owner who may not change one of them is refused, nothing changes."""
        segment = self._create_segment(self.user_salesman_2)
        segment.line_ids[0].user_id = self.user_salesman
        segment.with_user(self.user_salesman_2).action_log()
        logged = segment.logged_segment_id
        # Sally's entry was created by Sam: Sam may change both; make one
        # entry invisible to Sam, as if it had been handed over
        hidden = logged.entry_ids.filtered(lambda e: e.user_id == self.user_salesman)
        self.env.cr.execute(
            "UPDATE crm_interaction_log_entry SET create_uid = %s WHERE id = %s",
            [self.user_salesman.id, hidden.id],
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "other salespersons"):
            logged.with_user(self.user_salesman_2).action_cancel()
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"logged"})
        logged.with_user(self.user_manager).action_cancel()
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"canceled"})

    def test_restore_keeps_entries_canceled_on_their_own(self):
        segment = self._create_segment(
            self.user_salesman, partners=self.partner_anna | self.partner_ben
        )
        segment.with_user(self.user_salesman).action_log()
        logged = segment.logged_segment_id.with_user(self.user_salesman)
        alone, other = logged.entry_ids.sorted("id")
        alone.action_cancel()
        logged.action_cancel()
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"canceled"})
        logged.action_restore()
        self.assertEqual(alone.state, "canceled")
        self.assertEqual(other.state, "logged")
        # the history tells who did what
        self.assertEqual(
            other.state_history_ids.sorted("id").mapped("new_state"),
            ["canceled", "logged"],
        )
        self.assertEqual(
            other.state_history_ids.sorted("id")[0].logged_segment_id,
            logged,
        )

    def test_deleted_logged_segment_returns_segment_to_draft(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Again",
                "template_id": self.template_call_out.id,
                "line_ids": [Command.create({"partner_id": self.partner_anna.id})],
            }
        )
        segment.action_log()
        logged = segment.logged_segment_id
        logged.action_cancel()
        logged.unlink()
        self.assertEqual(segment.state, "draft")
        segment.action_log()
        self.assertEqual(segment.state, "logged")
