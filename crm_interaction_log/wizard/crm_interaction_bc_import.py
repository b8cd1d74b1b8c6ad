import base64
import datetime
import json
import re
from collections import defaultdict, namedtuple

import psycopg2
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize, float_round, mute_logger, split_every

from ..models.crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH
from .crm_interaction_bc_import_reader import ReadError, ValueParser, _lt, read_tables

# entries written per INSERT statement
INSERT_BATCH_SIZE = 20000
# problems listed in an error message about a bad file
MAX_ERRORS_SHOWN = 10
# rows to check kept in the report (a file of strangers would list them all)
MAX_ISSUES_LISTED = 10000
KIND_ORDER = ("groups", "templates", "contacts", "salespeople", "entries", "comments")


class CrmInteractionBcImport(models.TransientModel):
    """Import from Business Central: the interaction history a company leaves
    behind in BC (its Interaction Groups, Interaction Templates, Interaction
    Log Entries and their comment lines, exported with "Open in Excel").

    The dry run reads everything and reports what an import would create and
    every row it would leave out, with the reason; the import does it in the
    same transaction (all or nothing). Entries keep BC's Entry No. in
    ``external_ref``: importing the same export again adds nothing, a newer
    export adds only the new entries.
    """

    _name = "crm.interaction.bc.import"
    _description = "Import from Business Central"

    data_file = fields.Binary(
        string="File",
        required=True,
        attachment=False,
        help="An export of Business Central's Interaction Groups, Interaction "
        "Templates, Interaction Log Entries or comment lines (Open in Excel: "
        "XLSX, or CSV), or a ZIP archive of several.",
    )
    file_name = fields.Char()
    dry_run = fields.Boolean(
        default=True,
        help="Only check the file and report what the import would do.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    state = fields.Selection(
        [("draft", "New"), ("checked", "Checked"), ("done", "Imported")],
        default="draft",
        readonly=True,
    )
    summary = fields.Html(readonly=True, sanitize=False)
    entry_new_count = fields.Integer(string="New Entries", readonly=True)
    entry_canceled_count = fields.Integer(string="Canceled Entries", readonly=True)
    entry_existing_count = fields.Integer(string="Already Imported", readonly=True)
    entry_skipped_count = fields.Integer(string="Rows Left Out", readonly=True)
    group_new_count = fields.Integer(string="New Groups", readonly=True)
    template_new_count = fields.Integer(string="New Templates", readonly=True)
    campaign_new_count = fields.Integer(string="New Campaigns", readonly=True)
    comment_entry_count = fields.Integer(string="Entries With Comments", readonly=True)
    issue_ids = fields.One2many(
        "crm.interaction.bc.import.issue", "wizard_id", string="Rows to Check"
    )
    issue_count = fields.Integer(compute="_compute_issue_count")

    @api.depends("issue_ids")
    def _compute_issue_count(self):
        for wizard in self:
            wizard.issue_count = len(wizard.issue_ids)

    @api.onchange("data_file")
    def _onchange_data_file(self):
        # a new file needs a new dry run
        self.state = "draft"
        self.summary = False

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_dry_run(self):
        """Check the file: what an import would create and leave out."""
        self.dry_run = True
        return self.action_import()

    def action_run_import(self):
        """Import for real (after a dry run)."""
        self.dry_run = False
        return self.action_import()

    def action_import(self):
        """Read the file, then report (dry run) or import.

        :raise UserError: the file cannot be read (naming the row and column),
            or its entries use template or group codes found neither in Odoo
            nor in the file (listing them)
        """
        self.ensure_one()
        if not self.data_file:
            raise UserError(self.env._("Choose the file to import."))
        plan = self._make_plan()
        if not self.dry_run:
            # all or nothing, also for a caller that catches the error
            with self.env.cr.savepoint():
                self._execute_plan(plan)
        self._write_report(plan)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Import from Business Central"),
            # room for the rows to check
            "context": {"dialog_size": "extra-large"},
        }

    def action_open_entries(self):
        """The imported entries of the company, in the log."""
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [("external_ref", "!=", False), ("company_id", "=", self.company_id.id)],
            self.env._("Imported from Business Central"),
        )

    # ------------------------------------------------------------
    # READING
    # ------------------------------------------------------------

    def _read_error(self, error):
        return UserError(self.env._(error.code, **error.params))  # pylint: disable=translation-required

    def _read_tables(self):
        try:
            return read_tables(base64.b64decode(self.data_file), self.file_name)
        except ReadError as error:
            raise self._read_error(error) from error

    def _make_plan(self):
        """Everything the import would do, read and matched, nothing written."""
        tables = self._read_tables()
        plan = ImportPlan(self)
        by_kind = defaultdict(list)
        for table in tables:
            by_kind[table.kind].append(table)
        errors = []
        for kind in KIND_ORDER:
            for table in by_kind[kind]:
                plan.tables.append(table)
                try:
                    getattr(plan, f"read_{kind}")(table, ValueParser(table))
                    # what is read is kept in the plan, not twice
                    table.rows = None
                except ReadError as error:
                    errors.append(self.env._(error.code, **error.params))  # pylint: disable=translation-required
        if errors:
            raise UserError(
                self.env._(
                    "The file cannot be imported: %(problems)s",
                    problems="\n".join(errors[:MAX_ERRORS_SHOWN]),
                )
            )
        plan.match()
        return plan

    # ------------------------------------------------------------
    # WRITING
    # ------------------------------------------------------------

    def _execute_plan(self, plan):
        company = self.company_id
        Group = self.env["crm.interaction.group"]
        Template = self.env["crm.interaction.template"]
        group_ids = dict(plan.group_ids)
        if plan.new_groups:
            groups = Group.create(
                [dict(vals, company_id=company.id) for vals in plan.new_groups.values()]
            )
            group_ids.update(zip(plan.new_groups, groups.ids, strict=True))
        campaign_ids = dict(plan.campaign_ids)
        if plan.new_campaigns:
            campaigns = self.env["utm.campaign"].create(
                [{"name": name} for name in plan.new_campaigns.values()]
            )
            campaign_ids.update(zip(plan.new_campaigns, campaigns.ids, strict=True))
        template_ids = dict(plan.template_ids)
        if plan.new_templates:
            templates = Template.create(
                [
                    {
                        **{k: v for k, v in vals.items() if k[0] != "_"},
                        "group_id": group_ids[vals["_group_code"]],
                        "campaign_id": campaign_ids.get(vals["_campaign_key"], False),
                        "company_id": company.id,
                    }
                    for vals in plan.new_templates.values()
                ]
            )
            template_ids.update(zip(plan.new_templates, templates.ids, strict=True))
        vals_list = []
        canceled = []
        for entry in plan.entries:
            if entry.canceled:
                canceled.append(entry.values["external_ref"])
            # the planned values are not needed afterwards: no copy
            vals = entry.values
            vals["template_id"] = template_ids[entry.template_code]
            vals["group_id"] = group_ids[entry.group_code]
            vals["campaign_id"] = campaign_ids.get(entry.campaign_key, False)
            vals["note"] = plan.comment_html(entry.values["external_ref"])
            vals_list.append(vals)
        self._insert_entries(vals_list)
        if canceled:
            # through the one status path: the status history says when and
            # by whom, as for any canceled entry
            self.env["crm.interaction.log.entry"].search(
                [
                    ("external_ref", "in", canceled),
                    ("company_id", "=", company.id),
                ]
            )._change_state("canceled")
        self._add_comments_to_existing(plan)
        self.state = "done"

    def _add_comments_to_existing(self, plan):
        """Comment lines of entries imported earlier, on those that have none
        yet (a comment typed in Odoo since is never overwritten)."""
        refs = [ref for ref in plan.comments if ref in plan.existing_refs]
        if not refs:
            return
        Entry = self.env["crm.interaction.log.entry"]
        existing = Entry.search(
            [("external_ref", "in", refs), ("company_id", "=", self.company_id.id)]
        )
        for entry in existing:
            if not entry.note:
                entry.with_context(tracking_disable=True).note = plan.comment_html(
                    entry.external_ref
                )

    def _insert_entries(self, vals_list):
        """Create imported log entries set-based: one ``INSERT ... SELECT``
        per batch of twenty thousand.

        A hundred thousand entries must import in well under a minute, which
        the ORM's create (mail thread, computes, one cache entry per field)
        cannot. ``vals_list`` holds every value a create would compute
        (contact company, template values, salesperson); fields left out get
        their defaults and each value is converted for its column by its own
        field, as a create does (see ``_column_converter``).
        ``tests/test_bc_import.py`` checks the result equals ``create()``.
        The access rules and the entry's constraints are checked on the
        result as after a create.

        :return: the created entries, in the order of ``vals_list``
        """
        Entry = self.env["crm.interaction.log.entry"]
        if not vals_list:
            return Entry
        magic = {"id", "create_uid", "create_date", "write_uid", "write_date"}
        stored = {
            fname: field
            for fname, field in Entry._fields.items()
            if field.store and field.column_type and fname not in magic
        }
        given = set().union(*vals_list)
        defaults = Entry.default_get(
            [
                fname
                for fname, field in stored.items()
                if fname not in given and not field.compute
            ]
        )
        columns = sorted((given | set(defaults)) & set(stored))
        converters = {fname: self._column_converter(stored[fname]) for fname in columns}
        self.env.flush_all()
        ref_by_id = {}
        now = self.env.cr.now()
        for batch in split_every(INSERT_BATCH_SIZE, vals_list, list):
            rows = [{} for _vals in batch]
            for fname in columns:
                convert = converters[fname]
                default = defaults.get(fname)
                for row, vals in zip(rows, batch, strict=True):
                    row[fname] = convert(vals.get(fname, default))
            # one JSON document per batch: the database reads it in one go,
            # where an array or a VALUES list of as many parameters would be
            # parsed and planned expression by expression
            query = SQL(
                """INSERT INTO crm_interaction_log_entry (%(columns)s, create_uid,
                                                          create_date, write_uid,
                                                          write_date)
                   SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM json_to_recordset(%(rows)s::json) AS r(%(types)s)
                RETURNING id, external_ref""",
                columns=SQL(", ").join(SQL.identifier(fname) for fname in columns),
                types=SQL(", ").join(
                    SQL(
                        "%s %s",
                        SQL.identifier(fname),
                        SQL(stored[fname].column_type[1]),
                    )  # pylint: disable=sql-injection
                    for fname in columns
                ),
                uid=self.env.uid,
                now=now,
                rows=json.dumps(rows, default=str),
            )
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    ref_by_id.update(self.env.execute_query(query))
            except psycopg2.errors.UniqueViolation as error:
                raise UserError(
                    self.env._(
                        "Some of these entries were imported by someone else at "
                        "the same time. Run the import again: entries already "
                        "imported are left as they are."
                    )
                ) from error
        self.env.invalidate_all()
        entries = Entry.browse(sorted(ref_by_id))
        missing = [
            stored[fname]
            for fname in stored
            if stored[fname].compute and fname not in columns
        ]
        for field in missing:
            self.env.add_to_compute(field, entries)
        entries.check_access("create")
        # the entry's constraints on what was written, as a create runs them
        # (the import is atomic: a refused value leaves nothing behind)
        # (by batches: a hundred thousand entries are not held in the cache)
        for batch_ids in split_every(INSERT_BATCH_SIZE, entries.ids):
            Entry.browse(batch_ids)._validate_fields(columns)
            Entry.invalidate_model()
        return entries

    def _column_converter(self, field):
        """The function turning a value into the column value of ``field``:
        the field's own conversion (as a create does), once per distinct
        value. Amounts are inserted as given (already rounded to the
        currency), and comments are HTML the import built from escaped text,
        which sanitizing again would leave as it is (the parity test checks
        both)."""
        Entry = self.env["crm.interaction.log.entry"]
        if field.type == "monetary":
            return lambda value: float(value or 0.0)
        if field.type == "html":
            return lambda value: str(value) if value else None
        cache = {}

        def convert(value):
            try:
                return cache[value]
            except KeyError:
                result = cache[value] = field.convert_to_column_insert(value, Entry)
                return result
            except TypeError:
                # unhashable (a list of commands): no cache
                return field.convert_to_column_insert(value, Entry)

        return convert

    def _write_report(self, plan):
        self.issue_ids.unlink()
        self.write(
            {
                "state": "done" if not self.dry_run else "checked",
                "summary": plan.summary_html(done=not self.dry_run),
                "entry_new_count": len(plan.entries),
                "entry_canceled_count": sum(e.canceled for e in plan.entries),
                "entry_existing_count": plan.existing_count,
                "entry_skipped_count": plan.skipped_count,
                "group_new_count": len(plan.new_groups),
                "template_new_count": len(plan.new_templates),
                "campaign_new_count": len(plan.new_campaigns),
                "comment_entry_count": plan.comment_entry_count,
                "issue_ids": [(0, 0, vals) for vals in plan.issues],
            }
        )


class CrmInteractionBcImportIssue(models.TransientModel):
    """A row of a Business Central export that the import leaves out, or
    imports with something missing, and why."""

    _name = "crm.interaction.bc.import.issue"
    _description = "Import from Business Central: Row to Check"
    _order = "id"

    wizard_id = fields.Many2one(
        "crm.interaction.bc.import", required=True, ondelete="cascade"
    )
    source = fields.Char(string="File")
    row = fields.Integer()
    column = fields.Char()
    value = fields.Char()
    reason = fields.Char()
    result = fields.Selection(
        [("skipped", "Not imported"), ("warning", "Imported")], required=True
    )


MatchedPartner = namedtuple(
    "MatchedPartner", "id commercial_id user_id name is_company blocked"
)


class PlannedEntry:
    __slots__ = ("values", "template_code", "group_code", "campaign_key", "canceled")

    def __init__(self, values, template_code, group_code, campaign_key, canceled):
        self.values = values
        self.template_code = template_code
        self.group_code = group_code
        self.campaign_key = campaign_key
        self.canceled = canceled


class ImportPlan:
    """What an import reads and would write; filled table by table (groups
    first, comments last), then matched to Odoo's records in a few queries."""

    def __init__(self, wizard):
        self.wizard = wizard
        self.env = wizard.env
        self.company = wizard.company_id
        self.tables = []
        self.issues = []
        # code -> id (existing) / code -> create values (new)
        self.group_ids = {}
        self.new_groups = {}
        self.template_ids = {}
        self.new_templates = {}
        # lower-case name -> id / name
        self.campaign_ids = {}
        self.new_campaigns = {}
        self.contact_emails = {}
        self.salesperson_emails = {}
        # rows of entries files, read: (table, row, parsed values)
        self.entry_rows = []
        self.entries = []
        self.existing_refs = set()
        # entry numbers of rows left out (their comments go with them)
        self.skipped_refs = set()
        self.existing_count = 0
        self.skipped_count = 0
        self.warning_count = 0
        # BC Entry No. -> [(line no, date, comment)]
        self.comments = defaultdict(list)
        self.comment_entry_count = 0
        self.comment_rows = {}
        self.file_template_codes = {}
        tz_name = self.env.user.tz or self.env.context.get("tz") or "UTC"
        try:
            self.tz = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            self.tz = pytz.utc

    # -- issues ---------------------------------------------------

    def issue(self, table, row, fname, value, reason, skipped=True):
        if skipped:
            self.skipped_count += 1
        else:
            self.warning_count += 1
        if len(self.issues) >= MAX_ISSUES_LISTED:
            return
        self.issues.append(
            {
                "source": table.source,
                "row": row,
                "column": table.column_label(fname) if fname in table.columns else "",
                "value": "" if value is None else str(value)[:200],
                "reason": reason,
                "result": "skipped" if skipped else "warning",
            }
        )

    def _code(self, model, table, parser, row, values, fname):
        """A group or template code, normalized as Odoo stores it."""
        text = parser.text(row, values, fname)
        try:
            return self.env[model]._normalize_code(text)
        except ValidationError as error:
            raise ReadError(
                _lt("%(file)s, row %(row)s, column %(column)s: %(value)s"),
                file=table.source,
                row=row,
                column=table.column_label(fname),
                value=error.args[0],
            ) from error

    def _config_ids(self, model, codes):
        """code -> id of the company's (or shared) groups or templates."""
        if not codes:
            return {}
        records = (
            self.env[model]
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("code", "in", list(codes)),
                    ("company_id", "in", [self.company.id, False]),
                ],
                [
                    "code",
                    "company_id",
                    "name",
                    "group_id",
                    "information_flow",
                    "initiated_by",
                ]
                if model == "crm.interaction.template"
                else ["code", "company_id"],
            )
        )
        result = {}
        # the company's own record wins over a shared one
        for record in records.sorted(lambda r: bool(r.company_id)):
            result[record.code] = record
        return result

    # -- reading each kind ---------------------------------------

    def read_groups(self, table, parser):
        rows = []
        for row, values in table.rows:
            code = self._code(
                "crm.interaction.group", table, parser, row, values, "code"
            )
            rows.append((row, code, parser.text(row, values, "name")))
        existing = self._config_ids("crm.interaction.group", {r[1] for r in rows})
        for row, code, name in rows:
            if code in existing:
                self.group_ids[code] = existing[code].id
            elif code in self.new_groups:
                self.issue(
                    table,
                    row,
                    "code",
                    code,
                    self.env._(
                        "The group code appears twice: the first row is imported."
                    ),
                    skipped=False,
                )
            else:
                self.new_groups[code] = {"code": code, "name": name or code}

    def read_templates(self, table, parser):
        rows = []
        for row, values in table.rows:
            code = self._code(
                "crm.interaction.template", table, parser, row, values, "code"
            )
            group_code = self._code(
                "crm.interaction.group", table, parser, row, values, "group_code"
            )
            vals = {
                "code": code,
                "name": parser.text(row, values, "name") or code,
                "unit_cost": parser.number(row, values, "unit_cost"),
                "unit_duration": parser.number(
                    row, values, "unit_duration", integer=True
                ),
                "information_flow": parser.option(
                    row, values, "information_flow", "information_flow"
                )
                or "outbound",
                "initiated_by": parser.option(
                    row, values, "initiated_by", "initiated_by"
                )
                or "us",
                "correspondence_type": parser.option(
                    row, values, "correspondence_type", "correspondence_type"
                ),
                "ignore_contact_correspondence_type": parser.boolean(
                    row, values, "ignore_contact_correspondence_type"
                ),
                "campaign_target": parser.boolean(row, values, "campaign_target"),
                "campaign_response": parser.boolean(row, values, "campaign_response"),
                "_group_code": group_code,
                "_campaign_key": self._campaign_key(
                    parser.text(row, values, "campaign_no")
                ),
            }
            rows.append((row, vals))
        existing = self._config_ids(
            "crm.interaction.template", {r[1]["code"] for r in rows}
        )
        missing_groups = defaultdict(list)
        for row, vals in rows:
            code = vals["code"]
            if code in existing:
                self.template_ids[code] = existing[code].id
                continue
            if code in self.new_templates:
                self.issue(
                    table,
                    row,
                    "code",
                    code,
                    self.env._(
                        "The template code appears twice: the first row is imported."
                    ),
                    skipped=False,
                )
                continue
            group_code = vals["_group_code"]
            if group_code not in self.group_ids and group_code not in self.new_groups:
                self.group_ids.update(
                    {
                        c: r.id
                        for c, r in self._config_ids(
                            "crm.interaction.group", {group_code}
                        ).items()
                    }
                )
            if group_code not in self.group_ids and group_code not in self.new_groups:
                missing_groups[group_code].append(row)
                continue
            self.new_templates[code] = vals
        if missing_groups:
            raise ReadError(
                _lt(
                    "%(file)s: the interaction group codes %(value)s (rows %(row)s) "
                    "exist neither in Odoo nor in the file. Import the Interaction "
                    "Groups export with them first, or create them in Odoo."
                ),
                file=table.source,
                value=", ".join(sorted(missing_groups)),
                row=", ".join(
                    str(r) for rows in missing_groups.values() for r in rows[:3]
                ),
            )

    def read_contacts(self, table, parser):
        for row, values in table.rows:
            number = parser.text(row, values, "no")
            email = email_normalize(parser.text(row, values, "email"))
            if number and email:
                self.contact_emails[number] = email

    def read_salespeople(self, table, parser):
        for row, values in table.rows:
            code = parser.text(row, values, "code").upper()
            email = email_normalize(parser.text(row, values, "email"))
            if code and email:
                self.salesperson_emails[code] = email

    def read_entries(self, table, parser):
        for row, values in table.rows:
            fields_ = table.columns
            parsed = {
                "entry_no": parser.entry_number(row, values, "entry_no"),
                "contact_no": parser.text(row, values, "contact_no"),
                "contact_email": email_normalize(
                    parser.text(row, values, "contact_email")
                )
                if "contact_email" in fields_
                else False,
                "date": parser.date(row, values, "date") if "date" in fields_ else None,
                "time": parser.time(row, values, "time"),
                "template_code": self._code(
                    "crm.interaction.template",
                    table,
                    parser,
                    row,
                    values,
                    "template_code",
                ),
                "group_code": self._code(
                    "crm.interaction.group", table, parser, row, values, "group_code"
                )
                if parser.text(row, values, "group_code")
                else None,
                "description": parser.text(row, values, "description"),
                "subject": parser.text(row, values, "subject"),
                "information_flow": parser.option(
                    row, values, "information_flow", "information_flow"
                ),
                "initiated_by": parser.option(
                    row, values, "initiated_by", "initiated_by"
                ),
                "cost": parser.number(row, values, "cost"),
                "duration": parser.number(row, values, "duration", integer=True),
                "salesperson_code": parser.text(
                    row, values, "salesperson_code"
                ).upper(),
                "campaign_no": parser.text(row, values, "campaign_no"),
                "campaign_target": parser.boolean(row, values, "campaign_target"),
                "campaign_response": parser.boolean(row, values, "campaign_response"),
                "evaluation": parser.option(row, values, "evaluation", "evaluation"),
                "attempt_failed": parser.boolean(row, values, "attempt_failed"),
                "canceled": parser.boolean(row, values, "canceled"),
                "postponed": parser.boolean(row, values, "postponed"),
                "correspondence_type": parser.option(
                    row, values, "correspondence_type", "correspondence_type"
                ),
                "contact_via": parser.text(row, values, "contact_via"),
            }
            if parsed["date"] is None:
                raise ReadError(
                    _lt(
                        "%(file)s: the column %(column)s is missing: the entries "
                        "cannot be dated."
                    ),
                    file=table.source,
                    column="Date",
                )
            self.entry_rows.append((table, row, parsed))

    def read_comments(self, table, parser):
        for row, values in table.rows:
            entry_no = parser.entry_number(row, values, "entry_no")
            line_no = (
                parser.number(row, values, "line_no", integer=True)
                if "line_no" in table.columns
                else row
            )
            date = parser.date(row, values, "date") if values.get("date") else None
            text = parser.text(row, values, "comment")
            if text:
                self.comments[entry_no].append((line_no, date, text))
                self.comment_rows.setdefault(entry_no, (table, row))

    # -- matching -------------------------------------------------

    def _campaign_key(self, name):
        name = (name or "").strip()
        if not name:
            return False
        key = name.casefold()
        if key not in self.campaign_ids and key not in self.new_campaigns:
            self.new_campaigns[key] = name
        return key

    def comment_html(self, entry_no):
        lines = self.comments.get(entry_no)
        if not lines:
            return False
        parts = []
        for _line_no, date, text in sorted(lines, key=lambda line: line[0]):
            if date:
                parts.append(
                    Markup("<p>%s: %s</p>") % (fields.Date.to_string(date), text)
                )
            else:
                parts.append(Markup("<p>%s</p>") % text)
        return Markup("").join(parts)

    def match(self):
        """Match the entries read to contacts, salespeople, campaigns,
        templates and groups; refuse codes found nowhere."""
        self._match_campaigns()
        rows = self.entry_rows
        if not rows:
            self.existing_refs = self._existing_refs(set(self.comments))
            self._count_comments()
            return
        # templates and groups used by entries, not in a file of this import
        wanted_templates = {p["template_code"] for _t, _r, p in rows} - set(
            self.new_templates
        )
        known_templates = self._config_ids("crm.interaction.template", wanted_templates)
        self.template_ids.update({c: r.id for c, r in known_templates.items()})
        template_info = {
            code: (
                record.group_id.code,
                record.name,
                record.information_flow,
                record.initiated_by,
            )
            for code, record in known_templates.items()
        }
        template_info.update(
            {
                code: (
                    vals["_group_code"],
                    vals["name"],
                    vals["information_flow"],
                    vals["initiated_by"],
                )
                for code, vals in self.new_templates.items()
            }
        )
        wanted_groups = {p["group_code"] for _t, _r, p in rows if p["group_code"]}
        wanted_groups -= set(self.new_groups) | set(self.group_ids)
        self.group_ids.update(
            {
                c: r.id
                for c, r in self._config_ids(
                    "crm.interaction.group", wanted_groups
                ).items()
            }
        )
        for group_code, *_values in template_info.values():
            if group_code and group_code not in self.group_ids:
                self.group_ids.update(
                    {
                        c: r.id
                        for c, r in self._config_ids(
                            "crm.interaction.group", {group_code}
                        ).items()
                    }
                )
        missing_templates = sorted(
            {p["template_code"] for _t, _r, p in rows} - set(template_info)
        )
        missing_groups = sorted(
            {p["group_code"] for _t, _r, p in rows if p["group_code"]}
            - set(self.group_ids)
            - set(self.new_groups)
        )
        if missing_templates or missing_groups:
            problems = []
            if missing_templates:
                problems.append(
                    self.env._(
                        "interaction template codes: %(codes)s",
                        codes=", ".join(missing_templates),
                    )
                )
            if missing_groups:
                problems.append(
                    self.env._(
                        "interaction group codes: %(codes)s",
                        codes=", ".join(missing_groups),
                    )
                )
            raise UserError(
                self.env._(
                    "The entries use codes that exist neither in Odoo nor in the "
                    "files of this import (%(problems)s). Import the Interaction "
                    "Templates and Interaction Groups exports with them (in the "
                    "same ZIP archive or first), or create them in Odoo.",
                    problems="; ".join(problems),
                )
            )
        self._match_entries(rows, template_info)
        self.entry_rows = None
        self._count_comments()

    def _match_campaigns(self):
        names = list(self.new_campaigns.values())
        if not names:
            return
        domain = ["|"] * (len(names) - 1) + [
            ("name", "=ilike", re.sub(r"([\\%_])", r"\\\1", n)) for n in names
        ]
        for campaign in (
            self.env["utm.campaign"]
            .with_context(active_test=False)
            .search_fetch(domain, ["name"])
        ):
            key = campaign.name.casefold()
            if key in self.new_campaigns:
                self.campaign_ids[key] = campaign.id
                del self.new_campaigns[key]

    def _count_comments(self):
        imported = {e.values["external_ref"] for e in self.entries}
        for ref in self.comments:
            if ref in imported or ref in self.existing_refs:
                self.comment_entry_count += 1
            elif ref not in self.skipped_refs:
                table, row = self.comment_rows[ref]
                self.issue(
                    table,
                    row,
                    "entry_no",
                    ref,
                    self.env._(
                        "No interaction log entry has this number, in this import "
                        "or imported before: its comments are not imported."
                    ),
                )

    def _existing_refs(self, refs):
        rows = self.env.execute_query(
            SQL(
                """SELECT external_ref FROM crm_interaction_log_entry
                    WHERE company_id = %s AND external_ref = ANY(%s)""",
                self.company.id,
                list(refs),
            )
        )
        return {row[0] for row in rows}

    def _partners(self, domain_field, values):
        """value -> partner records (of the company or shared) with it."""
        if not values:
            return {}
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_fetch(
                [
                    (domain_field, "in", list(values)),
                    ("company_id", "in", [self.company.id, False]),
                ],
                [
                    domain_field,
                    "commercial_partner_id",
                    "user_id",
                    "name",
                    "is_company",
                    "interaction_privacy_blocked",
                ],
            )
        )
        result = defaultdict(list)
        for partner in partners:
            result[partner[domain_field]].append(
                MatchedPartner(
                    partner.id,
                    partner.commercial_partner_id.id,
                    partner.user_id.id,
                    partner.name,
                    partner.is_company,
                    partner.interaction_privacy_blocked,
                )
            )
        return result

    def _salespeople(self):
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search_fetch(
                [("share", "=", False), ("company_ids", "in", self.company.id)],
                ["login", "email", "partner_id"],
            )
        )
        by_key = defaultdict(set)
        for user in users:
            by_key[user.login.upper()].add(user.id)
            if user.partner_id.ref:
                by_key[user.partner_id.ref.strip().upper()].add(user.id)
            email = email_normalize(user.email or "") or email_normalize(user.login)
            if email:
                by_key[email.upper()].add(user.id)
        return by_key, set(users.ids)

    def _match_entries(self, rows, template_info):
        env = self.env
        refs = {p["entry_no"] for _t, _r, p in rows}
        self.existing_refs = self._existing_refs(refs | set(self.comments))
        by_ref = self._partners(
            "ref", {p["contact_no"] for _t, _r, p in rows if p["contact_no"]}
        )
        emails = set()
        for _t, _r, p in rows:
            p["email"] = p["contact_email"] or self.contact_emails.get(p["contact_no"])
            if p["email"]:
                emails.add(p["email"])
        by_email = self._partners("email_normalized", emails)
        users_by_key, internal_ids = self._salespeople()
        # amounts as the currency stores them
        rounding = self.company.currency_id.rounding
        seen = {}
        for table, row, p in rows:
            ref = p["entry_no"]
            if ref in self.existing_refs:
                self.existing_count += 1
                continue
            if ref in seen:
                self.issue(
                    table,
                    row,
                    "entry_no",
                    ref,
                    env._("The same entry number is on row %(row)s.", row=seen[ref]),
                )
                continue
            seen[ref] = row
            if p["postponed"]:
                self.issue(
                    table,
                    row,
                    "postponed",
                    ref,
                    env._(
                        "Postponed interactions are drafts in Business Central: "
                        "they are not imported."
                    ),
                )
                self.skipped_refs.add(ref)
                continue
            partner = self._match_partner(table, row, p, by_ref, by_email)
            if not partner:
                self.skipped_refs.add(ref)
                continue
            if partner.blocked:
                # no interaction is logged for such a contact, imported or not
                self.issue(
                    table,
                    row,
                    "contact_no",
                    p["contact_no"],
                    env._(
                        "%(contact)s is privacy blocked: no interaction is logged "
                        "for this contact.",
                        contact=partner.name,
                    ),
                )
                self.skipped_refs.add(ref)
                continue
            user_id = self._match_user(
                table, row, p, partner, users_by_key, internal_ids
            )
            group_code, template_name, flow, initiated_by = template_info[
                p["template_code"]
            ]
            group_code = p["group_code"] or group_code
            description = p["description"] or template_name
            if len(description) > DESCRIPTION_MAX_LENGTH:
                self.issue(
                    table,
                    row,
                    "description",
                    description,
                    env._(
                        "The description is longer than %(max)s characters: it "
                        "is shortened.",
                        max=DESCRIPTION_MAX_LENGTH,
                    ),
                    skipped=False,
                )
                description = description[:DESCRIPTION_MAX_LENGTH]
            local = datetime.datetime.combine(p["date"], p["time"])
            date = self.tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
            self.entries.append(
                PlannedEntry(
                    {
                        "external_ref": ref,
                        "date": date,
                        "partner_id": partner.id,
                        "commercial_partner_id": partner.commercial_id,
                        "user_id": user_id,
                        "description": description,
                        "subject": p["subject"] or False,
                        "information_flow": p["information_flow"] or flow,
                        "initiated_by": p["initiated_by"] or initiated_by,
                        "correspondence_type": p["correspondence_type"] or "none",
                        "cost": float_round(p["cost"], precision_rounding=rounding),
                        "duration": p["duration"],
                        "campaign_target": p["campaign_target"],
                        "campaign_response": p["campaign_response"],
                        "attempt_failed": p["attempt_failed"],
                        "evaluation": p["evaluation"],
                        "contact_via": p["contact_via"] or False,
                        "state": "logged",
                        "company_id": self.company.id,
                    },
                    p["template_code"],
                    group_code,
                    self._campaign_key(p["campaign_no"]),
                    p["canceled"],
                )
            )
        # campaigns first seen on entries
        self._match_campaigns()

    def _match_partner(self, table, row, p, by_ref, by_email):
        env = self.env
        candidates = by_ref.get(p["contact_no"]) if p["contact_no"] else None
        if candidates and len(candidates) > 1:
            self.issue(
                table,
                row,
                "contact_no",
                p["contact_no"],
                env._(
                    "Several contacts have this reference: %(names)s.",
                    names=", ".join(c.name for c in candidates[:3]),
                ),
            )
            return None
        if candidates:
            return candidates[0]
        candidates = by_email.get(p["email"]) if p["email"] else None
        if candidates and len(candidates) > 1:
            # a company and its person share an address: the person
            people = [c for c in candidates if not c.is_company]
            if len(people) == 1:
                return people[0]
            self.issue(
                table,
                row,
                "contact_no",
                p["contact_no"],
                env._(
                    "No contact has this reference and several have the email "
                    "%(email)s: %(names)s.",
                    email=p["email"],
                    names=", ".join(c.name for c in candidates[:3]),
                ),
            )
            return None
        if candidates:
            return candidates[0]
        if p["email"]:
            reason = env._(
                "No contact has this reference (field Reference) or the email "
                "%(email)s.",
                email=p["email"],
            )
        else:
            reason = env._(
                "No contact has this reference (field Reference): give the "
                "contact the BC Contact No. as reference, or add the BC Contacts "
                "export (with E-Mail) to match by email."
            )
        self.issue(table, row, "contact_no", p["contact_no"], reason)
        return None

    def _match_user(self, table, row, p, partner, users_by_key, internal_ids):
        code = p["salesperson_code"]
        fallback = partner.user_id if partner.user_id in internal_ids else False
        if not code:
            return fallback
        keys = [code]
        if code in self.salesperson_emails:
            keys.append(self.salesperson_emails[code].upper())
        for key in keys:
            users = users_by_key.get(key)
            if users and len(users) == 1:
                return next(iter(users))
        self.issue(
            table,
            row,
            "salesperson_code",
            code,
            self.env._(
                "No user has this login, reference or email (add the "
                "Salespeople export to match by email): the contact's "
                "salesperson is used."
            ),
            skipped=False,
        )
        return fallback

    # -- report ---------------------------------------------------

    def summary_html(self, done):
        env = self.env
        kinds = {
            "groups": env._("Interaction Groups"),
            "templates": env._("Interaction Templates"),
            "entries": env._("Interaction Log Entries"),
            "comments": env._("Interaction Log Entry Comments"),
            "contacts": env._("Contacts (to match by email)"),
            "salespeople": env._("Salespeople (to match by email)"),
        }
        html = Markup("<h5>%s</h5><ul>") % env._("Read")
        for table in self.tables:
            line = env._(
                "%(file)s: %(kind)s, %(rows)s rows (%(language)s captions)",
                file=table.source,
                kind=kinds[table.kind],
                rows=table.row_count,
                language=env._("Finnish") if table.finnish else env._("English"),
            )
            html += Markup("<li>%s") % line
            if table.ignored:
                html += Markup("<br/><small class='text-muted'>%s</small>") % env._(
                    "Columns not imported: %(columns)s",
                    columns=", ".join(table.ignored),
                )
            html += Markup("</li>")
        html += Markup("</ul><h5>%s</h5><ul>") % (
            env._("Imported") if done else env._("Will be imported")
        )

        def item(count, label, names=()):
            nonlocal html
            shown = ", ".join(sorted(names)[:20])
            if len(names) > 20:
                shown += ", ..."
            html += Markup("<li><b>%s</b> %s%s</li>") % (
                count,
                label,
                Markup(": %s") % shown if shown else "",
            )

        item(
            len(self.new_groups), env._("new interaction groups"), list(self.new_groups)
        )
        item(
            len(self.new_templates),
            env._("new interaction templates"),
            list(self.new_templates),
        )
        item(
            len(self.new_campaigns),
            env._("new campaigns"),
            list(self.new_campaigns.values()),
        )
        canceled = sum(e.canceled for e in self.entries)
        item(
            len(self.entries),
            env._(
                "interaction log entries (%(canceled)s of them canceled)",
                canceled=canceled,
            ),
        )
        item(self.comment_entry_count, env._("entries with comments"))
        html += Markup("</ul><h5>%s</h5><ul>") % env._("Left as they are")
        item(self.existing_count, env._("entries imported before (same Entry No.)"))
        item(
            len(self.group_ids),
            env._("interaction groups that exist (matched by code)"),
        )
        item(
            len(self.template_ids),
            env._("interaction templates that exist (matched by code)"),
        )
        html += Markup("</ul>")
        if self.issues:
            html += Markup("<p class='text-warning'>%s</p>") % env._(
                "%(skipped)s rows are not imported and %(warnings)s imported with "
                "something missing: see Rows to Check.",
                skipped=self.skipped_count,
                warnings=self.warning_count,
            )
        if len(self.issues) < self.skipped_count + self.warning_count:
            html += Markup("<p class='text-warning'>%s</p>") % env._(
                "Only the first %(count)s of them are listed.",
                count=len(self.issues),
            )
        return html
