from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

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

    def test_letter_file_name_in_finnish(self):
        entry = self._create_entry()
        report = self.env_fi.ref("crm_interaction_log.action_report_interaction_letter")
        self.assertEqual(
            report.print_report_name,
            "'Kirje - %s' % (object.partner_id.name or '')",
        )
        # the name Odoo's report download gives the PDF
        self.assertEqual(
            safe_eval(report.print_report_name, {"object": entry}),
            f"Kirje - {entry.partner_id.name}",
        )

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

    def test_counts_in_finnish(self):
        load_finnish(self.env)
        entries = (self._create_entry() | self._create_entry()).with_context(
            lang="fi_FI"
        )
        self.assertEqual(
            entries.action_cancel()["params"]["message"],
            "2 vuorovaikutusta peruutettu.",
        )
        Entry = self.env["crm.interaction.log.entry"].with_context(lang="fi_FI")
        self.assertEqual(
            Entry._correspondence_notification({"queued": 1, "no_email": 0})["params"][
                "message"
            ],
            "1 sähköposti jonossa.",
        )

    def test_singular_counts_and_chatter_lines_in_finnish(self):
        segment = self.env_fi["crm.interaction.segment"].create(
            {
                "description": "Yksi puhelu",
                "template_id": self.template_call_out.id,
                "line_ids": [Command.create({"partner_id": self.partner_ben.id})],
            }
        )
        segment.action_log()
        logged = segment.logged_segment_id
        logged.action_cancel()
        self.assertIn(
            "Kirjattu segmentti peruutettu: 1 vuorovaikutus peruutettu.",
            logged.message_ids[:1].body,
        )
        self.assertIn(
            f"Peruutettu yhdessä kirjatun segmentin {logged.name} kanssa.",
            logged.entry_ids.message_ids[:1].body,
        )
        wizard = self.env_fi["crm.interaction.segment.add.contacts"].create(
            {
                "segment_id": self._create_segment(self.user_manager).id,
                "partner_domain": f"[('id', '=', {self.partner_company.id})]",
            }
        )
        self.assertTrue(
            wizard.action_add()["params"]["message"].startswith(
                "1 kontakti lisättiin segmenttiin "
            )
        )
        entries = self._create_entry() | self._create_entry()
        entries.with_env(self.env_fi).action_cancel()
        for entry in entries:
            self.assertIn("Vuorovaikutus peruutettu.", entry.message_ids[:1].body)


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
