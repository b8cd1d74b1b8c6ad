"""Reading Business Central's page exports ("Open in Excel", XLSX or CSV).

Business Central writes a page's visible columns with their captions in the
user's language (English or Finnish here), one row per record, possibly below
a title row or two. This module finds the tables in a file (every sheet of a
workbook, every file of a ZIP archive), tells which page each one is from its
captions, and turns the cells into Python values, naming the row and column
of anything it cannot read. It knows nothing of Odoo's models: the import
wizard (``crm_interaction_bc_import.py``) maps what it reads.
"""

import csv
import datetime
import functools
import io
import re
import zipfile
from collections import namedtuple

from lxml import etree


def _lt(source):
    """Marks a message for the translation template: the import wizard
    translates it (``env._``) when it shows it."""
    return source


# rows looked at for the header, above which BC may put a title
HEADER_SEARCH_ROWS = 10


@functools.lru_cache(maxsize=8192)
def normalize_caption(caption):
    """``"Kontaktin nro."`` -> ``"kontaktinnro"``: captions compared without
    case, spaces and punctuation."""
    return re.sub(r"[\W_]+", "", str(caption or "").casefold())


# kind -> field -> captions (English first: the one named in messages)
# Finnish captions are those of Business Central's Finnish translation; the
# variants cover its older and newer spellings.
KINDS = {
    "entries": {
        "entry_no": ["Entry No.", "Tapahtumanro", "Tapahtuman nro", "Tapahtuman nro."],
        "contact_no": ["Contact No.", "Kontaktin nro.", "Kontaktinro"],
        "contact_email": [
            "Contact E-Mail",
            "E-Mail",
            "Email",
            "Kontaktin sähköposti",
            "Sähköposti",
        ],
        "date": ["Date", "Päivämäärä", "Pvm", "Pvm."],
        "time": [
            "Time of Interaction",
            "Vuorovaikutuksen aika",
            "Vuorovaikutusaika",
            "Aika",
        ],
        "group_code": [
            "Interaction Group Code",
            "Vuorovaikutusryhmän koodi",
            "Vuorovaikutusryhmäkoodi",
        ],
        "template_code": [
            "Interaction Template Code",
            "Vuorovaikutusmallin koodi",
            "Vuorovaikutusmallikoodi",
        ],
        "description": ["Description", "Kuvaus"],
        "information_flow": ["Information Flow", "Tiedonkulku", "Tietovirta"],
        "initiated_by": ["Initiated By", "Aloittaja", "Aloitettu"],
        "cost": ["Cost (LCY)", "Kustannus (PVA)", "Kustannus"],
        "duration": ["Duration (Min.)", "Kesto (min.)", "Kesto"],
        "salesperson_code": ["Salesperson Code", "Myyjän koodi", "Myyjäkoodi"],
        "campaign_no": ["Campaign No.", "Kampanjan nro", "Kampanjanro"],
        "campaign_target": ["Campaign Target", "Kampanjan kohde"],
        "campaign_response": [
            "Campaign Response",
            "Kampanjan vastaus",
            "Kampanjavastaus",
        ],
        "evaluation": ["Evaluation", "Arviointi", "Arvio"],
        "attempt_failed": [
            "Attempt Failed",
            "Yritys epäonnistui",
            "Yhteydenotto epäonnistui",
        ],
        "canceled": ["Canceled", "Peruutettu"],
        "postponed": ["Postponed", "Lykätty"],
        "subject": ["Subject", "Aihe"],
        "correspondence_type": ["Correspondence Type", "Kirjeenvaihtotyyppi"],
        "contact_via": ["Contact Via", "Yhteystapa", "Yhteyden kautta"],
    },
    "comments": {
        "entry_no": ["Entry No.", "Tapahtumanro", "Tapahtuman nro", "Tapahtuman nro."],
        "line_no": ["Line No.", "Rivinro", "Rivin nro", "Rivin nro."],
        "date": ["Date", "Päivämäärä", "Pvm", "Pvm."],
        "comment": ["Comment", "Huomautus", "Kommentti"],
    },
    "templates": {
        "code": ["Code", "Koodi"],
        "group_code": [
            "Interaction Group Code",
            "Vuorovaikutusryhmän koodi",
            "Vuorovaikutusryhmäkoodi",
        ],
        "name": ["Description", "Kuvaus"],
        "unit_cost": [
            "Unit Cost (LCY)",
            "Yksikkökustannus (PVA)",
            "Yksikkökustannus",
        ],
        "unit_duration": [
            "Unit Duration (Min.)",
            "Yksikön kesto (min.)",
            "Yksikkökesto (min.)",
            "Yksikön kesto",
        ],
        "information_flow": ["Information Flow", "Tiedonkulku", "Tietovirta"],
        "initiated_by": ["Initiated By", "Aloittaja", "Aloitettu"],
        "campaign_no": ["Campaign No.", "Kampanjan nro", "Kampanjanro"],
        "campaign_target": ["Campaign Target", "Kampanjan kohde"],
        "campaign_response": [
            "Campaign Response",
            "Kampanjan vastaus",
            "Kampanjavastaus",
        ],
        "correspondence_type": [
            "Correspondence Type (Default)",
            "Kirjeenvaihtotyyppi (oletus)",
            "Correspondence Type",
            "Kirjeenvaihtotyyppi",
        ],
        "ignore_contact_correspondence_type": [
            "Ignore Contact Corres. Type",
            "Ohita kontaktin kirjeenvaihtotyyppi",
            "Ohita kontaktin kirjeenvaihtotyyp.",
        ],
    },
    "groups": {
        "code": ["Code", "Koodi"],
        "name": ["Description", "Kuvaus"],
    },
    # used for matching only: BC Contact No. -> email, salesperson code -> email
    "contacts": {
        "no": ["No.", "Nro", "Nro."],
        "name": ["Name", "Nimi"],
        "email": ["E-Mail", "Email", "Sähköposti"],
    },
    "salespeople": {
        "code": ["Code", "Koodi"],
        "name": ["Name", "Nimi"],
        "email": ["E-Mail", "Email", "Sähköposti"],
    },
}
# the columns without which a table is not of that kind, in the order kinds
# are recognised (the most specific first)
REQUIRED = [
    ("entries", ("entry_no", "contact_no", "template_code")),
    ("comments", ("entry_no", "comment")),
    ("templates", ("code", "group_code")),
    ("contacts", ("no", "email")),
    ("salespeople", ("code", "email")),
    ("groups", ("code", "name")),
]
CAPTIONS = {
    kind: {
        normalize_caption(caption): fname
        for fname, captions in columns.items()
        for caption in captions
    }
    for kind, columns in KINDS.items()
}

# option values, English and Finnish (normalized)
BOOLEANS = {
    "yes": True,
    "true": True,
    "1": True,
    "x": True,
    "kyllä": True,
    "k": True,
    "no": False,
    "false": False,
    "0": False,
    "ei": False,
    "e": False,
    "": False,
}
OPTIONS = {
    "information_flow": {
        "outbound": "outbound",
        "lähtevä": "outbound",
        "inbound": "inbound",
        "saapuva": "inbound",
        "": None,
    },
    "initiated_by": {"us": "us", "me": "us", "them": "them", "he": "them", "": None},
    "evaluation": {
        "verypositive": "very_positive",
        "erittäinmyönteinen": "very_positive",
        "erittäinpositiivinen": "very_positive",
        "positive": "positive",
        "myönteinen": "positive",
        "positiivinen": "positive",
        "neutral": "neutral",
        "neutraali": "neutral",
        "negative": "negative",
        "kielteinen": "negative",
        "negatiivinen": "negative",
        "verynegative": "very_negative",
        "erittäinkielteinen": "very_negative",
        "erittäinnegatiivinen": "very_negative",
        "": False,
    },
    "correspondence_type": {
        "": "none",
        "none": "none",
        "hardcopy": "hard_copy",
        "paperikopio": "hard_copy",
        "tuloste": "hard_copy",
        "email": "email",
        "sähköposti": "email",
        # faxes are compiled out of BC; old entries are history without sending
        "fax": "none",
        "faksi": "none",
    },
}
# Excel's serial dates count days from 1899-12-30
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
EXCEL_EPOCH_1904 = datetime.datetime(1904, 1, 1)

Cell = namedtuple("Cell", "row column value")


class ReadError(Exception):
    """A problem with the file: ``args[0]`` is a message template with
    ``%(file)s``, ``%(row)s``, ``%(column)s``, ``%(value)s`` placeholders,
    translated by the wizard; ``params`` fills them."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class Table:
    """One BC page export: its kind, its columns, its data rows.

    ``rows`` holds ``(row_number, {field: raw cell value})``; row numbers are
    those a spreadsheet shows (1 = the first line of the file).
    """

    def __init__(self, source, kind, columns, ignored, rows, finnish):
        self.source = source
        self.kind = kind
        # field -> (caption as written, column letter or number)
        self.columns = columns
        self.ignored = ignored
        self.rows = rows
        self.row_count = len(rows)
        self.finnish = finnish
        # Excel's serial dates count from 1904 in some (old Mac) workbooks
        self.date1904 = False

    def column_label(self, fname):
        caption, letter = self.columns[fname]
        return f"{caption} ({letter})"


def column_letter(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_tables(data, file_name):
    """Every BC table found in ``data`` (XLSX, CSV, or a ZIP of those).

    :raise ReadError: the file is none of those, or holds no table with
        captions of a known page
    """
    name = (file_name or "").strip() or "file"
    if zipfile.is_zipfile(io.BytesIO(data)):
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "xl/workbook.xml" in archive.namelist():
            return _tables_or_error(_read_xlsx(data, name), name)
        tables = []
        for info in archive.infolist():
            member = info.filename
            if info.is_dir() or member.startswith(("__MACOSX/", ".")):
                continue
            if member.lower().endswith((".xlsx", ".csv", ".txt")):
                tables += read_tables(archive.read(member), member.split("/")[-1])
        if not tables:
            raise ReadError(_lt("%(file)s holds no XLSX or CSV export."), file=name)
        return tables
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ReadError(
            _lt(
                "%(file)s is an old Excel 97-2003 (.xls) workbook: save it as "
                "Excel Workbook (.xlsx) or CSV and import that."
            ),
            file=name,
        )
    return _tables_or_error(_read_csv(data, name), name)


def _tables_or_error(tables, name):
    if not tables:
        raise ReadError(
            _lt(
                "%(file)s has no columns of a Business Central Interaction Groups, "
                "Interaction Templates, Interaction Log Entries or comment lines "
                "export (English or Finnish captions, such as Entry No., Contact "
                "No., Interaction Template Code)."
            ),
            file=name,
        )
    return tables


SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _tag(name):
    return f"{{{SPREADSHEET_NS}}}{name}"


def _read_xlsx(data, name):
    """The tables of every sheet of an XLSX workbook.

    Read with lxml's streaming parser straight from the Open XML parts: a
    BC export of a hundred thousand entries is two million cells, which
    openpyxl takes several times longer to read. Cells come as Excel stores
    them (text, numbers, booleans); dates and times are Excel serial numbers,
    which the column's parser turns into dates (the workbook's 1900 or 1904
    date system is kept on the table).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        properties = workbook.find(_tag("workbookPr"))
        date1904 = properties is not None and properties.get("date1904") in (
            "1",
            "true",
        )
        targets = {
            rel.get("Id"): rel.get("Target")
            for rel in relations.iter(f"{{{PACKAGE_RELATIONSHIP_NS}}}Relationship")
        }
        sheets = []
        for sheet in workbook.iter(_tag("sheet")):
            target = targets.get(sheet.get(f"{{{RELATIONSHIP_NS}}}id"), "")
            target = target.lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            sheets.append((sheet.get("name"), path))
        shared = _read_shared_strings(archive)
        tables = []
        for title, path in sheets:
            source = f"{name} [{title}]" if len(sheets) > 1 else name
            wanted = set()
            table = _find_table(
                source, _xlsx_rows(archive, path, shared, wanted), wanted
            )
            if table:
                table.date1904 = date1904
                tables.append(table)
    except (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError) as error:
        raise ReadError(
            _lt("%(file)s cannot be read as an Excel workbook: %(value)s"),
            file=name,
            value=str(error),
        ) from error
    return tables


def _read_shared_strings(archive):
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    text_tag, run_tag, item_tag = _tag("t"), _tag("r"), _tag("si")
    with archive.open("xl/sharedStrings.xml") as part:
        for _event, item in etree.iterparse(part, tag=item_tag):
            # the text and its rich-text runs, not the phonetic hints
            parts = []
            for node in item:
                if node.tag == run_tag:
                    node = node.find(text_tag)
                elif node.tag != text_tag:
                    continue
                if node is not None:
                    parts.append(node.text or "")
            strings.append("".join(parts))
            item.clear()
    return strings


def _column_index(reference):
    """``"AB12"`` -> 27."""
    index = 0
    for char in reference:
        if char.isdigit():
            break
        index = index * 26 + ord(char.upper()) - 64
    return index - 1


def _xlsx_rows(archive, path, shared, wanted):
    """``(row number, values)`` of a worksheet part, streamed; once
    ``wanted`` holds column indexes (the header is found), only those
    columns are read."""
    row_tag, value_tag, inline_tag = _tag("row"), _tag("v"), _tag("is")
    text_tag = _tag("t")
    digits = "0123456789"
    indexes = {}
    with archive.open(path) as part:
        number = 0
        for _event, row in etree.iterparse(part, tag=row_tag):
            number = int(row.get("r") or number + 1)
            values = []
            for cell in row:
                reference = cell.get("r")
                if reference:
                    letters = reference.rstrip(digits)
                    index = indexes.get(letters)
                    if index is None:
                        index = indexes[letters] = _column_index(letters)
                    if wanted and index not in wanted:
                        continue
                    if index > len(values):
                        values.extend([None] * (index - len(values)))
                kind = cell.get("t")
                raw = None
                for child in cell:
                    if child.tag == value_tag:
                        raw = child.text
                    elif child.tag == inline_tag:
                        raw = "".join(t.text or "" for t in child.iter(text_tag))
                if kind == "s":
                    value = shared[int(raw)]
                elif kind == "b":
                    value = raw == "1"
                elif kind in ("str", "e", "d", "inlineStr"):
                    value = raw
                elif not raw:
                    value = None
                else:
                    value = float(raw)
                    if value.is_integer() and raw.isdigit():
                        value = int(raw)
                values.append(value)
            yield number, tuple(values)
            # what is read is not kept
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data, name):
    text = _decode(data)
    if "\x00" in text:
        raise ReadError(
            _lt("%(file)s is neither an Excel workbook (.xlsx) nor a CSV file."),
            file=name,
        )
    sample = text[:20000]
    first_lines = sample.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max(
        (";", ",", "\t"), key=lambda d: sum(line.count(d) for line in first_lines)
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = _find_table(name, enumerate(reader, start=1))
    return [table] if table else []


def _find_table(source, rows, wanted=None):
    """The table of ``rows`` (an iterator of ``(row number, values)``): its
    header is the first of the first rows whose captions make a known kind.
    The indexes of the columns read are added to ``wanted`` (when given)."""
    rows = iter(rows)
    for number, header in rows:
        if number > HEADER_SEARCH_ROWS:
            return None
        found = _match_header(header)
        if found:
            kind, positions, ignored, finnish = found
            break
    else:
        return None
    if wanted is not None:
        wanted.update(positions.values())
    data_rows = []
    for row_number, row in rows:
        values = {}
        empty = True
        for fname, index in positions.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, ""):
                empty = False
            values[fname] = value
        if not empty:
            data_rows.append((row_number, values))
    columns = {
        fname: (str(header[index]).strip(), column_letter(index))
        for fname, index in positions.items()
    }
    return Table(source, kind, columns, ignored, data_rows, finnish)


def _match_header(header):
    normalized = [normalize_caption(cell) for cell in header]
    present = {n for n in normalized if n}
    for kind, required in REQUIRED:
        captions = CAPTIONS[kind]
        fields_found = {captions[n] for n in present if n in captions}
        if not set(required) <= fields_found:
            continue
        positions = {}
        ignored = []
        for index, caption in enumerate(normalized):
            fname = captions.get(caption)
            if fname and fname not in positions:
                positions[fname] = index
            elif caption:
                ignored.append(str(header[index]).strip())
        finnish = any(
            normalize_caption(captions_list[0]) not in present
            and any(normalize_caption(c) in present for c in captions_list[1:])
            for captions_list in KINDS[kind].values()
        )
        return kind, positions, ignored, finnish
    return None


# ------------------------------------------------------------
# VALUES
# ------------------------------------------------------------


class ValueParser:
    """Turns the raw cells of one table into values, raising ``ReadError``
    with the row and column of a cell it cannot read."""

    def __init__(self, table):
        self.table = table
        self.slash_day_first = self._guess_slash_order()

    def _error(self, row, fname, value, code):
        raise ReadError(
            code,
            file=self.table.source,
            row=row,
            column=self.table.column_label(fname),
            value=value,
        )

    def _guess_slash_order(self):
        """Slash dates are month/day in US English and day/month elsewhere:
        decide from the file (a first part above 12 is a day)."""
        if "date" not in self.table.columns:
            return False
        for _row, values in self.table.rows:
            value = values.get("date")
            if isinstance(value, str) and "/" in value:
                parts = value.split("/")
                if len(parts) == 3 and parts[0].isdigit() and int(parts[0]) > 12:
                    return True
        return False

    def text(self, row, values, fname):
        value = values.get(fname)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def boolean(self, row, values, fname):
        value = values.get(fname)
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return bool(value)
        key = normalize_caption(value)
        if key not in BOOLEANS:
            self._error(
                row,
                fname,
                value,
                _lt(
                    "%(file)s, row %(row)s, column %(column)s: %(value)s is not "
                    "Yes or No."
                ),
            )
        return BOOLEANS[key]

    def option(self, row, values, fname, option):
        value = values.get(fname)
        key = normalize_caption(value)
        if key not in OPTIONS[option]:
            self._error(
                row,
                fname,
                value,
                _lt(
                    "%(file)s, row %(row)s, column %(column)s: %(value)s is not a "
                    "value of this field."
                ),
            )
        return OPTIONS[option][key]

    def number(self, row, values, fname, integer=False, minimum=0):
        """A number as BC writes it (``1,234.50`` in English, ``1 234,50`` in
        Finnish); empty is 0 (BC leaves zero amounts blank)."""
        value = values.get(fname)
        if value is None or value == "":
            number = 0
        elif isinstance(value, bool):
            self._error(row, fname, value, NOT_A_NUMBER)
        elif isinstance(value, int | float):
            number = value
        else:
            number = self._parse_number(row, fname, str(value))
        if integer:
            if float(number) != int(number):
                self._error(
                    row,
                    fname,
                    value,
                    _lt(
                        "%(file)s, row %(row)s, column %(column)s: %(value)s is not "
                        "a whole number."
                    ),
                )
            number = int(number)
        if number < minimum:
            self._error(
                row,
                fname,
                value,
                _lt(
                    "%(file)s, row %(row)s, column %(column)s: %(value)s cannot be "
                    "negative."
                ),
            )
        return number

    def _parse_number(self, row, fname, text):
        cleaned = re.sub(r"[\s\u00a0\u202f']", "", text).replace("\u2212", "-")
        if "," in cleaned and "." in cleaned:
            # the last one is the decimal separator
            if cleaned.rfind(",") > cleaned.rfind("."):
                cleaned = cleaned.replace(".", "").replace(",", ".")
            else:
                cleaned = cleaned.replace(",", "")
        elif "," in cleaned:
            if not self.table.finnish and re.fullmatch(r"-?\d{1,3}(,\d{3})+", cleaned):
                cleaned = cleaned.replace(",", "")
            else:
                cleaned = cleaned.replace(",", ".")
        try:
            return float(cleaned) if "." in cleaned else int(cleaned)
        except ValueError:
            self._error(row, fname, text, NOT_A_NUMBER)

    def entry_number(self, row, values, fname):
        """BC's Entry No. (an integer), as text."""
        value = values.get(fname)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value if value is not None else ""))
        if not text.isdigit():
            self._error(
                row,
                fname,
                value,
                _lt(
                    "%(file)s, row %(row)s, column %(column)s: %(value)s is not an "
                    "entry number."
                ),
            )
        return str(int(text))

    def date(self, row, values, fname):
        value = values.get(fname)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            epoch = EXCEL_EPOCH_1904 if self.table.date1904 else EXCEL_EPOCH
            if 1 <= value < 2958466:
                return (epoch + datetime.timedelta(days=int(value))).date()
            self._error(row, fname, value, NOT_A_DATE)
        text = str(value or "").strip()
        text = text.split(" ")[0].split("T")[0]
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            year, month, day = match.groups()
        else:
            match = re.fullmatch(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})", text)
            if not match:
                self._error(row, fname, value, NOT_A_DATE)
            first, separator, second, year = match.groups()
            if separator == "/" and not self.slash_day_first:
                month, day = first, second
            else:
                day, month = first, second
            if len(year) == 2:
                year = "20" + year if int(year) < 70 else "19" + year
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            self._error(row, fname, value, NOT_A_DATE)

    def time(self, row, values, fname):
        """The time of day; empty is midnight (BC's 0:00:00)."""
        value = values.get(fname)
        if value is None or value == "":
            return datetime.time()
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 0 <= value < 1:
                seconds = round(value * 86400)
                return (
                    datetime.datetime.min + datetime.timedelta(seconds=seconds)
                ).time()
            self._error(row, fname, value, NOT_A_TIME)
        text = str(value).strip().upper()
        match = re.fullmatch(
            r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(AM|PM|AP|IP)?", text
        )
        if not match:
            self._error(row, fname, value, NOT_A_TIME)
        hour, minute, second, meridiem = match.groups()
        hour, minute, second = int(hour), int(minute), int(second or 0)
        if meridiem in ("PM", "IP") and hour < 12:
            hour += 12
        elif meridiem in ("AM", "AP") and hour == 12:
            hour = 0
        try:
            return datetime.time(hour, minute, second)
        except ValueError:
            self._error(row, fname, value, NOT_A_TIME)


NOT_A_NUMBER = _lt(
    "%(file)s, row %(row)s, column %(column)s: %(value)s is not a number."
)
NOT_A_DATE = _lt("%(file)s, row %(row)s, column %(column)s: %(value)s is not a date.")
NOT_A_TIME = _lt(
    "%(file)s, row %(row)s, column %(column)s: %(value)s is not a time of day."
)
