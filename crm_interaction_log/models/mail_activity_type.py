from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    interaction_template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        ondelete="set null",
        help="Marking an activity of this type done logs an interaction with "
        "this template for the document's contact, with the feedback as "
        "comments.",
    )
