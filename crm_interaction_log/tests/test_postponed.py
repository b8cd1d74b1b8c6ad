import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestPostponed(TestInteractionCommon):
    def _postpone(self, user=None, **values):
        vals = {
            "partner_id": self.partner_anna.id,
            "template_id": self.template_call_out.id,
        }
        vals.update(values)
        Wizard = self.env["crm.interaction.create.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create(vals)
        wizard.action_postpone()
        return self.env["crm.interaction.log.entry"].search(
            [("state", "=", "postponed")], order="id desc", limit=1
        )

    def test_postpone_resume_log_keeps_one_record(self):
        entry = self._postpone(
            description="Prepare the review",
            note="<p>Bring the figures</p>",
            evaluation="neutral",
            campaign_id=self.campaign.id,
        )
        self.assertEqual(entry.state, "postponed")
        self.assertEqual(self.partner_anna.interaction_postponed_count, 1)
        # never in the log list nor in statistics
        log_action = self.env.ref(
            "crm_interaction_log.crm_interaction_log_entry_action"
        )
        in_log = self.env["crm.interaction.log.entry"].search(
            safe_eval(log_action.domain) + [("id", "=", entry.id)]
        )
        self.assertFalse(in_log)
        self.assertEqual(self.partner_anna.interaction_count, 0)
        self.assertEqual(self.template_call_out.interaction_count, 0)

        action = entry.action_resume()
        self.assertEqual(action["context"]["default_entry_id"], entry.id)
        form = Form(
            self.env["crm.interaction.create.wizard"].with_context(**action["context"])
        )
        self.assertEqual(form.entry_id, entry)
        self.assertEqual(form.partner_id, self.partner_anna)
        self.assertTrue(form.partner_locked)
        self.assertEqual(form.description, "Prepare the review")
        self.assertIn("Bring the figures", form.note)
        self.assertEqual(form.evaluation, "neutral")
        self.assertEqual(form.campaign_id, self.campaign)
        self.assertEqual(form.cost, 2.5)
        # postponing again updates the same record
        form.description = "Prepare the yearly review"
        form.save().action_postpone()
        self.assertEqual(entry.description, "Prepare the yearly review")
        self.assertEqual(entry.state, "postponed")
        # logging turns the same record into a logged one
        form = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                **entry.action_resume()["context"]
            )
        )
        form.attempt_failed = True
        form.save().action_log()
        self.assertEqual(entry.state, "logged")
        self.assertTrue(entry.attempt_failed)
        self.assertIn("Bring the figures", entry.note)
        self.assertEqual(
            self.env["crm.interaction.log.entry"].search_count(
                [("partner_id", "=", self.partner_anna.id)]
            ),
            1,
        )
        self.assertEqual(self.partner_anna.interaction_postponed_count, 0)
        self.assertEqual(self.partner_anna.interaction_count, 1)

    def test_resume_only_postponed(self):
        entry = self._create_entry()
        with self.assertRaisesRegex(UserError, "Only postponed"):
            entry.action_resume()
        with self.assertRaisesRegex(UserError, "Only postponed"):
            self.env["crm.interaction.create.wizard"].with_context(
                default_entry_id=entry.id
            ).create({})

    def test_resumed_twice_is_refused(self):
        entry = self._postpone()
        context = entry.action_resume()["context"]
        first = (
            self.env["crm.interaction.create.wizard"].with_context(**context).create({})
        )
        second = (
            self.env["crm.interaction.create.wizard"].with_context(**context).create({})
        )
        first.action_log()
        with self.assertRaisesRegex(UserError, "already logged or canceled"):
            second.action_log()

    def test_delete_postponed(self):
        entry = self._postpone()
        entry.unlink()
        self.assertFalse(entry.exists())

    def test_own_documents_cannot_touch_others_drafts(self):
        entry = self._postpone(
            user=self.user_salesman_2, partner_id=self.partner_ben.id
        )
        self.assertEqual(entry.user_id, self.user_salesman_2)
        other = entry.with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            other.action_resume()
        with self.assertRaises(AccessError):
            other.unlink()
        with self.assertRaises(AccessError):
            self.env["crm.interaction.create.wizard"].with_user(
                self.user_salesman
            ).with_context(default_entry_id=entry.id).create({})
        # the owner can
        entry.with_user(self.user_salesman_2).unlink()
        self.assertFalse(entry.exists())

    def test_postponed_list_action(self):
        entry = self._postpone()
        action = self.env.ref(
            "crm_interaction_log.crm_interaction_log_entry_action_postponed"
        )
        found = self.env["crm.interaction.log.entry"].search(safe_eval(action.domain))
        self.assertIn(entry, found)
        partner_action = self.partner_anna.action_open_postponed_interactions()
        self.assertIn(
            ("partner_id", "=", self.partner_anna.id), partner_action["domain"]
        )

    def test_postponed_never_in_filtered_log_lists(self):
        """The log lists opened from a contact, salesperson, opportunity,
        template or group (smart buttons) hide postponed entries too."""
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": self.partner_anna.id}
        )
        postponed = self._postpone(lead_id=lead.id)
        logged = self._create_entry(lead_id=lead.id)
        Entry = self.env["crm.interaction.log.entry"]
        for action in (
            self.partner_anna.action_open_interactions(),
            self.partner_company.action_open_interactions(),
            self.user_salesman.action_open_interactions(),
            lead.action_open_interactions(),
            self.template_call_out.action_open_log_entries(),
            self.group_call.action_open_log_entries(),
        ):
            found = Entry.search(action["domain"])
            self.assertIn(logged, found, action["display_name"])
            self.assertNotIn(postponed, found, action["display_name"])
        # nor in any statistic: only the logged entry counts
        for record in (
            self.partner_anna,
            self.partner_company,
            self.user_salesman,
            lead,
            self.template_call_out,
            self.group_call,
        ):
            self.assertEqual(record.interaction_count, 1, record.display_name)
            self.assertEqual(record.interaction_duration, 10, record.display_name)
        analysis = self.env.ref(
            "crm_interaction_log.crm_interaction_log_entry_action_analysis"
        )
        self.assertNotIn(postponed, Entry.search(safe_eval(analysis.domain)))

    def test_postpone_with_empty_description_and_date(self):
        """Postponing needs only the contact and the template: an emptied
        description or date falls back to the template name and now, both
        for a new postponed entry and for one being postponed again."""
        before = fields.Datetime.now() - timedelta(seconds=2)
        entry = self._postpone(description=False, date=False)
        self.assertEqual(entry.description, "Test outbound call")
        self.assertGreaterEqual(entry.date, before)
        entry.description = "Typed later"
        form = Form(
            self.env["crm.interaction.create.wizard"].with_context(
                **entry.action_resume()["context"]
            )
        )
        wizard = form.save()
        # the form requires a description; an API caller may still empty it
        wizard.write({"description": False, "date": False})
        wizard.action_postpone()
        self.assertEqual(entry.state, "postponed")
        self.assertEqual(entry.description, "Test outbound call")
        self.assertGreaterEqual(entry.date, before)

    def _attachment(self, name):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(name.encode()),
                "res_model": "crm.interaction.create.wizard",
                "res_id": 0,
            }
        )

    def _resume_form(self, entry, user=None):
        Wizard = self.env["crm.interaction.create.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Form(Wizard.with_context(**entry.action_resume()["context"]))

    def test_resume_and_log_keep_comments_and_attachments(self):
        first = self._attachment("first.txt")
        entry = self._postpone(
            note="<p>Agenda attached</p>", attachment_ids=[(6, 0, first.ids)]
        )
        self.assertEqual(entry.attachment_ids, first)
        form = self._resume_form(entry)
        self.assertEqual(form.attachment_ids[:], first)
        second = self._attachment("second.txt")
        form.attachment_ids.add(second)
        form.save().action_log()
        self.assertEqual(entry.state, "logged")
        self.assertIn("Agenda attached", entry.note)
        self.assertEqual(entry.attachment_ids, first | second)
        self.assertEqual(
            set((first | second).mapped("res_model")), {"crm.interaction.log.entry"}
        )
        self.assertEqual(set((first | second).mapped("res_id")), {entry.id})
        self.assertEqual(
            self.env["crm.interaction.log.entry"].search_count(
                [("partner_id", "=", self.partner_anna.id)]
            ),
            1,
        )

    def test_own_documents_salesman_resumes_own_draft(self):
        """Own-documents rights are enough for one's own postponed entries,
        even when the contact's salesperson is someone else."""
        entry = self._postpone(user=self.user_salesman_2)  # Anna: Sally's contact
        self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entry.create_uid, self.user_salesman_2)
        form = self._resume_form(
            entry.with_user(self.user_salesman_2), self.user_salesman_2
        )
        self.assertEqual(form.partner_id, self.partner_anna)
        form.description = "Done by Sam"
        form.save().action_log()
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.description, "Done by Sam")

    def test_postponed_menu(self):
        menu = self.env.ref(
            "crm_interaction_log.crm_interaction_log_entry_menu_postponed"
        )
        self.assertEqual(
            menu.action,
            self.env.ref(
                "crm_interaction_log.crm_interaction_log_entry_action_postponed"
            ),
        )
        self.assertEqual(
            menu.parent_id,
            self.env.ref("crm_interaction_log.crm_interaction_menu_root"),
        )
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_salesman)._visible_menu_ids()
        )
        self.assertIn(menu.id, visible)
        postponed = self._postpone()
        self.assertEqual(self.partner_anna.interaction_postponed_count, 1)
        postponed.unlink()
        self.partner_anna.invalidate_recordset(["interaction_postponed_count"])
        self.assertEqual(self.partner_anna.interaction_postponed_count, 0)
