from markupsafe import Markup

from odoo import fields, models
from odoo.tools import plaintext2html

from .crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Done activities whose type has an interaction template log an
        interaction (every way of marking done goes through here: Mark Done,
        Done & Schedule Next, feedback, upload)."""
        # logged first: the activities and documents are read once for both
        # (marking done deletes the activities and empties the cache)
        self.env["crm.interaction.log.entry"]._create_system_entries(
            self._prepare_interaction_logs(feedback)
        )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _prepare_interaction_logs(self, feedback):
        """Entry values to log for the activities of ``self``."""
        activities = self.filtered("activity_type_id.interaction_template_id")
        if not activities:
            return []
        # the web client sends the feedback as plain text
        note = False
        if feedback:
            note = (
                feedback if isinstance(feedback, Markup) else plaintext2html(feedback)
            )
        Rule = self.env["crm.interaction.auto.rule"]
        vals_list = []
        for activity in activities:
            if not activity.res_model or activity.res_model not in self.env:
                continue
            record = self.env[activity.res_model].sudo().browse(activity.res_id)
            template = activity.activity_type_id.interaction_template_id
            summary = activity.summary or activity.activity_type_id.name
            values = {
                "description": f"{summary}: {record.display_name}"[
                    :DESCRIPTION_MAX_LENGTH
                ],
                "date": fields.Datetime.now(),
                "note": note,
            }
            # the assignee is the salesperson, unless it is no salesperson
            # (OdooBot, an archived or portal user): then the document's, the
            # contact's, or the user marking it done
            assignee = activity.user_id
            if assignee and assignee.active and not assignee.share:
                values["user_id"] = assignee.id
            vals_list += Rule._prepare_with_template(record, template, **values)
        return vals_list
