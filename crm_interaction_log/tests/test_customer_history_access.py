from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import TestInteractionCommon


@tagged("post_install", "-at_install")
class TestOwnCustomerHistory(TestInteractionCommon):
    """An own-documents salesperson reads the whole history of the customers
    and opportunities they own (entries others logged too), changes only
    their own entries, and counts, pages and chatter agree on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Anna's salesperson is Sally (user_salesman); the company has none
        cls.partner_company.user_id = cls.user_salesman
        cls.other_salesman = new_test_user(
            cls.env,
            login="cil_other_salesman",
            name="Otto Other",
            groups="sales_team.group_sale_salesman",
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Owned deal",
                "partner_id": cls.partner_ben.id,
                "user_id": cls.user_salesman.id,
            }
        )
        # the admin logs interactions on Sally's customer, as salesperson
        # himself, with the Create Interaction wizard (which posts a note)
        wizard = Form(
            cls.env["crm.interaction.create.wizard"].with_context(
                default_partner_id=cls.partner_anna.id
            )
        )
        wizard.template_id = cls.template_call_out
        wizard.user_id = cls.env.user
        wizard.description = "Admin called Anna"
        wizard.save().action_log()
        cls.admin_entry = cls.env["crm.interaction.log.entry"].search(
            [("description", "=", "Admin called Anna")]
        )
        cls.lead_entry = cls._create_entry(
            partner=cls.partner_ben,
            lead_id=cls.lead.id,
            user_id=cls.other_salesman.id,
            description="Otto on the deal",
        )
        cls.admin_draft = cls._create_entry(
            state="postponed", user_id=cls.env.user.id, description="Admin draft"
        )

    def test_owner_reads_customer_history(self):
        partner = self.partner_anna.with_user(self.user_salesman)
        self.assertEqual(self.admin_entry.user_id, self.env.user)
        # the smart button, the Interactions page and the list it opens agree
        self.assertEqual(partner.interaction_count, 1)
        self.assertEqual(partner.interaction_history_ids, self.admin_entry)
        action = partner.action_open_interactions()
        entries = self.env["crm.interaction.log.entry"].with_user(self.user_salesman)
        self.assertEqual(entries.search(action["domain"]), self.admin_entry)
        # the entry and its status history open
        self.admin_entry.action_cancel()
        self.admin_entry.action_restore()
        entry = self.admin_entry.with_user(self.user_salesman)
        self.assertEqual(entry.description, "Admin called Anna")
        history = entry.state_history_ids
        self.assertEqual(len(history), 2)
        self.assertEqual(
            history.read(["new_state"])[0]["new_state"] in ("logged", "canceled"), True
        )
        # the company aggregates its people: Anna's entry and the deal's
        company = self.partner_company.with_user(self.user_salesman)
        self.assertEqual(company.interaction_count, 2)
        self.assertEqual(
            company.interaction_history_ids, self.admin_entry | self.lead_entry
        )

    def test_owner_reads_opportunity_history(self):
        # Ben has no salesperson of his own: the company's is Sally; but the
        # deal's entry is readable through the opportunity too
        self.partner_company.user_id = False
        lead = self.lead.with_user(self.user_salesman)
        self.assertEqual(lead.interaction_count, 1)
        self.assertEqual(lead.interaction_log_entry_ids, self.lead_entry)

    def test_others_comments_stay_theirs(self):
        entry = self.admin_entry.with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            entry.write({"note": "<p>mine now</p>"})
        with self.assertRaises(AccessError):
            entry.action_cancel()
        # drafts stay their author's
        with self.assertRaises(AccessError):
            self.admin_draft.with_user(self.user_salesman).read(["description"])

    def test_other_salesperson_sees_nothing_and_no_link(self):
        partner = self.partner_anna.with_user(self.other_salesman)
        self.assertEqual(partner.interaction_count, 0)
        self.assertFalse(partner.interaction_history_ids)
        with self.assertRaises(AccessError):
            self.admin_entry.with_user(self.other_salesman).read(["description"])
        # the chatter note names the interaction without a link to it
        note = partner.message_ids.filtered(lambda m: "Interaction logged" in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn("Admin called Anna", note.body)
        self.assertNotIn("crm.interaction.log.entry", note.body)
        self.assertNotIn("<a", note.body)

    def test_statistics_search_follows_the_rule(self):
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        self.assertIn(
            self.partner_anna, Partner.search([("interaction_count", ">", 0)])
        )
        Partner = self.env["res.partner"].with_user(self.other_salesman)
        self.assertNotIn(
            self.partner_anna, Partner.search([("interaction_count", ">", 0)])
        )
