"""Links to other records written over the external API (XML-RPC on 18.0,
JSON-2 on 19.0) by a salesperson with own documents rights: attachments and
entries of another company or another user are refused, as ``message_post``
refuses unreadable attachments. HttpCase: the calls go through the real RPC
dispatch."""

import base64
import json
import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger

from .test_ui_external_api import JSON2, RpcRefused

# the refusal to read a linked record: 18.0 and 19.0 word it differently
READ_REFUSED = "'read' access|Operation: read"
# JSON-2 takes arguments by name: those of the calls made here
ARGUMENT_NAMES = {"create": ["vals_list"], "write": ["vals"], "read": ["fields"]}


@tagged("post_install", "-at_install")
class TestApiLinks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = get_db_name()
        cls.company_b = cls.env["res.company"].create({"name": "Links Company B"})
        cls.own = new_test_user(
            cls.env,
            login="links_own",
            password="links_own_pw_2026",
            groups="sales_team.group_sale_salesman",
        )
        cls.other = new_test_user(
            cls.env,
            login="links_other_b",
            password="links_other_b_pw_2026",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        group = cls.env["crm.interaction.group"].create(
            {"code": "LNK", "name": "Links"}
        )
        Template = cls.env["crm.interaction.template"]
        cls.template_email = Template.create(
            {
                "code": "LNK_MAIL",
                "name": "Links email",
                "group_id": group.id,
                "correspondence_type": "email",
                "subject": "Hello",
                "body": "<p>Hello</p>",
            }
        )
        cls.template_letter = Template.create(
            {
                "code": "LNK_LETTER",
                "name": "Links letter",
                "group_id": group.id,
                "correspondence_type": "hard_copy",
                "body": "<p>Dear customer</p>",
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Links Customer", "email": "customer@example.com"}
        )
        cls.attacker_partner = cls.env["res.partner"].create(
            {"name": "Links Drop Box", "email": "dropbox@example.com"}
        )
        # a confidential file of company B, on one of its contacts
        partner_b = cls.env["res.partner"].create(
            {"name": "Company B supplier", "company_id": cls.company_b.id}
        )
        cls.secret = cls.env["ir.attachment"].create(
            {
                "name": "b-price-list.pdf",
                "datas": base64.b64encode(b"company B prices"),
                "res_model": "res.partner",
                "res_id": partner_b.id,
                "company_id": cls.company_b.id,
            }
        )
        group_b = cls.env["crm.interaction.group"].create(
            {"code": "LNK_B", "name": "Links B", "company_id": cls.company_b.id}
        )
        template_b = Template.create(
            {
                "code": "LNK_B_CALL",
                "name": "Links B call",
                "group_id": group_b.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.entry_b = (
            cls.env["crm.interaction.log.entry"]
            .with_company(cls.company_b)
            .create(
                {
                    "template_id": template_b.id,
                    "partner_id": cls.partner.id,
                    "user_id": cls.other.id,
                    "description": "Company B negotiation",
                    "company_id": cls.company_b.id,
                }
            )
        )
        cls.api_keys = cls._api_keys() if JSON2 else {}

    @classmethod
    def _api_keys(cls):
        """19.0: a key without scope nor expiry per user, as an integration's
        (made once for the class: a test's own records are rolled back)."""
        return {
            user: cls.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, "crm_interaction_log test", None)
            for user in (cls.own, cls.other)
        }

    def _xmlrpc(self, user, model, method, *args):
        """``method`` called with ``args`` over XML-RPC (18.0) or JSON-2
        (19.0, arguments by name, the records' ids first)."""
        if not JSON2:
            try:
                return self.xmlrpc_object.execute_kw(
                    self.db, user.id, f"{user.login}_pw_2026", model, method, list(args)
                )
            except xmlrpc.client.Fault as fault:
                raise RpcRefused(fault.faultString) from None
        names = ARGUMENT_NAMES.get(method, [])
        if method == "create":
            body = dict(zip(names, args, strict=True))
        else:
            body = {"ids": args[0], **dict(zip(names, args[1:], strict=True))}
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Authorization": f"bearer {self.api_keys[user]}",
                "Content-Type": "application/json",
                "X-Odoo-Database": self.db,
            },
        )
        if response.status_code != 200:
            raise RpcRefused(response.json()["message"])
        return response.json()

    def _assert_refused(self, user, model, method, *args, expected=None):
        with mute_logger("odoo.http"), self.assertRaises(RpcRefused) as caught:
            self._xmlrpc(user, model, method, *args)
        if expected:
            self.assertRegex(str(caught.exception), expected)
        return caught.exception

    def test_entry_cannot_link_another_company_file(self):
        Entry = "crm.interaction.log.entry"
        values = {
            "template_id": self.template_email.id,
            "partner_id": self.attacker_partner.id,
            "attachment_ids": [(4, self.secret.id)],
        }
        self._assert_refused(self.own, Entry, "create", [values], expected=READ_REFUSED)
        # nor later, by a write on the user's own entry, nor by SET
        entry_id = self._xmlrpc(
            self.own,
            Entry,
            "create",
            [{k: v for k, v in values.items() if k != "attachment_ids"}],
        )[0]
        # plain commands: XML-RPC cannot marshal Command members
        for command in ((4, self.secret.id), (6, 0, [self.secret.id])):
            self._assert_refused(
                self.own,
                Entry,
                "write",
                [entry_id],
                {"attachment_ids": [command]},
                expected=READ_REFUSED,
            )
        entry = self.env[Entry].browse(entry_id)
        self.assertFalse(entry.attachment_ids)
        # so resending it emails nothing of company B
        self._xmlrpc(self.own, Entry, "action_resend", [entry_id])
        mails = self.env["mail.mail"].search(
            [("attachment_ids", "in", self.secret.ids)]
        )
        self.assertFalse(mails)

    def test_wizard_cannot_link_another_company_file(self):
        self._assert_refused(
            self.own,
            "crm.interaction.create.wizard",
            "create",
            [
                {
                    "template_id": self.template_email.id,
                    "partner_id": self.attacker_partner.id,
                    "attachment_ids": [(6, 0, [self.secret.id])],
                }
            ],
            expected=READ_REFUSED,
        )

    def test_opportunity_cannot_point_at_another_company_entry(self):
        Lead = "crm.lead"
        self._assert_refused(
            self.own,
            Lead,
            "create",
            [{"name": "Mine", "interaction_entry_id": self.entry_b.id}],
            expected=READ_REFUSED,
        )
        lead_id = self._xmlrpc(self.own, Lead, "create", [{"name": "Mine"}])[0]
        self._assert_refused(
            self.own,
            Lead,
            "write",
            [lead_id],
            {"interaction_entry_id": self.entry_b.id},
            expected=READ_REFUSED,
        )
        lead = self.env[Lead].browse(lead_id)
        self.assertFalse(lead.interaction_entry_id)
        # the entry's name does not come back through the opportunity
        read = self._xmlrpc(self.own, Lead, "read", [lead_id], ["interaction_entry_id"])
        self.assertFalse(read[0]["interaction_entry_id"])

    def test_hard_copy_log_answers_xmlrpc(self):
        """Logging a letter answers with the print action, which an XML-RPC
        client can receive: no Fault once the entry is committed."""
        Wizard = "crm.interaction.create.wizard"
        wizard_id = self._xmlrpc(
            self.own,
            Wizard,
            "create",
            [
                {
                    "template_id": self.template_letter.id,
                    "partner_id": self.partner.id,
                }
            ],
        )[0]
        action = self._xmlrpc(self.own, Wizard, "action_log", [wizard_id])
        self.assertEqual(action["type"], "ir.actions.report")
        entry = self.env["crm.interaction.log.entry"].search(
            [("template_id", "=", self.template_letter.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(action["context"]["active_ids"], entry.ids)
