import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TestInteractionCommon

# check_company's refusal: 18.0 and 19.0 word it differently
COMPANY_ERROR = "Incompatible companies|company inconsistencies"


@tagged("post_install", "-at_install")
class TestSecurityLinks(TestInteractionCommon):
    """What a user links to entries, wizards, templates and opportunities:
    only attachments and entries they may read, of the right company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            login="cil_links_manager_a",
            groups="sales_team.group_sale_manager",
        )
        partner_b = cls.env["res.partner"].create(
            {"name": "Supplier of B", "company_id": cls.company_b.id}
        )
        cls.secret = cls._attachment("b-secret.pdf", partner_b)
        # a file of a record the salesperson may read: fine to link
        cls.readable = cls._attachment("a-brochure.pdf", cls.partner_anna)
        cls.entry_sam = cls._create_entry(
            partner=cls.partner_ben, user_id=cls.user_salesman_2.id, state="postponed"
        )
        group_b = cls.env["crm.interaction.group"].create(
            {"code": "T_B", "name": "Company B", "company_id": cls.company_b.id}
        )
        cls.template_b = cls.env["crm.interaction.template"].create(
            {
                "code": "T_B_MAIL",
                "name": "Company B email",
                "group_id": group_b.id,
                "company_id": cls.company_b.id,
                "correspondence_type": "email",
                "subject": "B secret subject",
                "body": "<p>B secret body</p>",
            }
        )

    @classmethod
    def _attachment(cls, name, record):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(name.encode()),
                "res_model": record._name,
                "res_id": record.id,
            }
        )

    def test_entry_links_readable_attachments_only(self):
        Entry = self.env["crm.interaction.log.entry"].with_user(self.user_salesman_2)
        # postponed: a logged entry's attachments are read-only anyway
        values = {
            "template_id": self.template_call_out.id,
            "partner_id": self.partner_ben.id,
            "state": "postponed",
        }
        with self.assertRaises(AccessError):
            Entry.create({**values, "attachment_ids": [Command.link(self.secret.id)]})
        entry = Entry.create(
            {**values, "attachment_ids": [Command.link(self.readable.id)]}
        )
        self.assertEqual(entry.attachment_ids, self.readable)
        with self.assertRaises(AccessError):
            entry.write({"attachment_ids": [Command.set(self.secret.ids)]})
        with self.assertRaises(AccessError):
            entry.write({"attachment_ids": [self.secret.id]})
        self.assertEqual(entry.attachment_ids, self.readable)
        # a file the user uploads (not linked to any record yet) is theirs
        upload = (
            self.env["ir.attachment"]
            .with_user(self.user_salesman_2)
            .create({"name": "notes.txt", "datas": base64.b64encode(b"notes")})
        )
        entry.write({"attachment_ids": [Command.link(upload.id)]})
        self.assertIn(upload, entry.attachment_ids)

    def test_wizard_links_readable_attachments_only(self):
        Wizard = self.env["crm.interaction.create.wizard"].with_user(
            self.user_salesman_2
        )
        values = {
            "template_id": self.template_call_out.id,
            "partner_id": self.partner_ben.id,
        }
        with self.assertRaises(AccessError):
            Wizard.create({**values, "attachment_ids": [Command.set(self.secret.ids)]})
        wizard = Wizard.create(values)
        with self.assertRaises(AccessError):
            wizard.write({"attachment_ids": [Command.link(self.secret.id)]})
        wizard.write({"attachment_ids": [Command.link(self.readable.id)]})
        wizard.action_log()
        entry = self.env["crm.interaction.log.entry"].search(
            [("partner_id", "=", self.partner_ben.id), ("state", "=", "logged")]
        )
        self.assertEqual(entry.attachment_ids, self.readable)

    def test_template_links_readable_attachments_only(self):
        Template = self.env["crm.interaction.template"].with_user(self.manager_a)
        values = {
            "code": "T_ATT",
            "name": "With attachment",
            "group_id": self.group_call.id,
        }
        with self.assertRaises(AccessError):
            Template.create(
                {**values, "attachment_ids": [Command.set(self.secret.ids)]}
            )
        template = Template.create(values)
        with self.assertRaises(AccessError):
            template.write({"attachment_ids": [Command.link(self.secret.id)]})
        self.assertFalse(template.attachment_ids)

    def test_wizard_resumes_only_entries_the_user_may_change(self):
        Wizard = self.env["crm.interaction.create.wizard"].with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            Wizard.create({"entry_id": self.entry_sam.id})
        own = self._create_entry(
            partner=self.partner_anna, user_id=self.user_salesman.id, state="postponed"
        )
        wizard = Wizard.create({"entry_id": own.id, "company_id": own.company_id.id})
        with self.assertRaises(AccessError):
            wizard.write({"entry_id": self.entry_sam.id})
        self.assertEqual(wizard.entry_id, own)
        # an entry of another company than the wizard's
        entry_b = self._create_entry(
            template=self.template_b,
            partner=self.partner_anna,
            user_id=self.user_salesman.id,
            state="postponed",
        )
        with self.assertRaisesRegex(UserError, COMPANY_ERROR):
            Wizard.create({"entry_id": entry_b.id, "company_id": self.company.id})

    def test_opportunity_links_readable_entries_only(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            Lead.create({"name": "Not mine", "interaction_entry_id": self.entry_sam.id})
        lead = Lead.create({"name": "Mine"})
        with self.assertRaises(AccessError):
            lead.write({"interaction_entry_id": self.entry_sam.id})
        self.assertFalse(lead.interaction_entry_id)
        # Create Opportunity still links the entry it comes from
        entry = self._create_entry(user_id=self.user_salesman.id)
        entry.with_user(self.user_salesman).action_create_opportunity()
        self.assertEqual(entry.lead_id.interaction_entry_id, entry)

    def test_opportunity_entry_of_its_company(self):
        entry_b = self._create_entry(
            template=self.template_b, user_id=self.user_salesman.id
        )
        with self.assertRaisesRegex(UserError, COMPANY_ERROR):
            self.env["crm.lead"].with_user(self.user_salesman).create(
                {
                    "name": "Company A",
                    "company_id": self.company.id,
                    "interaction_entry_id": entry_b.id,
                }
            )

    def test_wizard_does_not_render_another_company_template(self):
        Wizard = self.env["crm.interaction.create.wizard"].with_user(
            self.user_salesman_2
        )
        # what a client may send in an onchange: any template id
        result = Wizard.onchange(
            {
                "company_id": self.company.id,
                "partner_id": self.partner_anna.id,
                "template_id": self.template_b.id,
            },
            ["template_id"],
            {
                "company_id": {},
                "partner_id": {},
                "template_id": {},
                "correspondence_type": {},
                "subject": {},
                "body": {},
            },
        )
        rendered = result.get("value", {})
        self.assertNotIn("B secret", str(rendered.get("subject") or ""))
        self.assertNotIn("B secret", str(rendered.get("body") or ""))
        # a shared template (no company) renders for everyone
        self.template_b.group_id.company_id = False
        self.template_b.write({"company_id": False, "subject": "Shared subject"})
        result = Wizard.onchange(
            {
                "company_id": self.company.id,
                "partner_id": self.partner_anna.id,
                "template_id": self.template_b.id,
            },
            ["template_id"],
            {"company_id": {}, "partner_id": {}, "template_id": {}, "subject": {}},
        )
        self.assertEqual(result["value"]["subject"], "Shared subject")
