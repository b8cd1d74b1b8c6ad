from datetime import date, datetime

from odoo.tests import Form, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestSegmentHistory(TestInteractionCommon):
    """Add Contacts from the interaction history, and remove contacts
    matching such criteria from a segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.partner_carl = Partner.create({"name": "Carl Nieminen"})
        cls.partner_dora = Partner.create({"name": "Dora Never Reached"})
        cls.ours = (
            cls.partner_company
            | cls.partner_anna
            | cls.partner_ben
            | cls.partner_carl
            | cls.partner_dora
        )
        E = cls._create_entry
        # Anna: a letter of the campaign (March), evaluated positive
        E(
            template=cls.template_letter,
            partner=cls.partner_anna,
            date=datetime(2026, 3, 2, 10),
            evaluation="positive",
            user_id=cls.user_salesman.id,
        )
        # Carl: a call in May, negative
        E(
            partner=cls.partner_carl,
            date=datetime(2026, 5, 10, 10),
            evaluation="negative",
            user_id=cls.user_salesman_2.id,
        )
        # Ben: a canceled letter (not history)
        E(template=cls.template_letter, partner=cls.partner_ben).action_cancel()
        cls.segment = cls.env["crm.interaction.segment"].create(
            {"description": "Autumn mailing", "template_id": cls.template_letter.id}
        )

    def _wizard(self, user=None, **values):
        action = self.segment.action_open_add_contacts()
        Wizard = self.env["crm.interaction.segment.add.contacts"]
        if user:
            Wizard = Wizard.with_user(user)
        form = Form(Wizard.with_context(**action.get("context", {})))
        form.source = "history"
        for fname, value in values.items():
            setattr(form, fname, value)
        return form.save()

    def _partners(self, **values):
        return self._wizard(**values)._get_history_partners() & self.ours

    def test_with_interactions_of_templates_groups_campaigns(self):
        self.assertEqual(self._partners(), self.partner_anna | self.partner_carl)
        self.assertEqual(
            self._partners(history_template_ids=self.template_letter),
            self.partner_anna,
        )
        self.assertEqual(
            self._partners(history_group_ids=self.group_call), self.partner_carl
        )
        self.assertEqual(
            self._partners(history_campaign_ids=self.campaign), self.partner_anna
        )
        self.assertEqual(
            self._partners(history_evaluation="negative"), self.partner_carl
        )
        self.assertEqual(
            self._partners(
                history_date_from=date(2026, 3, 1), history_date_to=date(2026, 3, 2)
            ),
            self.partner_anna,
        )
        self.assertEqual(
            self._partners(history_date_from=date(2026, 3, 3)), self.partner_carl
        )

    def test_without_interactions_and_company_expansion(self):
        self.assertEqual(
            self._partners(history_mode="without"),
            self.partner_company | self.partner_ben | self.partner_dora,
        )
        # Anna's company and all its people
        self.assertEqual(
            self._partners(
                history_template_ids=self.template_letter, history_expand_company=True
            ),
            self.partner_company | self.partner_anna | self.partner_ben,
        )
        self.assertEqual(
            self._partners(
                history_mode="without",
                history_template_ids=self.template_letter,
                history_expand_company=True,
            ),
            self.partner_carl | self.partner_dora,
        )

    def test_add_then_remove(self):
        wizard = self._wizard(history_mode="without")
        self.assertEqual(wizard.partner_count, len(wizard._get_history_partners()))
        wizard.action_add()
        self.assertEqual(
            self.segment.line_ids.partner_id & self.ours,
            self.partner_company | self.partner_ben | self.partner_dora,
        )
        # remove the people of companies reached by a letter
        self._wizard(
            history_template_ids=self.template_letter, history_expand_company=True
        ).action_remove()
        self.assertEqual(
            self.segment.line_ids.partner_id & self.ours, self.partner_dora
        )

    def test_history_follows_record_rules(self):
        # Sally sees only her own entries: Anna's letter, not Sam's call to Carl
        wizard = self._wizard(user=self.user_salesman)
        self.assertEqual(wizard._get_history_partners() & self.ours, self.partner_anna)
