from markupsafe import Markup

from odoo import fields, models
from odoo.tools import plaintext2html


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Done activities whose type has an interaction template log an
        interaction (every way of marking done goes through here: Mark Done,
        Done & Schedule Next, feedback, upload)."""
        to_log = self._prepare_interaction_logs(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        Rule = self.env["crm.interaction.auto.rule"]
        for template, record, values in to_log:
            Rule._log_with_template(record, template, **values)
        return result

    def _prepare_interaction_logs(self, feedback):
        """What to log for the activities of ``self``, read before they are
        deleted: ``[(template, document, entry values)]``."""
        activities = self.filtered("activity_type_id.interaction_template_id")
        if not activities:
            return []
        # the web client sends the feedback as plain text
        note = False
        if feedback:
            note = feedback if isinstance(feedback, Markup) else plaintext2html(feedback)
        result = []
        for activity in activities:
            if not activity.res_model or activity.res_model not in self.env:
                continue
            record = self.env[activity.res_model].sudo().browse(activity.res_id)
            template = activity.activity_type_id.interaction_template_id
            summary = activity.summary or activity.activity_type_id.name
            values = {
                "user_id": (activity.user_id or self.env.user).id,
                "description": f"{summary}: {record.display_name}"[:250],
                "date": fields.Datetime.now(),
                "note": note,
            }
            result.append((template, record, values))
        return result
