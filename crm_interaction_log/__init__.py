from . import models
from . import wizard
from . import report
from . import controllers


def uninstall_hook(env):
    """Remove the interaction data before Odoo removes the addon's records.

    Log entries restrict the deletion of their templates, so without this the
    removal of the default templates and groups fails (and is retried) while
    the tables are about to be dropped anyway. The per-company segment
    sequences were created at run time and are not module data: drop them.
    """
    for table in (
        "crm_interaction_log_entry",
        "crm_interaction_logged_segment",
        "crm_interaction_segment_line",
        "crm_interaction_segment",
        "crm_interaction_auto_rule",
    ):
        env.cr.execute(f"DELETE FROM {table}")  # noqa: S608 - constant names
    env["ir.sequence"].search([("code", "=", "crm.interaction.segment")]).unlink()
    # Log Interaction server actions restrict the deletion of their templates
    env["ir.actions.server"].search([("state", "=", "crm_interaction_log")]).unlink()
