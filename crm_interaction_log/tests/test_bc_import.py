import base64
import csv
import datetime
import io
import zipfile
from unittest.mock import patch

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TestInteractionCommon, load_finnish

# Business Central's captions, as "Open in Excel" writes them
EN = {
    "groups": ["Code", "Description", "No. of Interactions", "Cost (LCY)"],
    "templates": [
        "Code",
        "Interaction Group Code",
        "Description",
        "Unit Cost (LCY)",
        "Unit Duration (Min.)",
        "Information Flow",
        "Initiated By",
        "Campaign No.",
        "Campaign Target",
        "Campaign Response",
        "Correspondence Type (Default)",
        "Ignore Contact Corres. Type",
    ],
    "entries": [
        "Canceled",
        "Attempt Failed",
        "Date",
        "Time of Interaction",
        "Interaction Group Code",
        "Interaction Template Code",
        "Description",
        "Contact No.",
        "Contact Name",
        "Evaluation",
        "Cost (LCY)",
        "Duration (Min.)",
        "Salesperson Code",
        "Campaign No.",
        "Campaign Target",
        "Campaign Response",
        "Information Flow",
        "Initiated By",
        "Subject",
        "Postponed",
        "Entry No.",
    ],
    "comments": ["Entry No.", "Line No.", "Date", "Comment"],
    "contacts": ["No.", "Name", "E-Mail"],
}
FI = {
    "groups": ["Koodi", "Kuvaus", "Vuorovaikutusten määrä", "Kustannus (PVA)"],
    "templates": [
        "Koodi",
        "Vuorovaikutusryhmän koodi",
        "Kuvaus",
        "Yksikkökustannus (PVA)",
        "Yksikön kesto (min.)",
        "Tiedonkulku",
        "Aloittaja",
        "Kampanjan nro",
        "Kampanjan kohde",
        "Kampanjan vastaus",
        "Kirjeenvaihtotyyppi (oletus)",
        "Ohita kontaktin kirjeenvaihtotyyppi",
    ],
    "entries": [
        "Peruutettu",
        "Yritys epäonnistui",
        "Päivämäärä",
        "Vuorovaikutuksen aika",
        "Vuorovaikutusryhmän koodi",
        "Vuorovaikutusmallin koodi",
        "Kuvaus",
        "Kontaktin nro.",
        "Kontaktin nimi",
        "Arviointi",
        "Kustannus (PVA)",
        "Kesto (min.)",
        "Myyjän koodi",
        "Kampanjan nro",
        "Kampanjan kohde",
        "Kampanjan vastaus",
        "Tiedonkulku",
        "Aloittaja",
        "Aihe",
        "Lykätty",
        "Tapahtumanro",
    ],
    "comments": ["Tapahtumanro", "Rivinro", "Päivämäärä", "Huomautus"],
    "contacts": ["Nro", "Nimi", "Sähköposti"],
}
WORDS = {
    "en": {
        "yes": "Yes",
        "no": "No",
        "outbound": "Outbound",
        "inbound": "Inbound",
        "us": "Us",
        "them": "Them",
        "very_positive": "Very Positive",
        "negative": "Negative",
        "": "",
        "email": "Email",
        "none": "",
    },
    "fi": {
        "yes": "Kyllä",
        "no": "Ei",
        "outbound": "Lähtevä",
        "inbound": "Saapuva",
        "us": "Me",
        "them": "He",
        "very_positive": "Erittäin myönteinen",
        "negative": "Kielteinen",
        "": "",
        "email": "Sähköposti",
        "none": "",
    },
}


def bc_groups(lang):
    return [["VISIT", "Meetings", 3, 0], ["PHONE", "Phone calls", 10, 25]]


def bc_templates(lang):
    w = WORDS[lang]
    return [
        [
            "BUS",
            "VISIT",
            "Business meeting",
            50,
            60,
            w["outbound"],
            w["us"],
            "",
            w["no"],
            w["no"],
            "",
            w["no"],
        ],
        [
            "CALLIN",
            "PHONE",
            "Inbound call",
            0,
            5,
            w["inbound"],
            w["them"],
            "",
            w["no"],
            w["no"],
            "",
            w["no"],
        ],
        [
            "NEWS",
            "PHONE",
            "Newsletter call",
            1.5,
            3,
            w["outbound"],
            w["us"],
            "SPRING24",
            w["yes"],
            w["no"],
            w["email"],
            w["yes"],
        ],
    ]


def bc_entries(lang, dates):
    """Three entries of Anna (Contact No. CT0010) and Ben (matched by email
    through the Contacts export): a meeting with cost and evaluation, a
    canceled failed call, a campaign call. ``dates`` formats a date."""
    w = WORDS[lang]
    return [
        # canceled, attempt failed, date, time, group, template, description,
        # contact no, name, evaluation, cost, duration, salesperson, campaign,
        # target, response, flow, initiated by, subject, postponed, entry no
        [
            w["no"],
            w["no"],
            dates(datetime.date(2021, 3, 15)),
            "14:30:00",
            "VISIT",
            "BUS",
            "Yearly review",
            "CT0010",
            "Anna Virtanen",
            w["very_positive"],
            120.5,
            90,
            "SS",
            "",
            w["no"],
            w["no"],
            w["outbound"],
            w["us"],
            "Review 2021",
            w["no"],
            101,
        ],
        [
            w["yes"],
            w["yes"],
            dates(datetime.date(2021, 4, 1)),
            "09:05:00",
            "CALL",
            "CALLIN",
            "",
            "CT0020",
            "Ben Korhonen",
            w[""],
            0,
            4,
            "",
            "",
            w["no"],
            w["no"],
            w["inbound"],
            w["them"],
            "",
            w["no"],
            102,
        ],
        [
            w["no"],
            w["no"],
            dates(datetime.date(2022, 1, 20)),
            "",
            "PHONE",
            "NEWS",
            "Spring offer",
            "CT0010",
            "Anna Virtanen",
            w["negative"],
            1.5,
            3,
            "SS",
            "SPRING24",
            w["yes"],
            w["yes"],
            w["outbound"],
            w["us"],
            "",
            w["no"],
            103,
        ],
    ]


def bc_comments(lang, dates):
    return [
        [101, 20000, dates(datetime.date(2021, 3, 16)), "Wants a new offer in May"],
        [101, 10000, dates(datetime.date(2021, 3, 15)), "Met at their office"],
        [103, 10000, "", "Declined <politely>"],
    ]


def bc_contacts(lang):
    return [
        ["CT0010", "Anna Virtanen", "anna@example.com"],
        ["CT0020", "Ben Korhonen", "BEN@example.com"],
    ]


def make_xlsx(sheets, title_rows=0):
    """A workbook like BC's Open in Excel: one sheet per page, captions in the
    header row (below ``title_rows`` title lines), real dates and numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for title, (header, rows) in sheets.items():
        sheet = workbook.add_worksheet(title)
        for index in range(title_rows):
            sheet.write_row(index, 0, [title if index == 0 else ""])
        sheet.write_row(title_rows, 0, header)
        for r, row in enumerate(rows, start=title_rows + 1):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write_datetime(
                        r,
                        c,
                        datetime.datetime.combine(value, datetime.time()),
                        date_format,
                    )
                else:
                    sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def make_csv(header, rows, delimiter=",", encoding="utf-8-sig", lead_lines=()):
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for line in lead_lines:
        writer.writerow(line)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode(encoding)


def make_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def iso(date):
    return date


def finnish(date):
    return f"{date.day}.{date.month}.{date.year}"


def finnish_number(value):
    return str(value).replace(".", ",")


@tagged("post_install", "-at_install")
class TestBcImport(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_anna.ref = "CT0010"
        cls.partner_ben.email = "ben@example.com"
        cls.user_salesman.partner_id.ref = "SS"
        cls.user_manager.tz = "Europe/Helsinki"
        cls.Entry = cls.env["crm.interaction.log.entry"]

    def _english_zip(self):
        return make_zip(
            {
                "Interaction Groups.xlsx": make_xlsx(
                    {"Interaction Groups": (EN["groups"], bc_groups("en"))}
                ),
                "Interaction Templates.xlsx": make_xlsx(
                    {"Interaction Templates": (EN["templates"], bc_templates("en"))}
                ),
                "Interaction Log Entries.xlsx": make_xlsx(
                    {"Interaction Log Entries": (EN["entries"], bc_entries("en", iso))}
                ),
                "Comments.xlsx": make_xlsx(
                    {"Comments": (EN["comments"], bc_comments("en", iso))}
                ),
                "Contacts.xlsx": make_xlsx(
                    {"Contacts": (EN["contacts"], bc_contacts("en"))}
                ),
            }
        )

    def _wizard(self, data, name="export.zip", user=None):
        Wizard = self.env["crm.interaction.bc.import"].with_user(
            user or self.user_manager
        )
        # the file's name comes with the upload (the binary widget sets it)
        form = Form(Wizard.with_context(default_file_name=name))
        form.data_file = base64.b64encode(data)
        return form.save()

    def _imported(self):
        return self.Entry.search([("external_ref", "!=", False)], order="external_ref")

    # ------------------------------------------------------------

    def test_dry_run_reports_and_writes_nothing(self):
        wizard = self._wizard(self._english_zip())
        wizard.action_dry_run()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(wizard.entry_new_count, 3)
        self.assertEqual(wizard.entry_canceled_count, 1)
        self.assertEqual(wizard.group_new_count, 2)
        self.assertEqual(wizard.template_new_count, 3)
        self.assertEqual(wizard.campaign_new_count, 1)
        self.assertEqual(wizard.comment_entry_count, 2)
        self.assertEqual(wizard.entry_skipped_count, 0)
        self.assertIn("BUS", wizard.summary)
        self.assertIn("SPRING24", wizard.summary)
        # the contact's Name and the statistics columns are not imported: said
        self.assertIn("Contact Name", wizard.summary)
        self.assertFalse(self._imported())
        self.assertFalse(
            self.env["crm.interaction.template"].search(
                [("code", "in", ["BUS", "CALLIN", "NEWS"])]
            )
        )
        self.assertFalse(self.env["utm.campaign"].search([("name", "=", "SPRING24")]))

    def test_import_keeps_the_history(self):
        wizard = self._wizard(self._english_zip())
        wizard.action_dry_run()
        wizard.action_run_import()
        self.assertEqual(wizard.state, "done")
        meeting, call, news = self._imported()
        self.assertEqual(
            (meeting.external_ref, call.external_ref, news.external_ref),
            ("101", "102", "103"),
        )
        # 14:30 in Helsinki (the importing user's time zone, UTC+2 in March)
        self.assertEqual(meeting.date, datetime.datetime(2021, 3, 15, 12, 30))
        self.assertEqual(meeting.partner_id, self.partner_anna)
        self.assertEqual(meeting.commercial_partner_id, self.partner_company)
        self.assertEqual(meeting.user_id, self.user_salesman)
        self.assertEqual(meeting.template_id.code, "BUS")
        self.assertEqual(meeting.group_id.code, "VISIT")
        self.assertEqual(meeting.description, "Yearly review")
        self.assertEqual(meeting.subject, "Review 2021")
        self.assertEqual(meeting.cost, 120.5)
        self.assertEqual(meeting.duration, 90)
        self.assertEqual(meeting.evaluation, "very_positive")
        self.assertEqual(
            (meeting.information_flow, meeting.initiated_by), ("outbound", "us")
        )
        self.assertEqual(meeting.state, "logged")
        self.assertEqual(meeting.correspondence_type, "none")
        # comment lines in their line order, dated
        self.assertIn("2021-03-15: Met at their office", meeting.note)
        self.assertLess(meeting.note.index("Met at"), meeting.note.index("new offer"))
        # Ben: no reference, matched by the email of the Contacts export
        self.assertEqual(call.partner_id, self.partner_ben)
        self.assertEqual(call.state, "canceled")
        self.assertTrue(call.attempt_failed)
        self.assertEqual(
            (call.information_flow, call.initiated_by), ("inbound", "them")
        )
        self.assertEqual(call.description, "Inbound call")  # the template's
        self.assertEqual(call.state_history_ids.mapped("new_state"), ["canceled"])
        self.assertEqual(call.state_history_ids.user_id, self.user_manager)
        # no time: midnight in Helsinki
        self.assertEqual(news.date, datetime.datetime(2022, 1, 19, 22, 0))
        self.assertEqual(news.campaign_id.name, "SPRING24")
        self.assertTrue(news.campaign_target and news.campaign_response)
        self.assertEqual(news.evaluation, "negative")
        self.assertIn("Declined &lt;politely&gt;", news.note)
        template = news.template_id
        self.assertEqual(template.campaign_id, news.campaign_id)
        self.assertEqual(template.unit_cost, 1.5)
        self.assertEqual(template.unit_duration, 3)
        self.assertEqual(template.correspondence_type, "email")
        self.assertTrue(template.ignore_contact_correspondence_type)
        self.assertEqual(template.group_id.name, "Phone calls")
        self.assertEqual(template.company_id, self.company)

    def test_reimport_changes_nothing_newer_export_adds(self):
        data = self._english_zip()
        self._wizard(data).action_run_import()
        entries = self._imported()
        before = entries.read(["write_date", "state", "note"])
        again = self._wizard(data)
        again.action_dry_run()
        self.assertEqual((again.entry_new_count, again.entry_existing_count), (0, 3))
        self.assertEqual((again.group_new_count, again.template_new_count), (0, 0))
        self.assertEqual(again.campaign_new_count, 0)
        again.action_run_import()
        self.assertEqual(self._imported(), entries)
        self.assertEqual(entries.read(["write_date", "state", "note"]), before)
        # a newer export of the log: one more entry
        rows = bc_entries("en", iso)
        newer = list(rows[0])
        newer[-1] = 104
        newer[6] = "Follow-up meeting"
        data = make_xlsx({"Interaction Log Entries": (EN["entries"], [*rows, newer])})
        wizard = self._wizard(data, "Interaction Log Entries.xlsx")
        wizard.action_run_import()
        self.assertEqual((wizard.entry_new_count, wizard.entry_existing_count), (1, 3))
        self.assertEqual(
            self._imported().mapped("external_ref"), ["101", "102", "103", "104"]
        )

    def test_finnish_csv(self):
        """Finnish captions and values, semicolons, decimal commas, dotted
        dates, a byte order mark, a title line above the header."""

        def fi_rows(rows):
            return [
                [finnish_number(v) if isinstance(v, float) else v for v in row]
                for row in rows
            ]

        files = {
            "Vuorovaikutusryhmät.csv": make_csv(FI["groups"], bc_groups("fi"), ";"),
            "Vuorovaikutusmallit.csv": make_csv(
                FI["templates"], fi_rows(bc_templates("fi")), ";"
            ),
            "Vuorovaikutuslokin tapahtumat.csv": make_csv(
                FI["entries"],
                fi_rows(bc_entries("fi", finnish)),
                ";",
                lead_lines=[["Vuorovaikutuslokin tapahtumat"], []],
            ),
            "Huomautukset.csv": make_csv(
                FI["comments"], bc_comments("fi", finnish), ";"
            ),
            "Kontaktit.csv": make_csv(
                FI["contacts"], bc_contacts("fi"), ";", encoding="cp1252"
            ),
        }
        wizard = self._wizard(make_zip(files))
        wizard.action_dry_run()
        self.assertIn("Finnish", wizard.summary)
        self.assertEqual(wizard.entry_new_count, 3, wizard.issue_ids.mapped("reason"))
        wizard.action_run_import()
        meeting, call, news = self._imported()
        self.assertEqual(meeting.date, datetime.datetime(2021, 3, 15, 12, 30))
        self.assertEqual(meeting.cost, 120.5)
        self.assertEqual(meeting.evaluation, "very_positive")
        self.assertEqual(call.state, "canceled")
        self.assertEqual(call.partner_id, self.partner_ben)
        self.assertEqual(
            (call.information_flow, call.initiated_by), ("inbound", "them")
        )
        self.assertEqual(news.template_id.unit_cost, 1.5)
        self.assertEqual(news.campaign_id.name, "SPRING24")
        self.assertIn("Met at their office", meeting.note)

    def test_odd_rows_are_reported_with_row_and_column(self):
        """Blank rows, a title above the header, a postponed draft, an unknown
        contact, a duplicate Entry No., an unknown salesperson: the dry run
        names each one's row and column; the rest imports."""
        self._wizard(
            make_zip(
                {
                    "g.xlsx": make_xlsx({"G": (EN["groups"], bc_groups("en"))}),
                    "t.xlsx": make_xlsx({"T": (EN["templates"], bc_templates("en"))}),
                }
            )
        ).action_run_import()
        rows = bc_entries("en", iso)
        postponed = list(rows[0])
        postponed[-2], postponed[-1] = "Yes", 201
        stranger = list(rows[0])
        stranger[7], stranger[-1] = "CT9999", 202
        unknown_seller = list(rows[0])
        unknown_seller[12], unknown_seller[-1] = "XX", 203
        duplicate = list(rows[0])
        data = make_xlsx(
            {
                "Interaction Log Entries": (
                    [*EN["entries"], "Document Type"],
                    [
                        rows[0],
                        [],
                        ["", "  "],
                        postponed,
                        stranger,
                        unknown_seller,
                        duplicate,
                    ],
                )
            },
            title_rows=2,
        )
        wizard = self._wizard(data, "entries.xlsx")
        wizard.action_dry_run()
        issues = {
            (i.row, i.column.split(" (")[0], i.result): i for i in wizard.issue_ids
        }
        # the header is on row 3; data from row 4, blank rows 5 and 6 skipped
        self.assertIn((7, "Postponed", "skipped"), issues)
        self.assertIn((8, "Contact No.", "skipped"), issues)
        self.assertEqual(issues[8, "Contact No.", "skipped"].value, "CT9999")
        self.assertIn((9, "Salesperson Code", "warning"), issues)
        self.assertIn((10, "Entry No.", "skipped"), issues)
        self.assertIn("row 4", issues[10, "Entry No.", "skipped"].reason)
        self.assertEqual(issues[8, "Contact No.", "skipped"].column, "Contact No. (H)")
        self.assertEqual(wizard.entry_new_count, 2)
        self.assertEqual(wizard.entry_skipped_count, 3)
        self.assertIn("Document Type", wizard.summary)
        wizard.action_run_import()
        imported = self._imported()
        self.assertEqual(imported.mapped("external_ref"), ["101", "203"])
        # the unknown salesperson: the contact's salesperson instead
        self.assertEqual(imported[1].user_id, self.partner_anna.user_id)

    def test_missing_codes_are_refused(self):
        data = make_xlsx(
            {"Interaction Log Entries": (EN["entries"], bc_entries("en", iso))}
        )
        wizard = self._wizard(data, "entries.xlsx")
        with self.assertRaises(UserError) as error:
            wizard.action_dry_run()
        message = str(error.exception)
        for code in ("BUS", "CALLIN", "NEWS", "VISIT", "PHONE"):
            self.assertIn(code, message)
        # templates without their groups
        data = make_xlsx({"T": (EN["templates"], bc_templates("en"))})
        with self.assertRaises(UserError) as error:
            self._wizard(data, "templates.xlsx").action_dry_run()
        self.assertIn("PHONE, VISIT", str(error.exception))
        self.assertFalse(
            self.env["crm.interaction.template"].search([("code", "=", "BUS")])
        )

    def test_bad_files_name_row_and_column(self):
        entries = bc_entries("en", iso)
        bad_date = [list(row) for row in entries]
        bad_date[1][2] = "31.02.2021"
        data = make_zip(
            {
                "g.xlsx": make_xlsx({"G": (EN["groups"], bc_groups("en"))}),
                "t.xlsx": make_xlsx({"T": (EN["templates"], bc_templates("en"))}),
                "e.csv": make_csv(EN["entries"], bad_date),
            }
        )
        with self.assertRaises(UserError) as error:
            self._wizard(data).action_dry_run()
        self.assertIn(
            "e.csv, row 3, column Date (C): 31.02.2021 is not a date",
            str(error.exception),
        )
        bad_number = [list(row) for row in entries]
        bad_number[0][10] = "12 euros"
        with self.assertRaises(UserError) as error:
            self._wizard(make_csv(EN["entries"], bad_number), "e.csv").action_dry_run()
        self.assertIn(
            "row 2, column Cost (LCY) (K): 12 euros is not a number",
            str(error.exception),
        )
        negative = [list(row) for row in entries]
        negative[2][11] = -3
        with self.assertRaises(UserError) as error:
            self._wizard(make_csv(EN["entries"], negative), "e.csv").action_dry_run()
        self.assertIn("row 4, column Duration (Min.) (L)", str(error.exception))
        bad_option = [list(row) for row in entries]
        bad_option[0][9] = "Great"
        with self.assertRaises(UserError) as error:
            self._wizard(make_csv(EN["entries"], bad_option), "e.csv").action_dry_run()
        self.assertIn("column Evaluation (J): Great", str(error.exception))
        with self.assertRaises(UserError) as error:
            self._wizard(
                make_csv(["Name", "Phone"], [["a", "1"]]), "contacts.csv"
            ).action_dry_run()
        self.assertIn(
            "contacts.csv has no columns of a Business Central", str(error.exception)
        )
        with self.assertRaises(UserError) as error:
            self._wizard(
                b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls"
            ).action_dry_run()
        self.assertIn(".xlsx", str(error.exception))
        with self.assertRaises(UserError):
            self._wizard(b"\x00\x01\x02garbage", "x.bin").action_dry_run()
        self.assertFalse(self._imported())

    def test_imported_entries_are_history(self):
        self.partner_anna.invalidate_recordset()
        count_before = self.partner_anna.interaction_count
        self._wizard(self._english_zip()).action_run_import()
        meeting, call, news = self._imported()
        self.partner_anna.invalidate_recordset()
        self.assertEqual(self.partner_anna.interaction_count, count_before + 2)
        self.assertEqual(self.partner_anna.last_interaction_date, news.date)
        # the canceled call does not count
        self.partner_ben.invalidate_recordset()
        self.assertEqual(self.partner_ben.interaction_count, 0)
        self.assertEqual(news.template_id.interaction_count, 1)
        # read-only like any logged entry; comments and evaluation stay editable
        with self.assertRaises(UserError):
            meeting.with_user(self.user_manager).description = "Changed"
        with self.assertRaises(UserError):
            meeting.with_user(self.user_manager).write({"external_ref": "999"})
        with self.assertRaises(UserError):
            meeting.with_user(self.user_manager).unlink()
        meeting.with_user(self.user_manager).evaluation = "positive"
        # the salesperson sees their own imported entries
        self.assertIn(meeting, self.Entry.with_user(self.user_salesman).search([]))

    def test_insert_equals_create(self):
        """The set-based insert writes what the ORM's create writes."""
        self._wizard(self._english_zip()).action_run_import()
        inserted = self._imported()
        skip = {"id", "create_date", "write_date", "display_name", "external_ref"}
        fnames = [
            fname
            for fname, field in self.Entry._fields.items()
            if field.store and field.column_type and fname not in skip
        ]
        # the model's constraints hold on what was inserted
        inserted._validate_fields(list(self.Entry._fields))
        for entry in inserted.filtered(lambda e: e.state == "logged"):
            vals = entry.read(fnames, load=None)[0]
            vals.pop("id")
            created = self.Entry.with_user(self.user_manager).sudo().create(dict(vals))
            self.env.flush_all()
            self.env.invalidate_all()
            self.assertEqual(
                entry.read(fnames, load=None)[0] | {"id": 0},
                created.read(fnames, load=None)[0] | {"id": 0},
            )

    def test_import_is_one_transaction(self):
        wizard = self._wizard(self._english_zip())
        with (
            patch.object(
                type(self.Entry),
                "_change_state",
                side_effect=UserError("boom"),
                autospec=True,
            ),
            self.assertRaises(UserError),
        ):
            wizard.action_run_import()
        self.assertFalse(self._imported())
        self.assertFalse(
            self.env["crm.interaction.group"].search([("code", "=", "VISIT")])
        )
        self.assertFalse(self.env["utm.campaign"].search([("name", "=", "SPRING24")]))

    def test_privacy_blocked_contacts_are_left_out(self):
        self.partner_ben.interaction_privacy_blocked = True
        wizard = self._wizard(self._english_zip())
        wizard.action_run_import()
        self.assertEqual(self._imported().mapped("external_ref"), ["101", "103"])
        issue = wizard.issue_ids
        self.assertEqual((issue.row, issue.result), (3, "skipped"))
        self.assertIn("privacy blocked", issue.reason)

    def test_managers_only_and_per_company(self):
        with self.assertRaises(AccessError):
            self._wizard(self._english_zip(), user=self.user_all_docs)
        # a contact of another company is not matched
        self.partner_anna.company_id = self.company_b
        wizard = self._wizard(self._english_zip())
        wizard.action_dry_run()
        self.assertEqual(wizard.entry_new_count, 1)
        self.assertEqual(set(wizard.issue_ids.mapped("value")), {"CT0010"})

    def test_messages_in_finnish(self):
        load_finnish(self.env)
        rows = [list(row) for row in bc_entries("fi", finnish)]
        rows[0][2] = "32.1.2021"
        data = make_zip(
            {
                "g.csv": make_csv(FI["groups"], bc_groups("fi"), ";"),
                "t.csv": make_csv(FI["templates"], bc_templates("fi"), ";"),
                "e.csv": make_csv(FI["entries"], rows, ";"),
            }
        )
        with self.assertRaisesRegex(
            UserError,
            r"e.csv, rivi 2, sarake Päivämäärä \(C\): 32.1.2021 ei ole päivämäärä",
        ):
            # the web client's context carries the user's language
            self._wizard(data).with_context(lang="fi_FI").action_dry_run()
        rows[0][2] = "15.3.2021"
        wizard = self._wizard(
            make_zip(
                {
                    "g.csv": make_csv(FI["groups"], bc_groups("fi"), ";"),
                    "t.csv": make_csv(FI["templates"], bc_templates("fi"), ";"),
                    "e.csv": make_csv(FI["entries"], rows, ";"),
                }
            )
        )
        wizard.with_context(lang="fi_FI").action_dry_run()
        self.assertIn("uutta vuorovaikutusmallia", wizard.summary)
        self.assertIn(
            "Millään kontaktilla ei ole tätä viitettä", wizard.issue_ids.reason
        )

    def test_salespeople_by_email_and_login(self):
        """A salesperson code matches a login, a user's contact Reference, or
        the user whose email the Salespeople export gives for the code."""
        self.user_all_docs.email = "alice@example.com"
        rows = [list(row) for row in bc_entries("en", iso)]
        rows[0][12] = "AD"
        rows[2][12] = "cil_salesman_2"
        data = make_zip(
            {
                "g.xlsx": make_xlsx({"G": (EN["groups"], bc_groups("en"))}),
                "t.xlsx": make_xlsx({"T": (EN["templates"], bc_templates("en"))}),
                "e.xlsx": make_xlsx({"E": (EN["entries"], rows)}),
                "c.xlsx": make_xlsx({"C": (EN["contacts"], bc_contacts("en"))}),
                "s.csv": make_csv(
                    ["Code", "Name", "E-Mail"], [["AD", "Alice", "Alice@Example.com"]]
                ),
            }
        )
        wizard = self._wizard(data)
        wizard.action_run_import()
        self.assertFalse(wizard.issue_ids)
        meeting, call, news = self._imported()
        self.assertEqual(meeting.user_id, self.user_all_docs)
        self.assertEqual(news.user_id, self.user_salesman_2)
        # no code: the contact's salesperson (Ben has none)
        self.assertFalse(call.user_id)
