"""Take screenshots of the real web client for the README and the app page.

Usage: start the server (``make run``), then
    .venv/bin/python tools/screenshots.py [--url http://localhost:8069]

Drives Debian's headless Chromium through the DevTools protocol
(websocket-client), logs in as admin/admin and saves PNG files in
crm_interaction_log/static/description/.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "crm_interaction_log",
    "static",
    "description",
)


class Browser:
    def __init__(self, width=1400, height=900):
        self.profile = tempfile.mkdtemp(prefix="cil-shots-")
        port = 9333
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "/usr/bin/chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/json", timeout=2
                ) as r:
                    targets = json.load(r)
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:  # noqa: BLE001 - chromium still starting
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.msg_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.resize(width, height)

    def resize(self, width, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.msg_id += 1
        self.ws.send(
            json.dumps({"id": self.msg_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.msg_id:
                return message.get("result", {})

    def js(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def goto(self, url, wait_for=None, timeout=20):
        self.send("Page.navigate", url=url)
        self.wait(wait_for or "body", timeout)

    def wait(self, selector, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            if self.js(f"!!document.querySelector({json.dumps(selector)})"):
                time.sleep(0.8)
                return
            time.sleep(0.2)
        raise TimeoutError(selector)

    def click(self, selector):
        self.wait(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).click()")

    def type(self, selector, text):
        """Type into an input the way a user does (input events)."""
        self.wait(selector)
        self.js(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            f" el.focus(); el.value = {json.dumps(text)};"
            " el.dispatchEvent(new Event('input', {bubbles: true}));"
            " el.dispatchEvent(new Event('change', {bubbles: true})); })()"
        )
        time.sleep(1)

    def shot(self, name):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("saved", path)

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--partner-id", default=10, type=int, help="contact shown")
    parser.add_argument(
        "--entry-id",
        default=1,
        type=int,
        help="entry whose Status History is shown (cancel and restore it first)",
    )
    parser.add_argument(
        "--privacy-partner-id",
        type=int,
        help="a privacy-blocked contact with interactions (screenshot_privacy)",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        metavar="NAME",
        help="take only these screenshots (file names without .png)",
    )
    args = parser.parse_args()

    def wanted(name):
        return not args.only or name in args.only

    b = Browser()
    try:
        b.goto(f"{args.url}/web/login", "input[name=login]")
        b.js(
            f"document.querySelector('input[name=login]').value={json.dumps(args.login)};"
            f"document.querySelector('input[name=password]').value="
            f"{json.dumps(args.password)};"
            "document.querySelector('form.oe_login_form').submit()"
        )
        b.wait(".o_main_navbar", 30)
        action = f"{args.url}/odoo/action-crm_interaction_log"
        if wanted("screenshot_log"):
            b.goto(f"{action}.crm_interaction_log_entry_action", ".o_data_row")
            b.shot("screenshot_log.png")
        if wanted("screenshot_wizard"):
            # the wizard, opened from a contact, with a template chosen
            b.goto(f"{args.url}/odoo/res.partner/{args.partner_id}", ".o_form_view")
            b.click(".o_form_view button[name=action_create_interaction]")
            b.wait(".modal .o_field_widget[name=template_id] input")
            b.type(".modal .o_field_widget[name=template_id] input", "Meeting")
            b.click(".o-autocomplete--dropdown-item a")
            b.wait(".modal .o_field_widget[name=duration] input")
            b.type(
                ".modal .o_field_widget[name=description] input",
                "Showroom visit: new office chairs",
            )
            b.shot("screenshot_wizard.png")
        if wanted("screenshot_correspondence"):
            # Create Interaction with an email template: what goes, to whom
            # (a template "Spring offer (email)" with a body and an attachment)
            b.resize(1400, 1000)
            b.goto(f"{args.url}/odoo/res.partner/{args.partner_id}", ".o_form_view")
            b.click(".o_form_view button[name=action_create_interaction]")
            b.wait(".modal .o_field_widget[name=template_id] input")
            b.type(".modal .o_field_widget[name=template_id] input", "Spring offer")
            b.click(".o-autocomplete--dropdown-item a")
            b.wait(".modal .o_field_widget[name=recipient]")
            b.shot("screenshot_correspondence.png")
            b.resize(1400, 900)
        if wanted("screenshot_segment"):
            b.goto(f"{action}.crm_interaction_segment_action", ".o_data_row")
            b.click(".o_data_row td.o_data_cell")
            b.wait(".o_form_view .o_field_one2many .o_data_row")
            b.shot("screenshot_segment.png")
        if wanted("screenshot_analysis"):
            b.goto(f"{action}.crm_interaction_log_entry_action_analysis", ".o_pivot")
            b.shot("screenshot_analysis.png")
        if wanted("screenshot_status_history"):
            # an entry canceled and restored: who changed its status, and when
            b.goto(
                f"{action}.crm_interaction_log_entry_action/{args.entry_id}",
                ".o_form_view .o_notebook",
            )
            b.click(".o_notebook a[name=history]")
            b.wait(".o_field_widget[name=state_history_ids] .o_data_row")
            b.shot("screenshot_status_history.png")
        if wanted("screenshot_cancel_selection"):
            # canceling a selection of the log asks first
            b.goto(f"{action}.crm_interaction_log_entry_action", ".o_data_row")
            b.js(
                "document.querySelectorAll('.o_data_row .o_list_record_selector"
                " input').forEach((el, i) => i < 3 && el.click())"
            )
            b.wait(".o_control_panel .o_list_selection_box")
            b.js(
                "[...document.querySelectorAll('.o_control_panel button')]"
                ".find(el => el.textContent.trim() === 'Cancel').click()"
            )
            b.wait(".modal .modal-footer button")
            b.shot("screenshot_cancel_selection.png")
        if wanted("screenshot_bc_import"):
            shot_bc_import(b, args.url)
        if wanted("screenshot_privacy") and args.privacy_partner_id:
            # the Privacy Blocked banner and the Forget Contact confirmation
            b.goto(
                f"{args.url}/odoo/res.partner/{args.privacy_partner_id}",
                ".o_form_view .alert-warning",
            )
            b.click(".o_notebook a[name=crm_interactions]")
            b.click(".o_form_view button[name=action_interaction_forget]")
            b.wait(".modal .o_field_widget[name=entry_count]")
            b.shot("screenshot_privacy.png")
    finally:
        b.close()


def rpc(browser, model, method, args, kwargs=None):
    """A JSON-RPC call of the logged-in web client session."""
    payload = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
    )
    return browser.js(
        "fetch('/web/dataset/call_kw', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: " + json.dumps(payload) + "})"
        ".then(r => r.json()).then(r => r.result)"
    )


def bc_export_zip(emails):
    """A small Business Central export (groups, templates, entries of three
    demo contacts matched by email through the Contacts export, comments),
    English captions, as "Open in Excel" writes them."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    def table(header, rows):
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerows([header, *rows])
        return text.getvalue().encode("utf-8-sig")

    files = {
        "Interaction Groups.csv": table(
            ["Code", "Description"], [["VISIT", "Customer visits"]]
        ),
        "Interaction Templates.csv": table(
            [
                "Code",
                "Interaction Group Code",
                "Description",
                "Unit Cost (LCY)",
                "Unit Duration (Min.)",
                "Information Flow",
                "Initiated By",
            ],
            [["SHOWROOM", "VISIT", "Showroom visit", "40", "60", "Outbound", "Us"]],
        ),
        "Contacts.csv": table(
            ["No.", "Name", "E-Mail"],
            [[f"CT{n:04d}", "", email] for n, email in enumerate(emails, 1)],
        ),
        "Interaction Log Entries.csv": table(
            [
                "Entry No.",
                "Date",
                "Time of Interaction",
                "Interaction Template Code",
                "Description",
                "Contact No.",
                "Cost (LCY)",
                "Duration (Min.)",
                "Salesperson Code",
                "Evaluation",
                "Attempt Failed",
                "Canceled",
                "Postponed",
                "Document Type",
            ],
            [
                [
                    "1001",
                    "2023-02-14",
                    "10:00:00",
                    "SHOWROOM",
                    "New office chairs",
                    "CT0001",
                    "40",
                    "75",
                    "ADMIN",
                    "Very Positive",
                    "No",
                    "No",
                    "No",
                    "",
                ],
                [
                    "1002",
                    "2023-03-02",
                    "14:30:00",
                    "CALL_OUT",
                    "Offer follow-up",
                    "CT0002",
                    "2.5",
                    "10",
                    "ADMIN",
                    "Positive",
                    "No",
                    "No",
                    "No",
                    "",
                ],
                [
                    "1003",
                    "2023-03-09",
                    "09:15:00",
                    "CALL_OUT",
                    "Offer follow-up",
                    "CT0003",
                    "2.5",
                    "0",
                    "JR",
                    "",
                    "Yes",
                    "No",
                    "No",
                    "",
                ],
                [
                    "1004",
                    "2023-04-20",
                    "11:00:00",
                    "MEETING",
                    "Contract signing",
                    "CT0099",
                    "0",
                    "45",
                    "ADMIN",
                    "",
                    "No",
                    "No",
                    "No",
                    "",
                ],
                [
                    "1005",
                    "2023-05-05",
                    "16:00:00",
                    "CALL_OUT",
                    "Call back",
                    "CT0001",
                    "0",
                    "5",
                    "ADMIN",
                    "",
                    "No",
                    "No",
                    "Yes",
                    "",
                ],
                [
                    "1006",
                    "2023-05-11",
                    "08:45:00",
                    "SHOWROOM",
                    "Showroom visit",
                    "CT0002",
                    "40",
                    "60",
                    "ADMIN",
                    "Neutral",
                    "No",
                    "Yes",
                    "No",
                    "",
                ],
            ],
        ),
        "Comments.csv": table(
            ["Entry No.", "Line No.", "Date", "Comment"],
            [["1001", "10000", "2023-02-14", "Wants a quote for 40 chairs"]],
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def shot_bc_import(b, url):
    """The dry run of a small Business Central export: what the import will
    create and the rows it leaves out, with row, column and reason."""
    partners = rpc(
        b,
        "res.partner",
        "search_read",
        [[["email", "!=", False], ["is_company", "=", False]]],
        {"fields": ["email"], "limit": 3, "order": "id"},
    )
    data = base64.b64encode(bc_export_zip([p["email"] for p in partners])).decode()
    wizard_id = rpc(
        b,
        "crm.interaction.bc.import",
        "create",
        [{"data_file": data, "file_name": "Business Central export.zip"}],
    )
    action = rpc(b, "crm.interaction.bc.import", "action_dry_run", [[wizard_id]])
    # the dialog the Dry Run button leaves open, over the CRM
    b.goto(f"{url}/odoo/crm", ".o_kanban_view")
    b.js(
        "odoo.__WOWL_DEBUG__.root.env.services.action.doAction("
        + json.dumps(action)
        + ")"
    )
    b.wait(".modal .o_field_widget[name=issue_ids] .o_data_row")
    b.shot("screenshot_bc_import.png")


if __name__ == "__main__":
    main()
