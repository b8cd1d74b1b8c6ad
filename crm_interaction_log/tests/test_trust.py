"""Regression tests of the trust fixes: one test per finding of the attack
through the external API (issue "Trust"). The same paths are driven over
XML-RPC and JSON-RPC in test_ui_external_api.py."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import TestInteractionCommon

# the flag that opened logged entries to any caller in the first generation
OLD_FLAG = {"crm_interaction_state_change": True}


@tagged("post_install", "-at_install")
class TestTrust(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["crm.interaction.log.entry"]
        cls.Segment = cls.env["crm.interaction.segment"]
        cls.partner_carl = cls.env["res.partner"].create({"name": "Carl Nieminen"})

    def _segment(self, user, partners=None, **values):
        """A draft segment of ``user`` (created by them)."""
        partners = partners or (self.partner_anna | self.partner_ben)
        vals = {
            "description": "Autumn mailing",
            "template_id": self.template_letter.id,
            "user_id": user.id,
            "line_ids": [Command.create({"partner_id": p.id}) for p in partners],
        }
        vals.update(values)
        return self.Segment.with_user(user).create(vals)

    # 1. the old context flag opens nothing ---------------------------------

    def test_01_old_flag_changes_nothing(self):
        entry = self._create_entry(user_id=self.user_salesman.id)
        hostile = entry.with_user(self.user_salesman).with_context(**OLD_FLAG)
        for values in (
            {"cost": 999},
            {"partner_id": self.partner_ben.id},
            {"date": "2020-01-01 00:00:00"},
            {"description": "Rewritten"},
        ):
            with self.assertRaisesRegex(UserError, "read-only"):
                hostile.write(values)
        for values in (
            {"state": "postponed"},
            {"state": "canceled"},
            {"canceled_date": fields.Datetime.now()},
        ):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                hostile.write(values)
        # the postponed route to deleting a logged entry is closed
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            hostile.unlink()
        self.assertEqual(entry.state, "logged")
        self.assertEqual(entry.cost, 2.5)
        self.assertEqual(entry.description, "Test outbound call")

    def test_01_state_not_writable_even_on_postponed(self):
        """Writing state on a postponed entry used to leave canceled_date
        empty, so the retention job never deleted it."""
        entry = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        own = entry.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            own.write({"state": "canceled"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            own.write({"state": "logged"})
        self.assertEqual(entry.state, "postponed")
        # a user creates logged or postponed entries only
        with self.assertRaisesRegex(UserError, "set by the application"):
            self.Entry.with_user(self.user_salesman).create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "state": "canceled",
                }
            )

    def test_01_restore_of_canceled_segment_entry_refused_with_flag(self):
        segment = self._segment(self.user_salesman)
        segment.with_user(self.user_salesman).action_log()
        logged = segment.logged_segment_id.with_user(self.user_salesman)
        logged.action_cancel()
        entry = logged.entry_ids[0].with_context(**OLD_FLAG)
        with self.assertRaisesRegex(UserError, "restore the logged segment"):
            entry.action_restore()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            entry.write({"state": "logged"})
        self.assertEqual(entry.state, "canceled")

    # 2. logged segments: read-only, ownership, complete cascades ------------

    def test_02_logged_segment_not_writable(self):
        segment = self._segment(self.user_salesman)
        segment.with_user(self.user_salesman).action_log()
        logged = segment.logged_segment_id
        for user in (self.user_salesman, self.user_manager):
            for values in (
                {"name": "Renamed"},
                {"description": "Rewritten"},
                {"date": "2020-01-01 00:00:00"},
                {"user_id": self.user_salesman_2.id},
                {"state": "canceled"},
            ):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    logged.with_user(user).with_context(**OLD_FLAG).write(values)
        self.assertEqual(logged.state, "logged")
        with self.assertRaisesRegex(UserError, "created by logging a segment"):
            self.env["crm.interaction.logged.segment"].with_user(
                self.user_salesman
            ).create({"name": "Fake"})

    def test_02_segments_follow_ownership(self):
        victim = self._segment(self.user_salesman_2)
        victim.with_user(self.user_salesman_2).action_log()
        logged = victim.logged_segment_id
        draft = self._segment(self.user_salesman_2, partners=self.partner_carl)
        attacker = self.user_salesman  # own documents only
        for records in (victim, logged, draft, draft.line_ids):
            self.assertFalse(
                records.with_user(attacker).search([("id", "in", records.ids)])
            )
            with self.assertRaises(AccessError):
                records.with_user(attacker).read(["display_name"])
        with self.assertRaises(AccessError):
            logged.with_user(attacker).action_cancel()
        with self.assertRaises(AccessError):
            draft.with_user(attacker).write({"description": "Mine now"})
        with self.assertRaises(AccessError):
            draft.with_user(attacker).unlink()
        with self.assertRaises(AccessError):
            draft.with_user(attacker).action_log()
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"logged"})
        # all documents: sees and acts on them
        self.assertTrue(victim.with_user(self.user_all_docs).search([]))
        logged.with_user(self.user_all_docs).action_cancel()
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"canceled"})

    def test_02_cascade_reaches_every_entry_or_refuses(self):
        """A logged segment whose entries belong to several salespersons: an
        owner who may not change one of them is refused, nothing changes."""
        segment = self._segment(self.user_salesman_2)
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

    # 3. a segment's status is the Log action's ------------------------------

    def test_03_segment_state_not_writable(self):
        segment = self._segment(self.user_salesman)
        own = segment.with_user(self.user_salesman).with_context(**OLD_FLAG)
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"state": "logged"})
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            self.Segment.with_user(self.user_salesman).create(
                {"description": "Pre-logged", "state": "logged"}
            )
        own.action_log()
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "only by logging"):
            own.write({"logged_segment_id": False})
        with self.assertRaisesRegex(UserError, "already been logged"):
            own.action_log()
        self.assertEqual(
            self.env["crm.interaction.logged.segment"].search_count(
                [("segment_id", "=", segment.id)]
            ),
            1,
        )

    def test_03_lines_of_logged_segment_read_only(self):
        logged_segment = self._segment(self.user_salesman)
        logged_segment.with_user(self.user_salesman).action_log()
        draft = self._segment(self.user_salesman, partners=self.partner_carl)
        line = draft.line_ids.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, "is logged"):
            line.write({"segment_id": logged_segment.id})
        with self.assertRaisesRegex(UserError, "is logged"):
            logged_segment.line_ids[0].with_user(self.user_salesman).write({"cost": 0})
        with self.assertRaisesRegex(UserError, "is logged"):
            self.env["crm.interaction.segment.line"].with_user(
                self.user_salesman
            ).create(
                {"segment_id": logged_segment.id, "partner_id": self.partner_carl.id}
            )
        with self.assertRaisesRegex(UserError, "is logged"):
            logged_segment.line_ids[0].with_user(self.user_salesman).unlink()
        self.assertEqual(line.segment_id, draft)

    # 4. the contact filter is data ------------------------------------------

    def test_04_filter_is_parsed_not_evaluated(self):
        segment = self._segment(self.user_salesman, partners=self.partner_carl)
        Wizard = self.env["crm.interaction.segment.add.contacts"].with_user(
            self.user_salesman
        )
        for bad, message in (
            ("[('id', '=', (3 ** (10 ** 8)) and 1)]", "plain values"),
            ("__import__('os').system('true')", "plain values"),
            ("1", "list of conditions"),
            ("[('no_such_field', '=', 1)]", "not valid"),
            ("[('name', 'no_such_operator', 1)]", "not valid"),
            ("[('name', '=', 'x'", "plain values"),
            ("'[]'", "list of conditions"),
        ):
            wizard = Wizard.create({"segment_id": segment.id, "partner_domain": bad})
            self.assertEqual(wizard.partner_count, 0)
            self.assertIn("not valid", wizard.domain_error or "")
            with self.assertRaisesRegex(UserError, message):
                wizard.action_add()
        self.assertEqual(segment.line_count, 1)
        # a literal filter works
        wizard = Wizard.create(
            {
                "segment_id": segment.id,
                "partner_domain": "[('parent_id', '=', %d)]" % self.partner_company.id,
            }
        )
        self.assertEqual(wizard.partner_count, 2)
        wizard.action_add()
        self.assertEqual(segment.line_count, 3)

    def test_04_empty_filter_adds_nobody(self):
        segment = self._segment(self.user_salesman, partners=self.partner_carl)
        form = Form(
            self.env["crm.interaction.segment.add.contacts"]
            .with_user(self.user_salesman)
            .with_context(default_segment_id=segment.id)
        )
        self.assertEqual(form.partner_count, 0)
        with self.assertRaisesRegex(UserError, "at least one rule"):
            form.save().action_add()
        self.assertEqual(segment.line_count, 1)

    def test_04_add_contacts_needs_write_on_segment(self):
        segment = self._segment(self.user_salesman_2, partners=self.partner_carl)
        wizard = (
            self.env["crm.interaction.segment.add.contacts"]
            .with_user(self.user_salesman)
            .create(
                {
                    "segment_id": segment.id,
                    "partner_domain": "[('id', '=', %d)]" % self.partner_anna.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_add()
        self.assertEqual(segment.line_count, 1)

    # 5. only the manager's wizard and the job erase history -----------------

    def test_05_cancel_then_unlink_refused(self):
        for user in (self.user_salesman, self.user_all_docs, self.user_manager):
            entry = self._create_entry(user_id=user.id)
            entry.with_user(user).action_cancel()
            with self.assertRaisesRegex(UserError, "kept as history"):
                entry.with_user(user).with_context(**OLD_FLAG).unlink()
            self.assertTrue(entry.exists())
        # a salesperson cannot run the private path over RPC (it starts with
        # an underscore) nor create the manager's wizard
        with self.assertRaises(AccessError):
            self.env["crm.interaction.delete.canceled"].with_user(
                self.user_all_docs
            ).create({})
        # postponed drafts remain theirs to delete
        draft = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        draft.with_user(self.user_salesman).unlink()
        self.assertFalse(draft.exists())

    # 6. restore undoes what the cancel did ----------------------------------

    def test_06_restore_keeps_entries_canceled_on_their_own(self):
        segment = self._segment(
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

    # 8. source documents are real documents, set by the application --------

    def test_08_res_model_only_real_models(self):
        for model in ("mail.thread", "no.such.model", "crm.interaction.create.wizard"):
            with self.assertRaisesRegex(ValidationError, "not a document model"):
                self._create_entry(res_model=model, res_id=1)
        entry = self._create_entry(res_model="res.partner", res_id=self.partner_ben.id)
        self.assertEqual(entry.source_document_name, self.partner_ben.display_name)
        with self.assertRaisesRegex(UserError, "set by the application"):
            self.Entry.with_user(self.user_salesman).create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_anna.id,
                    "res_model": "res.partner",
                    "res_id": self.partner_anna.id,
                }
            )
        draft = self._create_entry(state="postponed", user_id=self.user_salesman.id)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            draft.with_user(self.user_salesman).write({"res_model": "mail.thread"})

    # 9. validation ------------------------------------------------------------

    def test_09_negative_values_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._create_entry(cost=-1)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._create_entry(duration=-5)
        segment = self._segment(self.user_salesman, partners=self.partner_carl)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            segment.line_ids.cost = -2
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            segment.duration = -2
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["crm.interaction.create.wizard"].create(
                {
                    "partner_id": self.partner_anna.id,
                    "template_id": self.template_call_out.id,
                    "cost": -3,
                }
            )

    def test_09_portal_user_not_salesperson(self):
        portal = new_test_user(self.env, login="cil_portal", groups="base.group_portal")
        with self.assertRaisesRegex(ValidationError, "not an internal user"):
            self._create_entry(user_id=portal.id)
        with self.assertRaisesRegex(ValidationError, "not an internal user"):
            self._segment(self.user_manager, user_id=portal.id)

    def test_09_codes_normalized(self):
        Template = self.env["crm.interaction.template"]
        template = Template.create(
            {"code": "  call_x ", "name": "X", "group_id": self.group_call.id}
        )
        self.assertEqual(template.code, "CALL_X")
        for code in ("", "   ", "A" * 100_000, "a" * 21):
            with self.assertRaises(ValidationError):
                Template.create(
                    {"code": code, "name": "Y", "group_id": self.group_call.id}
                )
        for code in ("call_x", "CALL_X ", "Call_X"):
            with self.assertRaisesRegex(ValidationError, "already used"):
                Template.create(
                    {"code": code, "name": "Y", "group_id": self.group_call.id}
                )
        with self.assertRaises(ValidationError):
            self.group_call.code = "  "

    def test_09_company_code_cannot_shadow_shared_code(self):
        Template = self.env["crm.interaction.template"]
        shared_group = self.env["crm.interaction.group"].create(
            {"code": "SHARED_G", "name": "Shared group", "company_id": False}
        )
        Template.create(
            {
                "code": "SHARED",
                "name": "Shared",
                "group_id": shared_group.id,
                "company_id": False,
            }
        )
        with self.assertRaisesRegex(ValidationError, "already used"):
            Template.create(
                {"code": "shared", "name": "Mine", "group_id": self.group_call.id}
            )
        # another company's code does not clash with this company's
        other = Template.create(
            {
                "code": "ONLY_B",
                "name": "B",
                "group_id": shared_group.id,
                "company_id": self.company_b.id,
            }
        )
        Template.create({"code": "ONLY_B", "name": "A", "group_id": self.group_call.id})
        # but a shared one cannot take it
        with self.assertRaisesRegex(ValidationError, "already used"):
            other.company_id = False
        # and a group code follows the same rule
        with self.assertRaisesRegex(ValidationError, "already used"):
            self.env["crm.interaction.group"].create(
                {"code": "shared_g", "name": "Mine"}
            )

    def test_09_description_length(self):
        with self.assertRaisesRegex(ValidationError, "at most 100 characters"):
            self._create_entry(description="x" * 101)
        self.assertTrue(self._create_entry(description="x" * 100))

    # 10. an opportunity's interactions are with its customer ----------------

    def test_10_wizard_keeps_contact_within_opportunity_customer(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Sofa deal",
                "type": "opportunity",
                "partner_id": self.partner_anna.id,
                "user_id": self.user_salesman.id,
            }
        )
        stranger = self.env["res.partner"].create({"name": "Other Corp"})
        action = lead.with_user(self.user_salesman).action_create_interaction()
        form = Form(
            self.env["crm.interaction.create.wizard"]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
        )
        form.template_id = self.template_call_out
        form.partner_id = stranger
        wizard = form.save()
        with self.assertRaisesRegex(ValidationError, "not the customer"):
            wizard.action_log()
        self.assertFalse(self.Entry.search([("lead_id", "=", lead.id)]))
        # a colleague at the customer is fine
        wizard.partner_id = self.partner_ben
        wizard.action_log()
        self.assertEqual(
            self.Entry.search([("lead_id", "=", lead.id)]).partner_id, self.partner_ben
        )

    # 11. no cross-company disclosure -----------------------------------------

    def test_11_no_disclosure_of_other_company_segment(self):
        other_user = new_test_user(
            self.env,
            login="cil_b_user",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        template_b = self.env["crm.interaction.template"].create(
            {
                "code": "B_CALL",
                "name": "B call",
                "group_id": self.env["crm.interaction.group"]
                .create({"code": "B_GROUP", "name": "B group", "company_id": False})
                .id,
                "company_id": False,
            }
        )
        segment_b = self.Segment.with_user(other_user).create(
            {
                "description": "B only",
                "template_id": template_b.id,
                "company_id": self.company_b.id,
                "line_ids": [Command.create({"partner_id": self.partner_carl.id})],
            }
        )
        Line = self.env["crm.interaction.segment.line"].with_user(self.user_all_docs)
        # same answer whether the contact is in it or not
        for partner in (self.partner_carl, self.partner_ben):
            with self.assertRaises(AccessError):
                Line.create({"segment_id": segment_b.id, "partner_id": partner.id})

    def test_11_logging_check_names_no_foreign_record(self):
        secret = self.env["res.partner"].create(
            {"name": "Secret Contact B", "company_id": self.company_b.id}
        )
        segment = self._segment(self.user_manager, partners=self.partner_carl)
        self.env.cr.execute(
            "INSERT INTO crm_interaction_segment_line (segment_id, partner_id, "
            "company_id, template_id) VALUES (%s, %s, %s, %s)",
            [segment.id, secret.id, segment.company_id.id, self.template_letter.id],
        )
        self.env.invalidate_all()
        with self.assertRaises(UserError) as caught:
            segment.with_user(self.user_manager).action_log()
        message = str(caught.exception)
        self.assertIn("another company", message)
        self.assertNotIn("Secret Contact B", message)
        self.assertNotIn(self.company_b.name, message)
