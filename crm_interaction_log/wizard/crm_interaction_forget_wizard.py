from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.notifications import CLOSE_WINDOW, counted, success_notification


class CrmInteractionForgetWizard(models.TransientModel):
    """Forget Contact: the confirmation of the erasure of a person's
    interactions (GDPR art. 17), saying what happens and to how many
    entries."""

    _name = "crm.interaction.forget.wizard"
    _description = "Forget Contact (Erase Interaction Personal Data)"

    partner_ids = fields.Many2many("res.partner", string="Contacts", required=True)
    entry_count = fields.Integer(
        string="Interactions to Anonymize", compute="_compute_counts"
    )
    postponed_count = fields.Integer(
        string="Postponed Interactions to Delete", compute="_compute_counts"
    )
    other_company_count = fields.Integer(
        string="Interactions in Other Companies",
        compute="_compute_counts",
        help="Interactions of these contacts in companies you do not work in: "
        "they are not erased, and the contact cannot be deleted until an "
        "administrator of those companies erases them.",
    )

    @api.depends("partner_ids")
    def _compute_counts(self):
        Entry = self.env["crm.interaction.log.entry"]
        for wizard in self:
            partners = wizard.partner_ids._origin
            entries = partners._get_interaction_forget_entries().filtered(
                lambda e: not e.is_anonymized
            )
            postponed = entries.filtered(lambda e: e.state == "postponed")
            wizard.entry_count = len(entries) - len(postponed)
            wizard.postponed_count = len(postponed)
            wizard.other_company_count = Entry.sudo().search_count(
                [
                    ("partner_id", "in", partners.ids),
                    ("is_anonymized", "=", False),
                ]
            ) - len(entries)

    def action_forget(self):
        self.ensure_one()
        self.env["crm.interaction.log.entry"]._check_can_erase()
        if not self.partner_ids:
            raise UserError(self.env._("Choose the contacts to forget."))
        count = self.partner_ids._interaction_forget()
        contacts = ", ".join(self.partner_ids.mapped("display_name"))
        return success_notification(
            counted(
                count,
                self.env._(
                    "1 interaction of %(contacts)s anonymized: the contact can now "
                    "be deleted.",
                    contacts=contacts,
                ),
                self.env._(
                    "%(count)s interactions of %(contacts)s anonymized: the contact "
                    "can now be deleted.",
                    count=count,
                    contacts=contacts,
                ),
            ),
            CLOSE_WINDOW,
        )
