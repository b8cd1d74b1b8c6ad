# These tests need two real transactions that commit on their own cursors
# (never the test cursor): concurrency cannot be shown otherwise.
# pylint: disable=invalid-commit
from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSegmentConcurrency(TransactionCase):
    """Two users log the same segment at the same time: one logged segment,
    one clear error. Runs on two real, separately committed transactions."""

    def _cursor(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def _cleanup(self, segment_id, partner_ids, template_id, group_id):
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute(
                "DELETE FROM crm_interaction_log_entry WHERE segment_id = %s",
                [segment_id],
            )
            cr.execute(
                "DELETE FROM crm_interaction_logged_segment WHERE segment_id = %s",
                [segment_id],
            )
            cr.execute(
                "DELETE FROM crm_interaction_segment WHERE id = %s", [segment_id]
            )
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(partner_ids)])
            cr.execute(
                "DELETE FROM crm_interaction_template WHERE id = %s", [template_id]
            )
            cr.execute("DELETE FROM crm_interaction_group WHERE id = %s", [group_id])
            cr.commit()

    def test_concurrent_logging(self):
        # committed setup, visible to both "users"
        setup_cr = self._cursor()
        env = api.Environment(setup_cr, SUPERUSER_ID, {})
        group = env["crm.interaction.group"].create({"code": "CONC", "name": "Conc"})
        template = env["crm.interaction.template"].create(
            {"code": "CONC", "name": "Concurrent", "group_id": group.id}
        )
        partners = env["res.partner"].create(
            [{"name": f"Concurrent {i}"} for i in range(3)]
        )
        segment = env["crm.interaction.segment"].create(
            {
                "description": "Concurrent logging",
                "template_id": template.id,
                "line_ids": [Command.create({"partner_id": p.id}) for p in partners],
            }
        )
        setup_cr.commit()
        self.addCleanup(self._cleanup, segment.id, partners.ids, template.id, group.id)

        cr_a, cr_b = self._cursor(), self._cursor()
        env_a = api.Environment(cr_a, SUPERUSER_ID, {})
        env_b = api.Environment(cr_b, SUPERUSER_ID, {})
        segment_a = env_a["crm.interaction.segment"].browse(segment.id)
        segment_b = env_b["crm.interaction.segment"].browse(segment.id)

        # user A is logging (holds the segment row), user B clicks Log too
        segment_a._lock_for_logging()
        with self.assertRaisesRegex(UserError, "being logged by another user"):
            segment_b.action_log()
        cr_b.rollback()
        segment_a.action_log()
        cr_a.commit()

        # B tries again once A is done: a clear error, no duplicate
        segment_b.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "already been logged"):
            segment_b.action_log()
        cr_b.rollback()
        check_env = api.Environment(self._cursor(), SUPERUSER_ID, {})
        logged = check_env["crm.interaction.logged.segment"].search(
            [("segment_id", "=", segment.id)]
        )
        self.assertEqual(len(logged), 1)
        self.assertEqual(
            check_env["crm.interaction.log.entry"].search_count(
                [("segment_id", "=", segment.id)]
            ),
            3,
        )


@tagged("post_install", "-at_install")
class TestCleanupConcurrency(TransactionCase):
    """The cleanup job runs while a user restores one of its canceled
    entries: the restore wins, the rest is deleted, the job does not fail."""

    def _cursor(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def _cleanup(self, partner_id, template_id, group_id):
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute(
                "DELETE FROM crm_interaction_log_entry WHERE template_id = %s",
                [template_id],
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
            cr.execute(
                "DELETE FROM crm_interaction_template WHERE id = %s", [template_id]
            )
            cr.execute("DELETE FROM crm_interaction_group WHERE id = %s", [group_id])
            cr.commit()

    def test_cleanup_skips_entry_being_restored(self):
        setup_cr = self._cursor()
        env = api.Environment(setup_cr, SUPERUSER_ID, {})
        group = env["crm.interaction.group"].create({"code": "CLEAN", "name": "C"})
        template = env["crm.interaction.template"].create(
            {"code": "CLEAN", "name": "Cleanup", "group_id": group.id}
        )
        partner = env["res.partner"].create({"name": "Cleanup contact"})
        entries = env["crm.interaction.log.entry"].create(
            [{"template_id": template.id, "partner_id": partner.id}] * 4
        )
        entries.action_cancel()
        entries._write_protected({"canceled_date": "2020-01-01 00:00:00"})
        setup_cr.commit()
        self.addCleanup(self._cleanup, partner.id, template.id, group.id)

        cr_user, cr_job = self._cursor(), self._cursor()
        env_user = api.Environment(cr_user, SUPERUSER_ID, {})
        env_job = api.Environment(cr_job, SUPERUSER_ID, {})
        restored = env_user["crm.interaction.log.entry"].browse(entries[0].id)
        # the user's restore holds the row, not yet committed
        restored.action_restore()
        restored.env.flush_all()
        done = env_job["crm.interaction.log.entry"]._cron_delete_canceled_entries()
        self.assertEqual(done, 3)
        cr_job.commit()
        cr_user.commit()

        check = api.Environment(self._cursor(), SUPERUSER_ID, {})
        left = check["crm.interaction.log.entry"].search(
            [("template_id", "=", template.id)]
        )
        self.assertEqual(left.ids, entries[0].ids)
        self.assertEqual(left.state, "logged")
