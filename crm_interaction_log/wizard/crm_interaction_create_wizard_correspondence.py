from odoo import api, fields, models
from odoo.exceptions import UserError
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

    recipient = fields.Text(
        compute="_compute_recipient",
        help="Where the email or the letter goes: the contact's email address, "
        "or its postal address.",
    )
    recipient_warning = fields.Char(compute="_compute_recipient")
    template_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Template Attachments",
        compute="_compute_template_attachment_ids",
        help="The template's attachments, sent with the email.",
    )

    @api.depends("partner_id", "correspondence_type")
    def _compute_recipient(self):
        for wizard in self:
            partner = wizard.partner_id
            recipient = warning = False
            if partner and wizard.correspondence_type == "email":
                problem = partner._get_interaction_email_problem()
                if problem == "no_email":
                    warning = self.env._(
                        "%(contact)s has no email address: the interaction is "
                        "logged as No Email and nothing is sent.",
                        contact=partner.name,
                    )
                elif problem == "blacklisted":
                    warning = self.env._(
                        "%(contact)s asked to receive no more email (blacklisted): "
                        "the interaction is logged as No Email and nothing is sent.",
                        contact=partner.name,
                    )
                else:
                    recipient = partner.email_formatted
            elif partner and wizard.correspondence_type == "hard_copy":
                # the address block of the letter
                recipient = "\n".join(partner._get_interaction_address_lines())
                if not (partner.street or partner.city or partner.zip):
                    warning = self.env._(
                        "%(contact)s has no postal address: the letter is printed "
                        "without one.",
                        contact=partner.name,
                    )
            wizard.recipient = recipient
            wizard.recipient_warning = warning

    @api.depends("template_id", "correspondence_type")
    def _compute_template_attachment_ids(self):
        for wizard in self:
            template = wizard.template_id
            wizard.template_attachment_ids = (
                template.attachment_ids
                if wizard.correspondence_type == "email"
                and wizard._template_usable(template)
                else False
            )

    def _template_usable(self, template):
        """Whether ``template`` is one the user may use here: of the wizard's
        company (or shared) and readable (an onchange gets any id)."""
        self.ensure_one()
        return bool(
            template
            and template.company_id in (self.company_id, self.company_id.browse())
            and template.has_access("read")
        )

    @api.depends("template_id", "correspondence_type")
    def _compute_send_correspondence(self):
        # sent by default when the template gives something to send; one
        # without content logs only, unless the user writes it and ticks Send
        for wizard in self:
            template = wizard.template_id
            wizard.send_correspondence = (
                wizard.correspondence_type in CORRESPONDENCE_TYPES_SENT
                and wizard._template_usable(template)
                and template._has_correspondence_content()
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
                wizard._template_usable(template)
                and wizard.partner_id
                and wizard.correspondence_type in CORRESPONDENCE_TYPES_SENT
                and (template.subject or template._has_correspondence_content())
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
                body = rendered_body if template._has_correspondence_content() else body
            wizard.subject = subject
            wizard.body = body

    def action_log(self):
        # an email or a letter without content is not sent to a customer
        if (
            self.send_correspondence
            and self.correspondence_type in CORRESPONDENCE_TYPES_SENT
            and is_html_empty(self.body)
        ):
            raise UserError(
                self.env._(
                    "The email or letter has no content: write it, or untick "
                    "Send to log the interaction only."
                )
            )
        return super().action_log()

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
            # printed once: the download reloads the letter the report kept
            # for the entry (Reload from Attachment)
            entry._attach_letters()
            action = entry.action_print_letters()
            action["close_on_report_download"] = True
            # what an XML-RPC client can receive too: the entry is committed
            # before the answer is marshalled, a Fault would make it retry
            return _without_none(action)
        return None
