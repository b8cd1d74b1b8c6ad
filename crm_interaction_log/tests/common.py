from lxml import etree

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def load_finnish(env):
    """Activate Finnish with this addon's translations (the Finnish of the
    user's Business Central documents); return ``env`` in Finnish."""
    env["res.lang"]._activate_lang("fi_FI")
    env["ir.module.module"]._load_module_terms(
        ["crm_interaction_log"], ["fi_FI"], overwrite=True
    )
    return env(context=dict(env.context, lang="fi_FI"))


class TestInteractionCommon(TransactionCase):
    """Shared fixtures: two companies, users of each sales role, a company
    contact with two people, an interaction group and templates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Interaction Company B"})
        companies = (cls.company | cls.company_b).ids
        cls.user_salesman = new_test_user(
            cls.env,
            login="cil_salesman",
            name="Sally Salesman",
            groups="sales_team.group_sale_salesman",
            company_ids=[(6, 0, companies)],
        )
        cls.user_salesman_2 = new_test_user(
            cls.env,
            login="cil_salesman_2",
            name="Sam Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_all_docs = new_test_user(
            cls.env,
            login="cil_all_docs",
            name="Alice All Documents",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="cil_manager",
            name="Max Manager",
            groups="sales_team.group_sale_manager",
            company_ids=[(6, 0, companies)],
        )
        Partner = cls.env["res.partner"]
        cls.partner_company = Partner.create(
            {"name": "Nordic Furniture Oy", "is_company": True}
        )
        cls.partner_anna = Partner.create(
            {
                "name": "Anna Virtanen",
                "parent_id": cls.partner_company.id,
                "user_id": cls.user_salesman.id,
                "email": "anna@example.com",
            }
        )
        cls.partner_ben = Partner.create(
            {"name": "Ben Korhonen", "parent_id": cls.partner_company.id}
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring Campaign"})
        cls.group_call = cls.env["crm.interaction.group"].create(
            {"code": "T_CALL", "name": "Test calls"}
        )
        cls.group_letter = cls.env["crm.interaction.group"].create(
            {"code": "T_LETTER", "name": "Test letters"}
        )
        Template = cls.env["crm.interaction.template"]
        cls.template_call_out = Template.create(
            {
                "code": "T_CALL_OUT",
                "name": "Test outbound call",
                "group_id": cls.group_call.id,
                "information_flow": "outbound",
                "initiated_by": "us",
                "unit_cost": 2.5,
                "unit_duration": 10,
            }
        )
        cls.template_call_in = Template.create(
            {
                "code": "T_CALL_IN",
                "name": "Test inbound call",
                "group_id": cls.group_call.id,
                "information_flow": "inbound",
                "initiated_by": "them",
                "unit_cost": 0.0,
                "unit_duration": 4,
            }
        )
        cls.template_letter = Template.create(
            {
                "code": "T_LETTER",
                "name": "Test letter",
                "group_id": cls.group_letter.id,
                "information_flow": "outbound",
                "initiated_by": "us",
                "unit_cost": 1.2,
                "unit_duration": 15,
                "correspondence_type": "hard_copy",
                "campaign_id": cls.campaign.id,
                "campaign_target": True,
                "body": "<p>Dear customer, our letter.</p>",
            }
        )

    @classmethod
    def _create_entry(cls, template=None, partner=None, **values):
        vals = {
            "template_id": (template or cls.template_call_out).id,
            "partner_id": (partner or cls.partner_anna).id,
        }
        vals.update(values)
        return cls.env["crm.interaction.log.entry"].create(vals)

    @classmethod
    def _create_segment(cls, user, partners=None, **values):
        """A draft segment of ``user`` (created by them) sending the test
        letter, with a line per contact of ``partners`` (default: Anna and
        Ben)."""
        partners = partners or (cls.partner_anna | cls.partner_ben)
        vals = {
            "description": "Autumn mailing",
            "template_id": cls.template_letter.id,
            "user_id": user.id,
            "line_ids": [Command.create({"partner_id": p.id}) for p in partners],
        }
        vals.update(values)
        return cls.env["crm.interaction.segment"].with_user(user).create(vals)

    def _view_arch(self, xmlid=None, view_type="form", model=None):
        """The arch of the view ``xmlid`` (else of ``model``'s default view of
        ``view_type``) as the web client receives it, parsed."""
        view = self.env.ref(xmlid) if xmlid else None
        model = view.model if view else model
        arch = self.env[model].get_view(view.id if view else None, view_type)["arch"]
        return etree.fromstring(arch)
