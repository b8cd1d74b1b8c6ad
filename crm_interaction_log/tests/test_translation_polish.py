from odoo.tests import tagged

from .common import TestInteractionCommon, load_finnish


@tagged("post_install", "-at_install")
class TestFinnishScreens(TestInteractionCommon):
    """The Finnish of the Log dialog, the configuration menus, the template
    editor hint, the selection buttons and the delivery failure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env_fi = load_finnish(cls.env)

    def test_menus(self):
        def menu(xmlid):
            return self.env_fi.ref(f"crm_interaction_log.{xmlid}").name

        self.assertEqual(menu("crm_interaction_config_menu"), "Vuorovaikutukset")
        self.assertEqual(menu("crm_interaction_campaign_menu"), "Kampanjat")

    def test_labels_and_view_texts(self):
        Wizard = self.env_fi["crm.interaction.segment.log.wizard"]
        labels = Wizard.fields_get(["email_count", "letter_count"])
        self.assertEqual(labels["email_count"]["string"], "Lähetettävät sähköpostit")
        self.assertEqual(labels["letter_count"]["string"], "Tulostettavat kirjeet")
        Partner = self.env_fi["res.partner"]
        self.assertEqual(
            Partner.fields_get(["is_interaction_internal"])["is_interaction_internal"][
                "string"
            ],
            "Sisäinen kontakti",
        )
        template_arch = self.env_fi["crm.interaction.template"].get_view(
            view_type="form"
        )["arch"]
        self.assertIn("Dynaaminen paikanvaraaja", template_arch)
        list_arch = self.env_fi["crm.interaction.log.entry"].get_view(view_type="list")[
            "arch"
        ]
        self.assertIn("Peruuta vuorovaikutukset", list_arch)
        self.assertIn("Palauta vuorovaikutukset", list_arch)
        add_arch = self.env_fi["crm.interaction.segment.add.contacts"].get_view(
            view_type="form"
        )["arch"]
        self.assertIn("suodatin on valinnainen", add_arch)

    def test_messages(self):
        entry = self._create_entry().with_env(self.env_fi)
        entry._write_protected(
            {
                "delivery_status": "error",
                "delivery_failure_reason": "111 / Connection refused",
            }
        )
        self.assertIn("palvelimeen ei saatu yhteyttä", entry.delivery_failure_message)
        entry.action_create_opportunity()
        self.assertEqual(entry.lead_id.name, "Anna Virtanen: Test outbound call")
