"""Uninstall and reinstall crm_interaction_log on a database holding data.

Creates a throwaway database with the addon, logs interactions (one by one
and through a segment, with a logged segment, a postponed and a canceled
entry), uninstalls the addon the way the Apps menu does, checks its tables
are gone, installs it again and checks it works. Prints one result line and
exits 1 on failure. Called by .ci/run (``make check-reinstall``).
"""

import logging
import subprocess
import sys

from bench import ADDON, locate_odoo


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else "cil_reinstall"
    command, addons_path = locate_odoo()
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(
        [
            *command,
            "-d",
            db,
            f"--addons-path={addons_path}",
            "-i",
            ADDON,
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
        ],
        check=True,
    )

    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, Command, api, sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        ["-d", db, f"--addons-path={addons_path}", "--http-interface=127.0.0.1"]
        + ["--log-level=warn"]
    )
    problems = []

    class Collect(logging.Handler):
        def emit(self, record):
            problems.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    logging.getLogger().addHandler(Collect(level=logging.WARNING))
    try:
        with Registry(db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            template = env.ref("crm_interaction_log.interaction_template_call_out")
            partners = env["res.partner"].create(
                [{"name": f"Reinstall {i}"} for i in range(5)]
            )
            Entry = env["crm.interaction.log.entry"]
            Entry.create(
                [{"template_id": template.id, "partner_id": p.id} for p in partners]
            )
            Entry.create(
                {
                    "template_id": template.id,
                    "partner_id": partners[0].id,
                    "state": "postponed",
                }
            )
            Entry.search([("state", "=", "logged")], limit=1).action_cancel()
            segment = env["crm.interaction.segment"].create(
                {
                    "description": "Reinstall check",
                    "template_id": template.id,
                    "line_ids": [
                        Command.create({"partner_id": p.id}) for p in partners
                    ],
                }
            )
            segment.action_log(create_follow_up=True)
            # what logs from other documents: a Log Interaction server action,
            # an activity type and a meeting entry referring to the templates
            env["ir.actions.server"].create(
                {
                    "name": "Reinstall log interaction",
                    "model_id": env["ir.model"]._get_id("res.partner"),
                    "state": "crm_interaction_log",
                    "crm_interaction_template_id": template.id,
                }
            )
            env["mail.activity.type"].create(
                {"name": "Reinstall call", "interaction_template_id": template.id}
            )
            env["calendar.event"].create(
                {
                    "name": "Reinstall meeting",
                    "start": "2026-01-05 09:00:00",
                    "stop": "2026-01-05 10:00:00",
                    "partner_ids": [Command.set(partners[:2].ids)],
                }
            )._log_interactions()
            entries = Entry.search_count([])
            module = env["ir.module.module"].search([("name", "=", ADDON)])
            cr.commit()
            module.button_immediate_uninstall()
        with Registry(db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            module = env["ir.module.module"].search([("name", "=", ADDON)])
            assert module.state == "uninstalled", (
                f"state after uninstall: {module.state}"
            )
            assert "crm.interaction.log.entry" not in env, "model left after uninstall"
            cr.execute("SELECT to_regclass('crm_interaction_log_entry')")
            assert cr.fetchone()[0] is None, "table left after uninstall"
            module.button_immediate_install()
        with Registry(db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            module = env["ir.module.module"].search([("name", "=", ADDON)])
            assert module.state == "installed", f"state after reinstall: {module.state}"
            template = env.ref("crm_interaction_log.interaction_template_call_out")
            partner = env["res.partner"].search([("name", "=", "Reinstall 0")])
            entry = env["crm.interaction.log.entry"].create(
                {"template_id": template.id, "partner_id": partner.id}
            )
            assert entry.cost == template.unit_cost
            assert partner.interaction_count == 1
            cr.rollback()
        assert not problems, f"{len(problems)} warning(s): {problems[:3]}"
    except Exception as exc:  # noqa: BLE001 - reported as the result line
        print(f"check-reinstall: FAIL: {exc!r}")
        return 1
    finally:
        sql_db.close_db(db)
        subprocess.run(["dropdb", "--if-exists", db], check=False)
    print(
        f"check-reinstall: OK: uninstalled with {entries} entries and a logged "
        "segment, reinstalled and logged again"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
