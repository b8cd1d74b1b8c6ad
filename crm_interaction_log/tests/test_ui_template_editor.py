from lxml import etree

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTemplateEditorUi(HttpCase):
    """The template's subject and body are edited as Odoo's email templates
    are: the dynamic placeholder picker on the fields of the interaction
    log entry, and placeholders visible in the body editor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = cls.env["crm.interaction.group"].create(
            {"code": "TOUR_ED", "name": "Tour editor group"}
        )
        cls.template = cls.env["crm.interaction.template"].create(
            {
                "code": "TOUR_EDIT",
                "name": "Tour editor email",
                "group_id": group.id,
                "correspondence_type": "email",
                "subject": "Offer",
                "body": '<p>Dear <t t-out="object.partner_id.name"/>,</p><p>Offer</p>',
            }
        )

    def test_form_uses_the_email_template_editor(self):
        arch = etree.fromstring(
            self.env["crm.interaction.template"].get_view(view_type="form")["arch"]
        )
        (body,) = arch.xpath("//field[@name='body']")
        self.assertEqual(body.get("widget"), "html_mail")
        for node in (body, *arch.xpath("//field[@name='subject']")):
            options = node.get("options")
            self.assertIn("'dynamic_placeholder': true", options)
            self.assertIn(
                "'dynamic_placeholder_model_reference_field': 'render_model'", options
            )
        self.assertTrue(arch.xpath("//field[@name='render_model']"))
        self.assertEqual(self.template.render_model, "crm.interaction.log.entry")

    def test_placeholder_picker_tour(self):
        self.start_tour(
            f"/odoo/crm.interaction.template/{self.template.id}",
            "crm_interaction_template_editor_tour",
            login="admin",
        )
        self.assertIn("{{object.description}}", self.template.subject)
        self.assertIn('t-out="object.description"', self.template.body)
        self.assertIn('t-out="object.partner_id.name"', self.template.body)
        # and it renders on an entry
        partner = self.env["res.partner"].create({"name": "Tour Editor Contact"})
        entry = self.env["crm.interaction.log.entry"].create(
            {
                "template_id": self.template.id,
                "partner_id": partner.id,
                "description": "Spring offer",
            }
        )
        body = self.template._render_field("body", entry.ids)[entry.id]
        self.assertIn("Tour Editor Contact", body)
        self.assertIn("Spring offer", body)
