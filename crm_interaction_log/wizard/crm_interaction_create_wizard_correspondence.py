from odoo import api, fields, models
from odoo.tools import is_html_empty

from ..models.notifications import CLOSE_WINDOW, success_notification

CORRESPONDENCE_TYPES_SENT = ("email", "hard_copy")


def _without_none(value):
    """``value`` (an action) without the ``None`` values of its dicts, which
    XML-RPC cannot marshal (a report action's ``data``)."""
    if isinstance(value, dict):
        return {
            key: _without_none(item) for key, item in value.items() if item is not None
        }
    return value


class CrmInteractionCreateWizard(models.TransientModel):
    """Correspondence in Create Interaction: the template's subject and body
    rendered for the contact (editable), and sending the email or printing
    the letter when logging."""

    _inherit = "crm.interaction.create.wizard"

    subject = fields.Char(
        compute="_compute_correspondence_content", store=True, readonly=False
    )
    body = fields.Html(
        string="Content",
        compute="_compute_correspondence_content",
        store=True,
        readonly=False,
        sanitize_style=True,
    )
    send_correspondence = fields.Boolean(
        string="Send",
        compute="_compute_send_correspondence",
        store=True,
        readonly=False,
        help="Email: send the email to the contact through the outgoing mail "
        "queue. Hard copy: print the letter and attach it to the interaction.",
    )

    @api.depends("correspondence_type")
    def _compute_send_correspondence(self):
        for wizard in self:
            wizard.send_correspondence = (
                wizard.correspondence_type in CORRESPONDENCE_TYPES_SENT
            )

    @api.depends("template_id", "partner_id", "correspondence_type")
    def _compute_correspondence_content(self):
        # the template's content, rendered for the contact, replaces what
        # the previous template gave; a template without content keeps
        # what was typed
        for wizard in self:
            subject, body = wizard.subject, wizard.body
            template = wizard.template_id
            if (
                template
                # only a template the user may use here: an onchange gets any id
                and template.company_id
                in (wizard.company_id, wizard.company_id.browse())
                and template.has_access("read")
                and wizard.partner_id
                and wizard.correspondence_type in CORRESPONDENCE_TYPES_SENT
                and (template.subject or not is_html_empty(template.body))
            ):
                rendered_subject, rendered_body = template._render_for_partner(
                    wizard.partner_id,
                    {
                        "user_id": wizard.user_id.id,
                        "date": wizard.date,
                        "lead_id": wizard.lead_id.id,
                        "campaign_id": wizard.campaign_id.id,
                    },
                )
                subject = rendered_subject or subject
                body = rendered_body if not is_html_empty(template.body) else body
            wizard.subject = subject
            wizard.body = body

    def _send_entry_correspondence(self, entry):
        """Send the logged entry's email or print its letter when asked.

        :return: the action to show instead of the plain notification, or
            None
        """
        self.ensure_one()
        if not self.send_correspondence:
            return None
        if entry.correspondence_type == "email":
            counts = entry._send_correspondence()
            if counts["no_email"]:
                return entry._correspondence_notification(counts, CLOSE_WINDOW)
            return success_notification(
                self.env._(
                    "Interaction logged, email queued to %(email)s: %(name)s",
                    email=entry.partner_id.email,
                    name=entry.display_name,
                ),
                CLOSE_WINDOW,
            )
        if entry.correspondence_type == "hard_copy":
            entry._attach_letters()
            action = entry.action_print_letters()
            action["close_on_report_download"] = True
            # what an XML-RPC client can receive too: the entry is committed
            # before the answer is marshalled, a Fault would make it retry
            return _without_none(action)
        return None
