from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TestInteractionCommon, load_finnish


@tagged("post_install", "-at_install")
class TestFinnish(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env_fi = load_finnish(cls.env)

    def test_menus_in_finnish(self):
        def menu(xmlid):
            return self.env_fi.ref(f"crm_interaction_log.{xmlid}").name

        self.assertEqual(
            menu("crm_interaction_log_entry_menu"), "Vuorovaikutuslokin tapahtumat"
        )
        self.assertEqual(
            menu("crm_interaction_log_entry_menu_postponed"), "Lykätyt vuorovaikutukset"
        )
        self.assertEqual(menu("crm_interaction_template_menu"), "Vuorovaikutusmallit")
        self.assertEqual(
            menu("crm_interaction_logged_segment_menu"), "Lokiin kirjatut segmentit"
        )

    def test_wizard_labels_and_messages_in_finnish(self):
        Wizard = self.env_fi["crm.interaction.create.wizard"]
        labels = Wizard.fields_get(["template_id", "partner_id", "user_id"])
        self.assertEqual(labels["template_id"]["string"], "Vuorovaikutusmalli")
        self.assertEqual(labels["partner_id"]["string"], "Kontakti")
        self.assertEqual(labels["user_id"]["string"], "Myyjä")
        arch = Wizard.get_view(
            self.env.ref(
                "crm_interaction_log.crm_interaction_create_wizard_view_form"
            ).id
        )["arch"]
        self.assertIn("Lykkää", arch)
        self.assertIn("Mikä on vuorovaikutuksen tyyppi?", arch)
        wizard = Wizard.create({"partner_id": self.partner_ben.id})
        with self.assertRaisesRegex(UserError, "täytä: Vuorovaikutusmalli"):
            wizard.action_log()

    def test_default_templates_in_finnish(self):
        template = self.env_fi.ref("crm_interaction_log.interaction_template_call_out")
        self.assertEqual(template.name, "Lähtevä puhelu")

    def test_finnish_reads_as_actions(self):
        """The main button is a verb, confirmations say what they do, and an
        attempt is not read as a company ("yritys")."""
        segment_arch = self.env_fi["crm.interaction.segment"].get_view(
            self.env.ref("crm_interaction_log.crm_interaction_segment_view_form").id
        )["arch"]
        self.assertIn('string="Kirjaa"', segment_arch)
        state_arch = self.env_fi["crm.interaction.state.wizard"].get_view(
            self.env.ref(
                "crm_interaction_log.crm_interaction_state_wizard_view_form"
            ).id
        )["arch"]
        self.assertIn("Peruuta vuorovaikutukset", state_arch)
        self.assertIn("Säilytä", state_arch)
        labels = self.env_fi["crm.interaction.log.entry"].fields_get(
            ["attempt_failed", "state"]
        )
        self.assertNotIn("yritys", labels["attempt_failed"]["string"].lower())
        self.assertEqual(dict(labels["state"]["selection"])["logged"], "Kirjattu")
