from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    interaction_anonymous_partner_id = fields.Many2one(
        "res.partner",
        string="Anonymous Interaction Contact",
        ondelete="restrict",
        readonly=True,
        help="The archived contact that holds the anonymized interactions of "
        "this company (erased on request or after the retention period).",
    )

    def _get_interaction_anonymous_partner(self):
        """The company's anonymous contact, created on first use: archived,
        of this company, and privacy blocked (nothing new is logged for it)."""
        self.ensure_one()
        company = self.sudo()
        partner = company.interaction_anonymous_partner_id
        if not partner:
            partner = (
                self.env["res.partner"]
                .sudo()
                .with_context(tracking_disable=True, mail_create_nolog=True)
                .create(
                    {
                        "name": self.env._(
                            "Anonymized contact (%(company)s)", company=company.name
                        ),
                        "company_id": company.id,
                        "active": False,
                        "interaction_privacy_blocked": True,
                    }
                )
            )
            company.interaction_anonymous_partner_id = partner
        return partner
