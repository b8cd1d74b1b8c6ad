import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from .crm_interaction_segment_line import OVERRIDABLE_FIELDS
from .notifications import counted, notification
from .protected_write import has_write_token, with_write_token

SEGMENT_SEQUENCE_CODE = "crm.interaction.segment"
# fields only the segment's own actions change
PROTECTED_FIELDS = {"state", "logged_segment_id", "follow_up_of_id"}


# the entry columns the segment insert writes (see _insert_entries)
ENTRY_INSERT_FIELDS = [
    "partner_id",
    "commercial_partner_id",
    "template_id",
    "group_id",
    "description",
    "user_id",
    "date",
    "information_flow",
    "initiated_by",
    "correspondence_type",
    "cost",
    "duration",
    "campaign_id",
    "campaign_target",
    "campaign_response",
    "attempt_failed",
    "state",
    "segment_id",
    "logged_segment_id",
    "company_id",
    "delivery_status",
]


class CrmInteractionSegment(models.Model):
    """Segment: a list of contacts to log one interaction for at once.

    The header holds the interaction (template, description, salesperson,
    cost, ...); its lines are the contacts, and a line may override the
    template and values. Logging creates one log entry per line and a logged
    segment; the segment is then kept read-only.
    """

    _name = "crm.interaction.segment"
    _inherit = ["mail.thread", "crm.interaction.values.mixin"]
    _description = "Interaction Segment"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    description = fields.Char(tracking=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        ondelete="set null",
        tracking=True,
    )
    template_id = fields.Many2one(
        "crm.interaction.template",
        string="Interaction Template",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    cost = fields.Monetary(string="Unit Cost")
    duration = fields.Integer(string="Unit Duration (Min.)")
    line_ids = fields.One2many(
        "crm.interaction.segment.line", "segment_id", string="Contacts", copy=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("logged", "Logged")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    logged_segment_id = fields.Many2one(
        "crm.interaction.logged.segment",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    follow_up_of_id = fields.Many2one(
        "crm.interaction.segment",
        string="Follow-up of",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_count = fields.Integer(
        string="Number of Contacts", compute="_compute_line_stats"
    )
    cost_total = fields.Monetary(string="Total Cost", compute="_compute_line_stats")
    duration_total = fields.Integer(
        string="Total Duration (Min.)", compute="_compute_line_stats"
    )

    @api.depends("line_ids.cost", "line_ids.duration")
    def _compute_line_stats(self):
        stats = {
            segment.id: (count, cost, duration)
            for segment, count, cost, duration in self.env[
                "crm.interaction.segment.line"
            ]._read_group(
                [("segment_id", "in", self.ids)],
                ["segment_id"],
                ["__count", "cost:sum", "duration:sum"],
            )
        }
        for segment in self:
            if segment.id:
                count, cost, duration = stats.get(segment.id, (0, 0.0, 0))
            else:  # a new record in a form: its lines are in memory
                lines = segment.line_ids
                count = len(lines)
                cost = sum(lines.mapped("cost"))
                duration = sum(lines.mapped("duration"))
            segment.line_count = count
            segment.cost_total = cost
            segment.duration_total = duration

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model
    def _next_number(self, company):
        """Next segment number from the company's own sequence, created on
        first use so that every company numbers its segments itself."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", SEGMENT_SEQUENCE_CODE), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            template = self.env.ref(
                "crm_interaction_log.sequence_crm_interaction_segment",
                raise_if_not_found=False,
            )
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Interaction Segments (%(company)s)", company=company.name
                    ),
                    "code": SEGMENT_SEQUENCE_CODE,
                    "prefix": template.prefix if template else "SEG/%(year)s/",
                    "padding": template.padding if template else 4,
                    "company_id": company.id,
                }
            )
        return sequence.next_by_id()

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or has_write_token(self)):
            for vals in vals_list:
                forbidden = PROTECTED_FIELDS & {f for f, v in vals.items() if v}
                if forbidden or vals.get("state", "draft") != "draft":
                    raise UserError(
                        self.env._(
                            "A new segment starts as a draft: it is logged with "
                            "its Log action."
                        )
                    )
        new_names = {False, "/", "New", self.env._("New")}
        for vals in vals_list:
            if vals.get("name", False) in new_names:
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self._next_number(company)
        return super().create(vals_list)

    def write(self, vals):
        protected = PROTECTED_FIELDS & set(vals)
        if protected and not has_write_token(self):
            raise UserError(
                self.env._(
                    "The status of a segment changes only by logging it (%(names)s).",
                    names=", ".join(self.mapped("name")),
                )
            )
        if set(vals) - set(self.env["mail.thread"]._fields) - PROTECTED_FIELDS:
            self._check_not_logged()
        return super().write(vals)

    def _check_lines_editable(self):
        """Lines can be added to, moved into or changed on draft segments the
        user may change."""
        self.check_access("write")
        self._check_not_logged()

    def _check_not_logged(self):
        logged = self.filtered(lambda s: s.state == "logged")
        if logged:
            raise UserError(
                self.env._(
                    "The segment %(names)s is logged and can no longer be changed.",
                    names=", ".join(logged.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        logged = self.filtered(lambda s: s.state == "logged")
        if logged:
            raise UserError(
                self.env._(
                    "Logged segments are kept as the record of what was logged "
                    "(%(names)s): they cannot be deleted.",
                    names=", ".join(logged.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.onchange("template_id")
    def _onchange_template_id_own_lines(self):
        own = self.line_ids.filtered("own_values")
        if own and self._origin.template_id != self.template_id:
            return {
                "warning": {
                    "title": self.env._("Lines with their own values"),
                    "message": counted(
                        len(own),
                        self.env._(
                            "1 line has its own template or values and keeps them. "
                            "To give every line the segment's template and values, "
                            "use Apply to All Lines after saving."
                        ),
                        self.env._(
                            "%(count)s lines have their own template or values and "
                            "keep them. To give every line the segment's template "
                            "and values, use Apply to All Lines after saving.",
                            count=len(own),
                        ),
                    ),
                }
            }
        return None

    def action_apply_header_to_lines(self):
        """Give every line the header's template and values, also the lines
        that had their own."""
        self._check_lines_editable()
        for segment in self:
            own = segment.line_ids.filtered("own_values")
            if own:
                own.write(
                    segment._convert_to_write(
                        {fname: segment[fname] for fname in OVERRIDABLE_FIELDS}
                    )
                )
        return True

    def action_open_log_wizard(self):
        # what would stop the logging is said before asking about the follow-up
        for segment in self.filtered(lambda s: s.state == "draft") or self:
            segment._check_can_log()
        return self.env["crm.interaction.segment.log.wizard"]._action_open(self)

    def action_open_add_contacts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Contacts"),
            "res_model": "crm.interaction.segment.add.contacts",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_segment_id": self.id},
        }

    def action_open_logged_segment(self):
        self.ensure_one()
        return self.logged_segment_id._get_form_action()

    def action_log(self, create_follow_up=False, send_correspondence=False):
        """Log the segments: one log entry per line and one logged segment per
        segment, all or nothing.

        :param bool create_follow_up: also create a follow-up segment with the
            same contacts
        :param bool send_correspondence: queue the emails of the email lines
            and print one letter document for the hard-copy lines
        :return: a notification with the counts, opening the logged segment(s)
        """
        if not self:
            raise UserError(self.env._("Select the segments to log."))
        self._lock_for_logging()
        self.env["crm.interaction.log.entry"].check_access("create")
        self.check_access("write")
        if send_correspondence:
            self._check_correspondence_contents()
        logged_segments = self.env["crm.interaction.logged.segment"]
        follow_ups = self.browse()
        count = 0
        # all or nothing, even when the caller goes on after an error
        with self.env.cr.savepoint():
            for segment in self:
                segment._check_can_log()
                segment._check_line_companies()
                logged = with_write_token(logged_segments).create(
                    segment._prepare_logged_segment_values()
                )
                count += len(segment._insert_entries(logged))
                with_write_token(segment).write(
                    {"state": "logged", "logged_segment_id": logged.id}
                )
                logged_segments |= logged
                if create_follow_up:
                    follow_ups |= segment._create_follow_up()
        action = self._action_logged_result(logged_segments, follow_ups, count)
        if send_correspondence:
            action = logged_segments._send_correspondence(action)
        return action

    def _get_empty_correspondence_templates(self):
        """The templates giving the segments' lines an email or a letter
        that have no content to send."""
        groups = self.env["crm.interaction.segment.line"]._read_group(
            [
                ("segment_id", "in", self.ids),
                ("correspondence_type", "in", ("email", "hard_copy")),
            ],
            ["template_id"],
        )
        return self.env["crm.interaction.template"].union(
            *(
                template
                for (template,) in groups
                if not template._has_correspondence_content()
            )
        )

    def _check_correspondence_contents(self):
        """Before sending: every template that gives the segments' lines an
        email or a letter has content (nothing empty goes to thousands of
        customers; nothing is logged when it does not)."""
        empty = self._get_empty_correspondence_templates()
        if empty:
            raise UserError(
                self.env._(
                    "Nothing to send: the template %(templates)s has no content. "
                    "Write its email or letter in the template, or log the segment "
                    "without sending.",
                    templates=", ".join(t.display_name for t in empty),
                )
            )

    def _action_logged_result(self, logged_segments, follow_ups, count):
        """A notification saying what logging did (and where the follow-up
        segment is), then the logged segment(s)."""
        names = ", ".join(logged_segments.mapped("name"))
        message = counted(
            count,
            self.env._("1 interaction logged in %(names)s.", names=names),
            self.env._(
                "%(count)s interactions logged in %(names)s.", count=count, names=names
            ),
        )
        # privacy-blocked contacts have no entry (see _insert_entries)
        blocked = self._get_privacy_blocked_partners()
        if blocked:
            contacts = ", ".join(blocked[:10].mapped("display_name"))
            message += " " + counted(
                len(blocked),
                self.env._(
                    "1 privacy-blocked contact was left out: %(contacts)s.",
                    contacts=contacts,
                ),
                self.env._(
                    "%(count)s privacy-blocked contacts were left out: %(contacts)s.",
                    count=len(blocked),
                    contacts=contacts,
                ),
            )
        links = []
        if follow_ups:
            message += " " + self.env._("Follow-up segment: %s")
            links = [
                {
                    "label": ", ".join(follow_ups.mapped("name")),
                    "url": f"/odoo/{self._name}/{follow_ups[0].id}",
                }
            ]
        # not sticky: the follow-up segment is also linked from the segment;
        # contacts left out for privacy must be seen
        return notification(
            message,
            logged_segments._get_form_action(),
            links=links,
            sticky=bool(blocked),
        )

    def _return_to_draft(self):
        """A segment whose logged segment was deleted can be corrected and
        logged again."""
        for segment in self:
            with_write_token(segment).write(
                {"state": "draft", "logged_segment_id": False}
            )
            segment.message_post(
                body=self.env._(
                    "The logged segment was deleted: the segment is a draft again."
                )
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _lock_for_logging(self):
        """Lock the segment rows so that two users logging the same segment
        at once give one logged segment and one clear error."""
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    )
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "The segment %(names)s is being logged by another user right "
                    "now. Try again in a moment.",
                    names=", ".join(self.mapped("name")),
                )
            ) from None
        # what another transaction committed before the lock was granted
        self.invalidate_recordset(["state", "logged_segment_id"])

    def _check_can_log(self):
        """Refuse to log a segment that is logged, has no description, no
        contacts, or lines without template. Counts in the database: the
        lines are not loaded."""
        self.ensure_one()
        if self.state == "logged":
            raise UserError(
                self.env._(
                    "The segment %(name)s has already been logged.", name=self.name
                )
            )
        if not self.description:
            raise UserError(
                self.env._(
                    "Enter a description on the segment %(name)s before logging it.",
                    name=self.name,
                )
            )
        Line = self.env["crm.interaction.segment.line"].sudo()
        if not Line.search_count([("segment_id", "=", self.id)], limit=1):
            raise UserError(
                self.env._(
                    "The segment %(name)s is empty: add contacts first.", name=self.name
                )
            )
        missing_template = Line.search(
            [("segment_id", "=", self.id), ("template_id", "=", False)], limit=5
        )
        if missing_template:
            raise UserError(
                self.env._(
                    "Choose an interaction template on the segment %(name)s (or on "
                    "its lines) before logging it; missing for: %(contacts)s.",
                    name=self.name,
                    contacts=", ".join(
                        missing_template.with_env(self.env).partner_id.mapped("name")
                    ),
                )
            )

    def _check_line_companies(self):
        """What the ORM's company check would say of the entries, for all
        lines at once: contacts and templates must be shared or of the
        segment's company."""
        self.ensure_one()
        allowed = [False, self.company_id.id]
        wrong = (
            self.env["crm.interaction.segment.line"]
            .sudo()
            .search_count(
                [
                    ("segment_id", "=", self.id),
                    "|",
                    ("partner_id.company_id", "not in", allowed),
                    ("template_id.company_id", "not in", allowed),
                ]
            )
        )
        if wrong:
            # names of another company's records are not disclosed
            raise UserError(
                counted(
                    wrong,
                    self.env._(
                        "The segment %(name)s belongs to %(company)s but 1 of its "
                        "lines uses a contact or template of another company: "
                        "remove it before logging.",
                        name=self.name,
                        company=self.company_id.name,
                    ),
                    self.env._(
                        "The segment %(name)s belongs to %(company)s but "
                        "%(count)s of its lines use a contact or template of "
                        "another company: remove them before logging.",
                        name=self.name,
                        company=self.company_id.name,
                        count=wrong,
                    ),
                )
            )

    def _prepare_logged_segment_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "segment_id": self.id,
            "description": self.description,
            "template_id": self.template_id.id,
            "date": self.date,
            "user_id": self.user_id.id or self.env.user.id,
            "company_id": self.company_id.id,
        }

    def _insert_entries(self, logged_segment):
        """Create the log entries of all lines in one INSERT ... SELECT.

        Logging a segment of tens of thousands of contacts must take seconds:
        the entries are written by the database in one statement, with every
        value the ORM would have computed (the line's values, else the
        header's; the salesperson of the line, else of the segment, else the
        entries' fallback (``_get_fallback_salesperson``: the contact's
        internal salesperson, else the current user); the template's group;
        the contact's company). ``test_insert_equals_create`` holds it equal
        to a ``create()``. Entries have no chatter side effects to skip
        (tracking is off for bulk logging), no stored field elsewhere depends
        on them, and the ORM cache of entries is invalidated afterwards. The
        access rules are checked on the created entries like a create does.

        :return: the created entries
        """
        self.ensure_one()
        Entry = self.env["crm.interaction.log.entry"]
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_interaction_log_entry (%(columns)s,
                    create_uid, create_date, write_uid, write_date)
                SELECT l.partner_id, p.commercial_partner_id, l.template_id,
                       t.group_id,
                       COALESCE(NULLIF(l.description, ''), s.description),
                       COALESCE(l.user_id, s.user_id,
                                (SELECT u.id FROM res_users u
                                  WHERE u.id = p.user_id AND NOT u.share),
                                %(uid)s),
                       s.date, l.information_flow, l.initiated_by,
                       COALESCE(l.correspondence_type, 'none'), l.cost,
                       l.duration, l.campaign_id,
                       COALESCE(l.campaign_target, FALSE),
                       COALESCE(l.campaign_response, FALSE), FALSE, 'logged',
                       s.id, %(logged_id)s, s.company_id, 'none',
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM crm_interaction_segment_line l
                  JOIN crm_interaction_segment s ON s.id = l.segment_id
                  JOIN res_partner p ON p.id = l.partner_id
                  JOIN crm_interaction_template t ON t.id = l.template_id
                 WHERE l.segment_id = %(segment_id)s
                   AND NOT COALESCE(p.interaction_privacy_blocked, FALSE)
              ORDER BY l.id
             RETURNING id
                """,
                uid=self.env.uid,
                logged_id=logged_segment.id,
                now=fields.Datetime.now(),
                segment_id=self.id,
                columns=SQL(", ").join(map(SQL.identifier, ENTRY_INSERT_FIELDS)),
            )
        )
        Entry.invalidate_model()
        entries = Entry.browse([row[0] for row in rows])
        entries.check_access("create")
        # the entry's constraints on what was written, as a create runs them
        # (logging is atomic: a refused value leaves nothing behind)
        entries._validate_fields(ENTRY_INSERT_FIELDS)
        return entries

    def _create_follow_up(self):
        """The follow-up segment: the same header and contacts, as a new
        draft. Its lines are copied in one statement."""
        self.ensure_one()
        follow_up = with_write_token(self).create(
            {
                "description": self.env._(
                    "Follow-up on segment %(name)s", name=self.name
                )[:100],
                "template_id": self.template_id.id,
                "campaign_id": self.campaign_id.id,
                "user_id": self.user_id.id,
                "company_id": self.company_id.id,
                "follow_up_of_id": self.id,
            }
        )
        follow_up._insert_lines(
            SQL(
                "SELECT partner_id FROM crm_interaction_segment_line "
                "WHERE segment_id = %s",
                self.id,
            )
        )
        return follow_up

    def _insert_lines(self, partner_query):
        """Add the contacts ``partner_query`` selects (an SQL query returning
        partner ids) as lines following the header, in one statement.

        Adding ten thousand contacts must take a moment, not the ORM's
        create of ten thousand computed lines: the values the line computes
        from the header (template, direction, cost, duration, campaign, the
        correspondence type unless the contact prefers another) are written
        by the database. Contacts already in the segment are skipped.

        :return: number of lines added
        """
        self.ensure_one()
        self._check_lines_editable()
        self.flush_recordset()
        self.env["crm.interaction.segment.line"].flush_model()
        self.env["res.partner"].flush_model(["interaction_correspondence_type"])
        # the values a line may override are filled from the header
        header = ", ".join(OVERRIDABLE_FIELDS)
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_interaction_segment_line (
                    segment_id, partner_id, company_id, correspondence_type,
                    %(header)s,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT s.id, p.id, s.company_id,
                       CASE WHEN t.id IS NULL THEN 'none'
                            WHEN NOT COALESCE(t.ignore_contact_correspondence_type,
                                              FALSE)
                                 AND p.interaction_correspondence_type IS NOT NULL
                            THEN p.interaction_correspondence_type
                            ELSE COALESCE(s.correspondence_type,
                                          t.correspondence_type, 'none')
                       END,
                       %(header_values)s,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM (SELECT DISTINCT ids.id FROM (%(partners)s) AS ids(id)) AS q
                  JOIN res_partner p ON p.id = q.id
                  JOIN crm_interaction_segment s ON s.id = %(segment_id)s
             LEFT JOIN crm_interaction_template t ON t.id = s.template_id
                 ORDER BY p.id
                ON CONFLICT (segment_id, partner_id) DO NOTHING
             RETURNING id
                """,
                header=SQL(header),
                header_values=SQL(
                    ", ".join(f"s.{fname}" for fname in OVERRIDABLE_FIELDS)
                ),
                uid=self.env.uid,
                now=fields.Datetime.now(),
                partners=partner_query,
                segment_id=self.id,
            )
        )
        self.env["crm.interaction.segment.line"].invalidate_model()
        self.invalidate_recordset()
        return len(rows)
