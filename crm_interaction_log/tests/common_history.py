from .common import TestInteractionCommon

LOGGER = "odoo.addons.crm_interaction_log.models.crm_interaction_auto_rule"


class DocumentHistoryCommon(TestInteractionCommon):
    """Fixtures of the entries logged from documents: email templates for
    both directions and an opportunity of Anna's in the spring campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["crm.interaction.log.entry"]
        cls.Rule = cls.env["crm.interaction.auto.rule"]
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        cls.template_email_out = cls.env["crm.interaction.template"].create(
            {
                "code": "T_EMAIL_OUT",
                "name": "Test email sent",
                "group_id": cls.group_letter.id,
                "correspondence_type": "email",
            }
        )
        cls.template_email_in = cls.env["crm.interaction.template"].create(
            {
                "code": "T_EMAIL_IN",
                "name": "Test email received",
                "group_id": cls.group_letter.id,
                # the event makes it inbound whatever the template says
                "information_flow": "outbound",
                "initiated_by": "us",
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Showroom chairs",
                "type": "opportunity",
                "partner_id": cls.partner_anna.id,
                "user_id": cls.user_salesman.id,
                "campaign_id": cls.campaign.id,
            }
        )
