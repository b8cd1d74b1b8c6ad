"""Attacks on the interaction history through the external API (19.0's
JSON-2 API with an API key, XML-RPC on 18.0, and the web client's JSON-RPC)
as users of each sales role, with hostile contexts. HttpCase: the calls go
through the real RPC dispatch."""

import json
import time
import xmlrpc.client

from odoo import Command, release
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.protected_write import _WRITE_TOKEN_KEY

# the key of the addon's write capability, with what an RPC caller can send
FORGED_TOKEN = {_WRITE_TOKEN_KEY: True}
# 19.0 has the JSON-2 API (/json/2/<model>/<method>, API keys) and deprecates
# XML-RPC, which 20.0 removes; 18.0 has XML-RPC only
JSON2 = release.version_info[0] >= 19


class RpcRefused(Exception):
    """The external API refused a call; the message is the server's."""


@tagged("post_install", "-at_install")
class TestExternalApiAttacks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = get_db_name()
        cls.own = new_test_user(
            cls.env,
            login="api_own",
            password="api_own_pw_2026",
            groups="sales_team.group_sale_salesman",
        )
        cls.victim = new_test_user(
            cls.env,
            login="api_victim",
            password="api_victim_pw_2026",
            groups="sales_team.group_sale_salesman",
        )
        cls.all_docs = new_test_user(
            cls.env,
            login="api_all",
            password="api_all_pw_2026",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.manager = new_test_user(
            cls.env,
            login="api_manager",
            password="api_manager_pw_2026",
            groups="sales_team.group_sale_manager",
        )
        group = cls.env["crm.interaction.group"].create({"code": "API", "name": "API"})
        cls.template = cls.env["crm.interaction.template"].create(
            {"code": "API_CALL", "name": "API call", "group_id": group.id}
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"API contact {i}"} for i in range(3)]
        )
        Entry = cls.env["crm.interaction.log.entry"]
        cls.entries = {
            user: Entry.create(
                {
                    "template_id": cls.template.id,
                    "partner_id": cls.partners[0].id,
                    "user_id": user.id,
                    "description": f"Call by {user.login}",
                }
            )
            for user in (cls.own, cls.victim, cls.all_docs, cls.manager)
        }
        segment = (
            cls.env["crm.interaction.segment"]
            .with_user(cls.victim)
            .create(
                {
                    "description": "Victim's mailing",
                    "template_id": cls.template.id,
                    "line_ids": [
                        Command.create({"partner_id": p.id}) for p in cls.partners
                    ],
                }
            )
        )
        segment.action_log()
        cls.victim_segment = segment
        cls.victim_logged = segment.logged_segment_id
        cls.api_keys = {}
        if JSON2:
            for user in (cls.own, cls.victim, cls.all_docs, cls.manager):
                # a key without scope nor expiry, as an integration's
                cls.api_keys[user] = (
                    cls.env["res.users.apikeys"]
                    .with_user(user)
                    .sudo()
                    ._generate(None, "crm_interaction_log test", None)
                )

    def _rpc(self, user, model, method, ids=None, **params):
        """``method`` of ``model`` called over the external API as ``user``,
        arguments by name (``ids``: the records, None for model methods):
        JSON-2 on 19.0, XML-RPC's ``execute_kw`` on 18.0."""
        if JSON2:
            body = params if ids is None else {"ids": ids, **params}
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
        args = [] if ids is None else [ids]
        if "vals_list" in params:  # 18.0's create reads its values positionally
            args = [params.pop("vals_list")]
        try:
            return self.xmlrpc_object.execute_kw(
                self.db, user.id, f"{user.login}_pw_2026", model, method, args, params
            )
        except xmlrpc.client.Fault as fault:
            raise RpcRefused(fault.faultString) from None

    def _assert_refused(self, user, model, method, ids=None, expected=None, **params):
        with mute_logger("odoo.http"), self.assertRaises(RpcRefused) as caught:
            self._rpc(user, model, method, ids, **params)
        if expected:
            self.assertRegex(str(caught.exception), expected)
        return caught.exception

    def test_hostile_context_on_logged_entries(self):
        for user in (self.own, self.all_docs, self.manager):
            entry = self.entries[user]
            for values in (
                {"cost": 1000},
                {"description": "Rewritten"},
                {"partner_id": self.partners[1].id},
                {"date": "2001-01-01 00:00:00"},
            ):
                self._assert_refused(
                    user,
                    entry._name,
                    "write",
                    [entry.id],
                    vals=values,
                    context=FORGED_TOKEN,
                    expected="read-only",
                )
            for values in ({"state": "postponed"}, {"state": "canceled"}):
                self._assert_refused(
                    user,
                    entry._name,
                    "write",
                    [entry.id],
                    vals=values,
                    context=FORGED_TOKEN,
                    expected="cannot be written directly",
                )
            # the private paths are not reachable over RPC
            for method in ("_write_protected", "_change_state", "_unlink_canceled"):
                self._assert_refused(
                    user,
                    entry._name,
                    method,
                    [entry.id],
                    vals={"state": "postponed"},
                    expected="[Pp]rivate",
                )
            # cancel + unlink does not erase history
            self._rpc(user, entry._name, "action_cancel", [entry.id])
            self._assert_refused(
                user,
                entry._name,
                "unlink",
                [entry.id],
                context=FORGED_TOKEN,
                expected="kept as history",
            )
            entry.invalidate_recordset()
            self.assertEqual(entry.state, "canceled")
            self.assertEqual(entry.description, f"Call by {user.login}")

    def test_own_documents_cannot_touch_other_segments(self):
        logged = self.victim_logged
        self._assert_refused(
            self.own, logged._name, "write", [logged.id], vals={"description": "Mine"}
        )
        self._assert_refused(self.own, logged._name, "action_cancel", [logged.id])
        self._assert_refused(self.own, logged._name, "unlink", [logged.id])
        self._assert_refused(
            self.own,
            self.victim_segment._name,
            "write",
            [self.victim_segment.id],
            vals={"state": "draft"},
            context=FORGED_TOKEN,
        )
        self.assertEqual(
            self._rpc(
                self.own, logged._name, "search", domain=[("id", "=", logged.id)]
            ),
            [],
        )
        logged.invalidate_recordset()
        self.assertEqual(logged.state, "logged")
        self.assertEqual(set(logged.entry_ids.mapped("state")), {"logged"})
        # the owner cannot rewrite it either, only cancel it
        self._assert_refused(
            self.victim,
            logged._name,
            "write",
            [logged.id],
            vals={"state": "canceled", "description": "x"},
            context=FORGED_TOKEN,
            expected="cannot be changed",
        )

    def test_filter_cannot_pin_a_worker(self):
        segment = (
            self.env["crm.interaction.segment"]
            .with_user(self.own)
            .create({"description": "Own", "template_id": self.template.id})
        )
        wizard_ids = self._rpc(
            self.own,
            "crm.interaction.segment.add.contacts",
            "create",
            vals_list=[
                {
                    "segment_id": segment.id,
                    "partner_domain": "[('id', '=', (3 ** (10 ** 8)) and 1)]",
                }
            ],
        )
        start = time.monotonic()
        self._assert_refused(
            self.own,
            "crm.interaction.segment.add.contacts",
            "action_add",
            wizard_ids,
            expected="not valid",
        )
        self.assertLess(time.monotonic() - start, 5)

    def test_json_rpc_hostile_context(self):
        """The web client's own channel, with a forged write capability in the
        context."""
        entry = self.entries[self.own]
        self.authenticate("api_own", "api_own_pw_2026")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/crm.interaction.log.entry/write",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "crm.interaction.log.entry",
                            "method": "write",
                            "args": [[entry.id], {"state": "postponed", "cost": 0}],
                            "kwargs": {"context": FORGED_TOKEN},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
        self.assertIn(
            "cannot be written directly", response["error"]["data"]["message"]
        )
        entry.invalidate_recordset()
        self.assertEqual(entry.state, "logged")
