# The interrupted-cron test needs the cron's own commits on a real cursor
# (never the test cursor): that is what makes an interrupted run resumable.
# pylint: disable=invalid-commit
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields, sql_db
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestCronInterrupted(TransactionCase):
    """The cleanup cron dies in its second batch; run again, it deletes every
    canceled entry past the retention and nothing else."""

    def _cleanup(self, partner_id, template_id, group_id):
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute(
                "DELETE FROM crm_interaction_log_entry WHERE partner_id = %s",
                [partner_id],
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
            cr.execute(
                "DELETE FROM crm_interaction_template WHERE id = %s", [template_id]
            )
            cr.execute("DELETE FROM crm_interaction_group WHERE id = %s", [group_id])
            cr.commit()

    def test_interrupted_cron_resumes(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        env = api.Environment(cr, SUPERUSER_ID, {})
        # this database may hold other canceled entries (demo data): keep ours apart
        group = env["crm.interaction.group"].create({"code": "REL", "name": "Rel"})
        template = env["crm.interaction.template"].create(
            {"code": "REL", "name": "Reliability", "group_id": group.id}
        )
        partner = env["res.partner"].create({"name": "Reliability contact"})
        Entry = env["crm.interaction.log.entry"]

        def make(count, **values):
            return Entry.create(
                [
                    dict(
                        {"template_id": template.id, "partner_id": partner.id}, **values
                    )
                    for _i in range(count)
                ]
            )

        old = make(10)
        old.action_cancel()
        old._write_protected(
            {"canceled_date": fields.Datetime.now() - timedelta(days=90)}
        )
        recent = make(2)
        recent.action_cancel()
        logged = make(5)
        postponed = make(2, state="postponed")
        cr.commit()
        self.addCleanup(self._cleanup, partner.id, template.id, group.id)
        expired = [
            ("state", "=", "canceled"),
            ("canceled_date", "<", fields.Datetime.now() - timedelta(days=30)),
        ]
        expired_before = Entry.search_count(expired)
        self.assertGreaterEqual(expired_before, 10)

        Model = type(Entry)
        original_unlink = Model.unlink
        calls = []

        def unlink_dying_on_second_batch(records):
            calls.append(len(records))
            if len(calls) == 2:
                raise MemoryError("worker killed")
            return original_unlink(records)

        # let the cron commit its batches on this cursor, as outside tests
        entry_module = (
            "odoo.addons.crm_interaction_log.models.crm_interaction_log_entry"
        )
        with patch(f"{entry_module}.running_tests", return_value=False):
            with patch.object(Model, "unlink", unlink_dying_on_second_batch):
                with self.assertRaises(MemoryError):
                    Entry._cron_delete_canceled_entries(batch_size=3)
            cr.rollback()
            Entry.invalidate_model()
            # the first batch was committed before the crash, the second not
            self.assertEqual(calls, [3, 3])
            self.assertEqual(Entry.search_count(expired), expired_before - 3)
            Entry._cron_delete_canceled_entries(batch_size=3)
            cr.commit()
        Entry.invalidate_model()
        self.assertFalse(Entry.search([("id", "in", old.ids)]))
        self.assertEqual(Entry.search_count([("id", "in", recent.ids)]), 2)
        self.assertEqual(Entry.search_count([("id", "in", logged.ids)]), 5)
        self.assertEqual(Entry.search_count([("id", "in", postponed.ids)]), 2)


@tagged("post_install", "-at_install")
class TestBadInputs(TestInteractionCommon):
    """Every bad input gets a clear error and writes nothing."""

    def _counts(self):
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in (
                "crm.interaction.group",
                "crm.interaction.template",
                "crm.interaction.log.entry",
                "crm.interaction.segment",
                "crm.interaction.logged.segment",
            )
        }

    def _assert_refused(self, exception, pattern, function):
        before = self._counts()
        with self.assertRaisesRegex(exception, pattern), self.env.cr.savepoint():
            function()
        self.env.invalidate_all()
        self.assertEqual(self._counts(), before)

    def test_bad_inputs(self):
        Template = self.env["crm.interaction.template"]
        Wizard = self.env["crm.interaction.create.wizard"]
        entry = self._create_entry()
        postponed = self._create_entry(state="postponed")
        segment = self.env["crm.interaction.segment"].create(
            {
                "template_id": self.template_call_out.id,
                "line_ids": [Command.create({"partner_id": self.partner_ben.id})],
            }
        )
        cases = [
            (
                ValidationError,
                "unit cost .* negative",
                lambda: Template.create(
                    {
                        "code": "N",
                        "name": "N",
                        "group_id": self.group_call.id,
                        "unit_cost": -1,
                    }
                ),
            ),
            (
                ValidationError,
                "unit duration .* negative",
                lambda: Template.create(
                    {
                        "code": "N",
                        "name": "N",
                        "group_id": self.group_call.id,
                        "unit_duration": -1,
                    }
                ),
            ),
            (
                ValidationError,
                "needs an interaction group",
                lambda: Template.create({"code": "N", "name": "N"}),
            ),
            (UserError, "cannot be deleted", self.template_call_out.unlink),
            (UserError, "cannot be deleted", self.group_call.unlink),
            (UserError, "Only postponed and canceled", entry.unlink),
            (UserError, "read-only", lambda: entry.write({"cost": 99})),
            (UserError, "Only canceled interactions", entry.action_restore),
            (UserError, "Only logged interactions", postponed.action_cancel),
            (UserError, "Only postponed interactions", entry.action_resume),
            (UserError, "fill in: Contact", lambda: Wizard.create({}).action_log()),
            (
                UserError,
                "fill in: .*Interaction Template",
                lambda: Wizard.create(
                    {"partner_id": self.partner_ben.id}
                ).action_postpone(),
            ),
            (UserError, "Enter a description", segment.action_log),
            (
                UserError,
                "not valid",
                lambda: self.env["crm.interaction.segment.add.contacts"]
                .create({"segment_id": segment.id, "partner_domain": "[("})
                .action_add(),
            ),
        ]
        for exception, pattern, function in cases:
            with self.subTest(pattern=pattern):
                self._assert_refused(exception, pattern, function)
        self.assertEqual(entry.cost, 2.5)

    def test_duplicate_code_writes_nothing(self):
        before = self._counts()
        with self.assertRaisesRegex(ValidationError, "already used"):
            with self.env.cr.savepoint():
                self.env["crm.interaction.group"].create(
                    {"code": "T_CALL", "name": "X"}
                )
        self.assertEqual(self._counts(), before)
