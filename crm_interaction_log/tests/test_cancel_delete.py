from ast import literal_eval
from datetime import timedelta
from unittest.mock import patch

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestCancelRestore(TestInteractionCommon):
    def test_cancel_and_restore(self):
        entries = self._create_entry() | self._create_entry(partner=self.partner_ben)
        self.assertEqual(self.partner_company.interaction_count, 2)
        entries.action_cancel()
        self.assertEqual(set(entries.mapped("state")), {"canceled"})
        self.assertTrue(all(entries.mapped("canceled_date")))
        self.partner_company.invalidate_recordset()
        self.assertEqual(self.partner_company.interaction_count, 0)
        entries.action_restore()
        self.assertEqual(set(entries.mapped("state")), {"logged"})
        self.assertFalse(any(entries.mapped("canceled_date")))

    def test_cancel_restore_wrong_states(self):
        logged = self._create_entry()
        postponed = self._create_entry(state="postponed")
        with self.assertRaisesRegex(
            UserError, "Only logged interactions can be canceled"
        ):
            (logged | postponed).action_cancel()
        self.assertEqual(logged.state, "logged")
        with self.assertRaisesRegex(
            UserError, "Only canceled interactions can be restored"
        ):
            logged.action_restore()

    def test_restore_guard_checks_the_whole_selection(self):
        canceled = self._create_entry()
        canceled.action_cancel()
        canceled._check_restore()  # a canceled entry may be restored
        logged = self._create_entry(partner=self.partner_ben)
        with self.assertRaisesRegex(UserError, "Only canceled interactions"):
            logged._check_restore()
        # one wrong entry refuses the whole selection: nothing is restored
        with self.assertRaisesRegex(UserError, "Only canceled interactions"):
            (canceled | logged).action_restore()
        self.assertEqual(canceled.state, "canceled")
        self.assertTrue(canceled.canceled_date)

    def test_cancel_records_date_and_keeps_comments_editable(self):
        entry = self._create_entry()
        before = fields.Datetime.now() - timedelta(seconds=2)
        entry.action_cancel()
        self.assertGreaterEqual(entry.canceled_date, before)
        entry.write({"evaluation": "negative", "note": "<p>Wrong contact</p>"})
        self.assertEqual(entry.evaluation, "negative")
        with self.assertRaisesRegex(UserError, "Only logged interactions"):
            entry.action_cancel()

    def test_cancel_restore_buttons(self):
        """List header buttons (on any selection) open a confirmation that
        says what it does; form buttons confirm with explicit labels."""
        Entry = self.env["crm.interaction.log.entry"]
        arch = etree.fromstring(Entry.get_view(view_type="list")["arch"])
        for xmlid in ("action_cancel", "action_restore"):
            action = self.env.ref(
                f"crm_interaction_log.crm_interaction_state_wizard_{xmlid}"
            )
            buttons = arch.xpath(f"//header/button[@name='{action.id}']")
            self.assertEqual(len(buttons), 1, xmlid)
            self.assertEqual(buttons[0].get("type"), "action")
        arch = etree.fromstring(Entry.get_view(view_type="form")["arch"])
        for method in ("action_cancel", "action_restore"):
            buttons = arch.xpath(f"//header/button[@name='{method}']")
            self.assertEqual(len(buttons), 1, method)
            self.assertEqual(buttons[0].get("type"), "object")
            self.assertTrue(buttons[0].get("confirm"), method)
            self.assertTrue(buttons[0].get("confirm-label"), method)

    def test_cancel_confirmation_says_what_it_does(self):
        entries = self._create_entry() | self._create_entry(partner=self.partner_ben)
        action = self.env.ref(
            "crm_interaction_log.crm_interaction_state_wizard_action_cancel"
        )
        Wizard = self.env["crm.interaction.state.wizard"].with_context(
            active_model=entries._name,
            active_ids=entries.ids,
            **literal_eval(action.context),
        )
        form = Form(Wizard)
        self.assertEqual(form.entry_count, 2)
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_state_wizard_view_form", "form"
        )
        labels = {b.get("string") for b in arch.iter("button")}
        self.assertLessEqual({"Cancel Interactions", "Keep"}, labels)
        self.assertNotIn("Ok", labels)
        result = form.save().action_confirm()
        self.assertEqual(set(entries.mapped("state")), {"canceled"})
        self.assertIn("2 interactions canceled", result["params"]["message"])
        # the entry form's own confirmation has explicit labels too
        form_arch = self._view_arch(
            "crm_interaction_log.crm_interaction_log_entry_view_form", "form"
        )
        cancel = form_arch.xpath("//button[@name='action_cancel']")[0]
        self.assertEqual(cancel.get("confirm-label"), "Cancel Interaction")
        self.assertEqual(cancel.get("cancel-label"), "Keep")

    def test_cancel_and_restore_on_the_form_leave_a_chatter_line(self):
        entry = self._create_entry()
        entry.action_cancel()
        entry.action_restore()
        bodies = entry.message_ids.mapped("body")
        self.assertTrue(any("Interaction canceled." in body for body in bodies))
        self.assertTrue(any("Interaction restored." in body for body in bodies))

    def test_selection_buttons_say_what_they_do(self):
        arch = self._view_arch(view_type="list", model="crm.interaction.log.entry")
        labels = [button.get("string") for button in arch.xpath("//header/button")]
        self.assertIn("Cancel Interactions", labels)
        self.assertIn("Restore Interactions", labels)
        self.assertNotIn("Cancel", labels)

    def _state_lines(self, entries, body):
        return self.env["mail.message"].search(
            [
                ("model", "=", entries._name),
                ("res_id", "in", entries.ids),
                ("body", "ilike", body),
            ]
        )

    def test_selection_cancel_and_restore_leave_a_chatter_line_on_each(self):
        entries = self._create_entry() | self._create_entry(partner=self.partner_ben)
        entries |= self._create_entry()
        entries.action_cancel()
        canceled = self._state_lines(entries, "Interaction canceled.")
        self.assertEqual(sorted(canceled.mapped("res_id")), sorted(entries.ids))
        for entry in entries:
            self.assertIn("Interaction canceled.", entry.message_ids[:1].body)
        entries.action_restore()
        restored = self._state_lines(entries, "Interaction restored.")
        self.assertEqual(sorted(restored.mapped("res_id")), sorted(entries.ids))
        # each line is the note Odoo's _message_log_batch writes on the entry
        lone = self._create_entry()
        expected = lone._message_log_batch({lone.id: "Interaction restored."})
        Message = self.env["mail.message"]
        fnames = [
            fname
            for fname, field in Message._fields.items()
            if field.store
            and field.column_type
            and fname
            not in ("id", "res_id", "message_id", "create_date", "write_date", "date")
        ]
        [reference] = expected.read(fnames, load=None)
        for values in restored.read(fnames, load=None):
            self.assertEqual(values | {"id": 0}, reference | {"id": 0})

    def _selection_queries(self, count):
        """Queries of canceling then restoring ``count`` entries, with what
        runs at commit."""
        entries = self.env["crm.interaction.log.entry"]
        for _i in range(count):
            entries |= self._create_entry()
        self.env.flush_all()
        self.env.invalidate_all()
        queries = []
        for action in ("action_cancel", "action_restore"):
            before = self.env.cr.sql_log_count
            getattr(entries.browse(entries.ids), action)()
            self.env.flush_all()
            self.env.cr.precommit.run()
            queries.append(self.env.cr.sql_log_count - before)
        return queries, entries

    def test_selection_chatter_lines_cost_no_query_per_entry(self):
        self._selection_queries(2)  # caches warmed
        five, entries_5 = self._selection_queries(5)
        twenty, entries_20 = self._selection_queries(20)
        self.assertEqual(five, twenty)
        for entries in (entries_5, entries_20):
            self.assertEqual(
                len(self._state_lines(entries, "Interaction canceled.")), len(entries)
            )


@tagged("post_install", "-at_install")
class TestDeleteCanceled(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create({"name": "Deal", "type": "opportunity"})
        cls.canceled_anna = cls._create_entry(date="2026-01-10 10:00:00")
        cls.canceled_ben = cls._create_entry(
            partner=cls.partner_ben,
            template=cls.template_letter,
            date="2026-02-10 10:00:00",
        )
        cls.canceled_other = cls._create_entry(
            partner=cls.env["res.partner"].create({"name": "Outsider"}),
            user_id=cls.user_manager.id,
            date="2026-03-10 10:00:00",
        )
        (cls.canceled_anna | cls.canceled_ben | cls.canceled_other).action_cancel()
        cls.logged = cls._create_entry(date="2026-01-10 11:00:00")
        cls.postponed = cls._create_entry(state="postponed", date="2026-01-10 12:00:00")

    def _run_wizard(self, **filters):
        form = Form(
            self.env["crm.interaction.delete.canceled"].with_user(self.user_manager)
        )
        for name, value in filters.items():
            setattr(form, name, value)
        wizard = form.save()
        count = wizard.entry_count
        result = wizard.action_delete()
        return count, result

    def test_filters(self):
        count, result = self._run_wizard(date_from="2026-02-01", date_to="2026-02-28")
        self.assertEqual(count, 1)
        self.assertIn(
            "1 canceled interaction log entry has", result["params"]["message"]
        )
        self.assertFalse(self.canceled_ben.exists())
        self.assertTrue(self.canceled_anna.exists())
        with self.assertRaisesRegex(UserError, "nothing to delete"):
            self._run_wizard(template_ids=self.template_letter)

    def test_filter_company_group_salesperson_campaign(self):
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"commercial_partner_ids": [(6, 0, self.partner_company.ids)]}
        )
        self.assertEqual(wizard.entry_count, 2)
        wizard.write({"group_ids": [(6, 0, self.group_letter.ids)]})
        self.assertEqual(wizard.entry_count, 1)
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"user_ids": [(6, 0, self.user_manager.ids)]}
        )
        self.assertEqual(wizard.entry_count, 1)
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"campaign_ids": [(6, 0, self.campaign.ids)]}
        )
        self.assertEqual(wizard.entry_count, 1)  # the letter template's campaign
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"partner_ids": [(6, 0, self.partner_anna.ids)]}
        )
        wizard.action_delete()
        self.assertFalse(self.canceled_anna.exists())
        self.assertTrue(self.canceled_ben.exists())

    def test_only_canceled_deleted(self):
        Entry = self.env["crm.interaction.log.entry"]
        canceled = Entry.search_count([("state", "=", "canceled")])
        count, _result = self._run_wizard()
        self.assertEqual(count, canceled)
        self.assertFalse(Entry.search_count([("state", "=", "canceled")]))
        self.assertTrue(self.logged.exists())
        self.assertTrue(self.postponed.exists())
        self.assertFalse((self.canceled_anna | self.canceled_ben).exists())

    def test_nothing_to_delete(self):
        """A run that matches nothing says so instead of reporting 0 deleted."""
        with self.assertRaisesRegex(UserError, "nothing to delete"):
            self._run_wizard(partner_ids=self.partner_company)
        self.assertTrue((self.canceled_anna | self.canceled_ben).exists())

    def test_date_range_checked(self):
        with self.assertRaisesRegex(ValidationError, "start date must be before"):
            self.env["crm.interaction.delete.canceled"].create(
                {"date_from": "2026-03-01", "date_to": "2026-02-01"}
            )

    def test_wizard_no_create_no_empty_run(self):
        arch = self._view_arch(
            "crm_interaction_log.crm_interaction_delete_canceled_view_form", "form"
        )
        for field in arch.iter("field"):
            if field.get("widget") == "many2many_tags":
                self.assertIn("no_create", field.get("options", ""), field.get("name"))
        nobody = self.env["res.partner"].create({"name": "Nobody"})
        wizard = self.env["crm.interaction.delete.canceled"].create(
            {"partner_ids": [Command.set(nobody.ids)]}
        )
        self.assertEqual(wizard.entry_count, 0)
        with self.assertRaisesRegex(UserError, "nothing to delete"):
            wizard.action_delete()


@tagged("post_install", "-at_install")
class TestCronDeleteCanceled(TestInteractionCommon):
    def _canceled(self, days_ago, count=1):
        entries = self.env["crm.interaction.log.entry"].create(
            [
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_ben.id,
                }
                for _i in range(count)
            ]
        )
        entries.action_cancel()
        entries._write_protected(
            {"canceled_date": fields.Datetime.now() - timedelta(days=days_ago)}
        )
        return entries

    def test_retention(self):
        old = self._canceled(40)
        recent = self._canceled(5)
        logged = self._create_entry()
        done = self.env["crm.interaction.log.entry"]._cron_delete_canceled_entries()
        self.assertEqual(done, 1)
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(logged.exists())
        # retention from the settings
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_interaction_canceled_retention_days, 30)
        settings.crm_interaction_canceled_retention_days = 3
        settings.execute()
        self.env["crm.interaction.log.entry"]._cron_delete_canceled_entries()
        self.assertFalse(recent.exists())
        self.assertTrue(logged.exists())

    def test_entry_created_canceled_gets_its_cancel_date(self):
        """An entry created canceled (an import) is cleaned up like the others
        once the retention has passed, instead of staying forever."""
        entry = self._create_entry(state="canceled")
        self.assertTrue(entry.canceled_date)
        Entry = self.env["crm.interaction.log.entry"]
        Entry._cron_delete_canceled_entries()
        self.assertTrue(entry.exists())
        entry._write_protected(
            {"canceled_date": fields.Datetime.now() - timedelta(days=31)}
        )
        Entry._cron_delete_canceled_entries()
        self.assertFalse(entry.exists())

    def test_zero_retention_deletes_all_canceled(self):
        """0 days, set in the CRM settings, deletes every canceled entry."""
        today = self._canceled(0)
        settings = self.env["res.config.settings"].create({})
        settings.crm_interaction_canceled_retention_days = 0
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "crm_interaction_log.canceled_retention_days"
            ),
            "0",
        )
        # the settings show 0 again, not the default
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_interaction_canceled_retention_days, 0)
        self.env["crm.interaction.log.entry"]._cron_delete_canceled_entries()
        self.assertFalse(today.exists())

    def test_negative_retention_refused(self):
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            settings.crm_interaction_canceled_retention_days = -1
            settings.execute()

    def test_more_entries_than_one_batch(self):
        old = self._canceled(60, count=7)
        keep = self._canceled(1, count=2)
        cron = self.env.ref("crm_interaction_log.ir_cron_delete_canceled_entries")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        Entry = self.env["crm.interaction.log.entry"].with_context(
            ir_cron_progress_id=progress.id
        )
        batches = []
        unlink = type(Entry).unlink

        def counting_unlink(records):
            batches.append(len(records))
            return unlink(records)

        with patch.object(type(Entry), "unlink", counting_unlink):
            done = Entry._cron_delete_canceled_entries(batch_size=3)
        self.assertEqual(done, 7)
        self.assertEqual(batches, [3, 3, 1])
        # the progress is reported to the cron
        self.assertEqual((progress.done, progress.remaining), (7, 0))
        self.assertFalse(old.exists())
        self.assertEqual(len(keep.exists()), 2)

    def test_cron_record(self):
        cron = self.env.ref("crm_interaction_log.ir_cron_delete_canceled_entries")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        old = self._canceled(45)
        # what the scheduler runs (19.0's method_direct_trigger runs it in a
        # cursor of its own, which does not see this test's records)
        cron.ir_actions_server_id.run()
        self.assertFalse(old.exists())
