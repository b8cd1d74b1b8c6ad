from odoo.tests import TransactionCase, new_test_user, tagged

ROLES = ("salesman", "all_docs", "manager")
# model -> role -> operations the role's access rights allow
# (r)ead, (w)rite, (c)reate, (u)nlink; what each may do on which records is
# then up to the record rules and the models' own guards
MATRIX = {
    "crm.interaction.group": {"salesman": "r", "all_docs": "r", "manager": "rwcu"},
    "crm.interaction.template": {
        "salesman": "r",
        "all_docs": "r",
        "manager": "rwcu",
    },
    "crm.interaction.log.entry": {
        "salesman": "rwcu",
        "all_docs": "rwcu",
        "manager": "rwcu",
    },
    "crm.interaction.log.entry.history": {
        "salesman": "r",
        "all_docs": "r",
        "manager": "r",
    },
    "crm.interaction.segment": {
        "salesman": "rwcu",
        "all_docs": "rwcu",
        "manager": "rwcu",
    },
    "crm.interaction.segment.line": {
        "salesman": "rwcu",
        "all_docs": "rwcu",
        "manager": "rwcu",
    },
    "crm.interaction.logged.segment": {
        "salesman": "rwcu",
        "all_docs": "rwcu",
        "manager": "rwcu",
    },
    "crm.interaction.auto.rule": {
        "salesman": "r",
        "all_docs": "r",
        "manager": "rwcu",
    },
    "crm.interaction.create.wizard": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.segment.add.contacts": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.segment.log.wizard": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.state.wizard": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.template.preview": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.outcome": {
        "salesman": "r",
        "all_docs": "r",
        "manager": "rwcu",
    },
    "crm.interaction.evaluate.wizard": {
        "salesman": "rwc",
        "all_docs": "rwc",
        "manager": "rwc",
    },
    "crm.interaction.unlogged.email": {
        "salesman": "ru",
        "all_docs": "ru",
        "manager": "ru",
    },
    "crm.interaction.delete.canceled": {
        "salesman": "",
        "all_docs": "",
        "manager": "rwc",
    },
    "crm.interaction.forget.wizard": {
        "salesman": "",
        "all_docs": "",
        "manager": "rwc",
    },
    "crm.interaction.bc.import": {"salesman": "", "all_docs": "", "manager": "rwc"},
    "crm.interaction.bc.import.issue": {
        "salesman": "",
        "all_docs": "",
        "manager": "rwcu",
    },
}
# models whose records belong to a salesperson: own-documents users see
# their own only
OWNED = {
    "crm.interaction.log.entry",
    "crm.interaction.log.entry.history",
    "crm.interaction.segment",
    "crm.interaction.segment.line",
    "crm.interaction.logged.segment",
    "crm.interaction.unlogged.email",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """Roles x models x operations. A model added to the addon without access
    rights, multi-company rule or ownership rule makes this test fail until
    it is added here on purpose."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "salesman": new_test_user(
                cls.env, login="matrix_own", groups="sales_team.group_sale_salesman"
            ),
            "all_docs": new_test_user(
                cls.env,
                login="matrix_all",
                groups="sales_team.group_sale_salesman_all_leads",
            ),
            "manager": new_test_user(
                cls.env, login="matrix_manager", groups="sales_team.group_sale_manager"
            ),
        }
        cls.portal = new_test_user(
            cls.env, login="matrix_portal", groups="base.group_portal"
        )

    def _addon_models(self):
        """Concrete models this addon defines (not extensions of others)."""
        xmlids = self.env["ir.model.data"].search(
            [("module", "=", "crm_interaction_log"), ("model", "=", "ir.model")]
        )
        names = self.env["ir.model"].browse(xmlids.mapped("res_id")).mapped("model")
        return {
            name
            for name in names
            if name in self.env
            and not self.env[name]._abstract
            and self.env[name]._original_module == "crm_interaction_log"
        }

    def test_every_model_is_in_the_matrix(self):
        models = self._addon_models()
        self.assertEqual(
            models - set(MATRIX),
            set(),
            "New models need access rights and a row in this matrix",
        )
        self.assertEqual(set(MATRIX) - models, set(), "Matrix lists a removed model")

    def test_access_rights(self):
        for model, rights in MATRIX.items():
            for role in ROLES:
                Model = self.env[model].with_user(self.users[role])
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            Model.has_access(operation),
                            letter in rights[role],
                        )
                # portal users and the public reach nothing
                with self.subTest(model=model, role="portal"):
                    self.assertFalse(
                        self.env[model].with_user(self.portal).has_access("read")
                    )

    def test_record_rules(self):
        Rule = self.env["ir.rule"].sudo()
        for model in MATRIX:
            rules = Rule.search([("model_id.model", "=", model)])
            if (
                "company_id" in self.env[model]._fields
                and not self.env[model]._transient
            ):
                with self.subTest(model=model, rule="multi-company"):
                    global_rules = rules.filtered("global")
                    self.assertTrue(
                        any("company_ids" in r.domain_force for r in global_rules),
                        f"{model} has no multi-company rule",
                    )
            if model in OWNED:
                own_group = self.env.ref("sales_team.group_sale_salesman")
                all_group = self.env.ref("sales_team.group_sale_salesman_all_leads")
                with self.subTest(model=model, rule="ownership"):
                    self.assertTrue(
                        rules.filtered(
                            lambda r, g=own_group: g in r.groups
                            and "user.id" in r.domain_force
                        ),
                        f"{model} has no own-documents rule",
                    )
                    self.assertTrue(
                        rules.filtered(
                            lambda r, g=all_group: g in r.groups
                            and r.domain_force.replace(" ", "") == "[(1,'=',1)]"
                        ),
                        f"{model} has no all-documents rule",
                    )
