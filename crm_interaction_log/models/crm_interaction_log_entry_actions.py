from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .notifications import CLOSE_WINDOW, notification


class CrmInteractionLogEntry(models.Model):
    """What a salesperson does with a logged interaction: record how it ended
    (outcome), turn it into an opportunity or link one, schedule a follow-up
    and evaluate many at once."""

    _inherit = "crm.interaction.log.entry"

    # ------------------------------------------------------------
    # OUTCOME AND OPPORTUNITY LINK (called from create() and write())
    # ------------------------------------------------------------

    @api.model
    def _apply_outcome(self, vals, on_create=True):
        """An outcome decides whether the interaction was a failed attempt,
        and on a new entry proposes its evaluation."""
        if vals.get("outcome_id") and "attempt_failed" not in vals:
            outcome = self.env["crm.interaction.outcome"].browse(vals["outcome_id"])
            values = outcome._entry_values(vals.get("evaluation"))
            if not on_create:
                values.pop("evaluation", None)
            vals.update(values)
        return vals

    def _linkable_fields(self, vals):
        """Fields a logged entry accepts because they only fill a gap: an
        opportunity may be linked while the entry has none."""
        if vals.get("lead_id") and not self.filtered("lead_id"):
            return {"lead_id"}
        return set()

    def _check_lead_link(self, vals):
        if "lead_id" not in vals:
            return
        linked = self.filtered(
            lambda e: e.state != "postponed"
            and e.lead_id
            and e.lead_id.id != vals["lead_id"]
        )
        if linked:
            raise UserError(
                self.env._(
                    "These interactions are already linked to an opportunity "
                    "(%(entries)s): the link of a logged interaction cannot be "
                    "changed.",
                    entries=", ".join(linked[:5].mapped("display_name")),
                )
            )

    @api.onchange("outcome_id")
    def _onchange_outcome_id(self):
        if self.outcome_id:
            self.update(self.outcome_id._entry_values(self.evaluation))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_can_create_opportunity(self):
        self.ensure_one()
        if self.state != "logged":
            raise UserError(
                self.env._(
                    "An opportunity can only be created from a logged interaction "
                    "(%(entry)s is %(state)s).",
                    entry=self.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        if self.lead_id:
            raise UserError(
                self.env._(
                    "%(entry)s is already linked to the opportunity %(lead)s.",
                    entry=self.display_name,
                    lead=self.lead_id.display_name,
                )
            )

    def _prepare_opportunity_values(self):
        self.ensure_one()
        description = Markup("<p>%s</p>") % self.description
        if not is_html_empty(self.note):
            description += self.note
        return {
            # after whom and what, not the entry's description (often the
            # template's own, as "Email sent")
            "name": self.env._(
                "%(contact)s: %(template)s",
                contact=self.partner_id.name,
                template=self.template_id.name,
            ),
            "type": "opportunity",
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "campaign_id": self.campaign_id.id,
            "company_id": self.company_id.id,
            "description": description,
            "interaction_entry_id": self.id,
        }

    def action_create_opportunity(self):
        """Create an opportunity from this logged interaction (contact,
        salesperson, campaign, description), link it to the entry and offer to
        open it."""
        self.ensure_one()
        self._check_can_create_opportunity()
        lead = self.env["crm.lead"].create(self._prepare_opportunity_values())
        self.write({"lead_id": lead.id})
        return notification(
            # the web client escapes the message and puts the link at %s
            self.env._("It is linked to this interaction. %s"),
            CLOSE_WINDOW,
            title=self.env._("Opportunity created: %(name)s", name=lead.display_name),
            links=[
                {
                    "label": self.env._("Open Opportunity"),
                    "url": f"/odoo/crm.lead/{lead.id}",
                },
            ],
        )

    def action_schedule_follow_up(self):
        """Odoo's Schedule Activity dialog on the opportunity of the
        interaction, else on its contact."""
        self.ensure_one()
        record = self.lead_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Schedule Follow-up"),
            "res_model": "mail.activity.schedule",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": record._name,
                "active_ids": record.ids,
                "active_id": record.id,
                "default_summary": self.env._(
                    "Follow-up: %(description)s", description=self.description
                ),
                "default_note": self.note if not is_html_empty(self.note) else False,
            },
        }

    def action_evaluate(self):
        """The Evaluate dialog for the selected entries."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evaluate Interactions"),
            "res_model": "crm.interaction.evaluate.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_entry_ids": [fields.Command.set(self.ids)]},
        }

    # ------------------------------------------------------------
    # CALLS
    # ------------------------------------------------------------

    @api.model
    def _get_call_template(self):
        """The template of outgoing calls: the default data's Outbound phone
        call, while it is active and of an allowed company."""
        template = self.env.ref(
            "crm_interaction_log.interaction_template_call_out",
            raise_if_not_found=False,
        )
        if not template or not template.active:
            raise UserError(
                self.env._(
                    "The outbound phone call interaction template is missing or "
                    "archived: restore it in Interaction Templates to log calls."
                )
            )
        return template

    @api.model
    def _action_call(self, partner, lead=None):
        """Create Interaction prepared for a call to ``partner``: the
        outgoing-call template, the contact's numbers as tel: links and the
        number used."""
        if not partner:
            raise UserError(self.env._("Set a contact first to call it."))
        context = {
            "default_partner_id": partner.id,
            "default_template_id": self._get_call_template().id,
            "crm_interaction_call": True,
            "crm_interaction_lock": ["partner_id"],
        }
        if lead:
            context.update(
                {
                    "default_lead_id": lead.id,
                    "default_campaign_id": lead.campaign_id.id,
                    "crm_interaction_lock": ["partner_id", "lead_id"],
                }
            )
        action = self.env["crm.interaction.create.wizard"]._action_open(context)
        action["name"] = self.env._("Call %(contact)s", contact=partner.display_name)
        return action
