from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from .compat import ACTION_GROUPS_FIELD


class IrActionsServer(models.Model):
    """Server action "Log Interaction": any automation rule (stage changed,
    invoice posted, time based...) or contextual action can log an
    interaction for the contact of its documents."""

    _inherit = "ir.actions.server"

    state = fields.Selection(
        selection_add=[("crm_interaction_log", "Log Interaction")],
        ondelete={"crm_interaction_log": "cascade"},
    )
    crm_interaction_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        ondelete="restrict",
    )
    crm_interaction_partner_field_id = fields.Many2one(
        "ir.model.fields",
        string="Contact Field",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), "
        "('relation', '=', 'res.partner')]",
        help="The field of the document giving the contact to log the "
        "interaction for. Leave empty to use the document's contact (its "
        "Contact/partner field, or the contact itself).",
    )

    @api.model
    def _crm_interaction_set_groups(self, groups_by_action):
        """Restrict actions of this addon to a group each (called by its data:
        the field is ``groups_id`` on 18.0, ``group_ids`` on 19.0).

        :param dict groups_by_action: action xmlid -> group xmlid
        """
        for action_xmlid, group_xmlid in groups_by_action.items():
            self.env.ref(action_xmlid).write(
                {ACTION_GROUPS_FIELD: [Command.set(self.env.ref(group_xmlid).ids)]}
            )

    @api.constrains(
        "state",
        "crm_interaction_template_id",
        "crm_interaction_partner_field_id",
        "model_id",
    )
    def _check_crm_interaction_log(self):
        for action in self.filtered(lambda a: a.state == "crm_interaction_log"):
            if not action.crm_interaction_template_id:
                raise ValidationError(
                    self.env._(
                        "A Log Interaction action needs an interaction template."
                    )
                )
            field = action.crm_interaction_partner_field_id
            if field and (
                field.model_id != action.model_id or field.relation != "res.partner"
            ):
                raise ValidationError(
                    self.env._(
                        "The contact field of a Log Interaction action must be a "
                        "contact field of the action's model."
                    )
                )

    def _run_action_crm_interaction_log_multi(self, eval_context=None):
        model = eval_context["model"]
        records = (eval_context.get("record") or model) | (
            eval_context.get("records") or model
        )
        if not records:
            return False
        self.env["crm.interaction.auto.rule"]._log_with_template(
            records,
            self.crm_interaction_template_id,
            partner_field=self.crm_interaction_partner_field_id.name or None,
        )
        return False
