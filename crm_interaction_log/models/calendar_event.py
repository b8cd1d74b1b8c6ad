from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_interaction_log_entry import DESCRIPTION_MAX_LENGTH
from .notifications import SOFT_RELOAD, counted, notification

# the daily job looks this far back for ended meetings not logged yet
MEETING_LOOKBACK_DAYS = 7


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    interaction_log_entry_ids = fields.One2many(
        "crm.interaction.log.entry",
        "calendar_event_id",
        string="Interactions",
        groups="sales_team.group_sale_salesman",
    )

    def _get_interaction_template(self):
        """The meeting template of the organizer's company (CRM settings)."""
        self.ensure_one()
        company = self.user_id.company_id or self.env.company
        return company.sudo().interaction_meeting_template_id

    def _get_interaction_company(self):
        """The company the interactions of this meeting belong to: its
        template's, else the organizer's."""
        self.ensure_one()
        return (
            self._get_interaction_template().company_id
            or self.user_id.company_id
            or self.env.company
        )

    def _check_interaction_logging_access(self):
        """A user logs the meetings they may read in full, in the companies
        they work in: not another user's private meeting (Odoo shows it as
        "Busy"), nor a meeting whose interactions belong to another company."""
        self.check_access("read")
        for event in self:
            if event._check_private_event_conditions():
                raise AccessError(
                    self.env._(
                        "The meeting %(meeting)s is private: only its organizer "
                        "and attendees can log its interactions.",
                        meeting=event.display_name,
                    )
                )
            company = event._get_interaction_company()
            if company not in self.env.companies:
                raise UserError(
                    self.env._(
                        "The interactions of the meeting %(meeting)s belong to the "
                        "company %(company)s: switch to that company to log them.",
                        meeting=event.display_name,
                        company=company.sudo().name,
                    )
                )

    def _get_interaction_attendees(self):
        """Attendees an interaction is logged for: contacts who are not
        internal users (archived ones included: OdooBot, former employees)
        and did not decline."""
        self.ensure_one()
        return (
            self.attendee_ids.filtered(lambda a: a.state != "declined")
            .partner_id.with_context(active_test=False)
            .filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))
            .with_context(active_test=self.env.context.get("active_test", True))
        )

    def _log_interactions(self):
        """Log one interaction per external attendee of each meeting, with the
        meeting template of its company. Idempotent: a (meeting, attendee)
        already logged (or canceled) is not logged again.

        :return: the created log entries
        """
        Entry = self.env["crm.interaction.log.entry"]
        if not self:
            return Entry
        existing = {
            (entry.calendar_event_id.id, entry.partner_id.id)
            for entry in Entry.sudo()
            .with_context(active_test=False)
            .search([("calendar_event_id", "in", self.ids)])
        }
        Rule = self.env["crm.interaction.auto.rule"]
        vals_list = []
        for event in self.sudo():
            template = event._get_interaction_template()
            if not template:
                continue
            user = event.user_id if event.user_id and not event.user_id.share else None
            for partner in event._get_interaction_attendees():
                if (event.id, partner.id) in existing:
                    continue
                vals = Rule._prepare_document_entry_values(
                    template,
                    event,
                    partner,
                    user_id=(user or self.env.user).id,
                    description=event.name[:DESCRIPTION_MAX_LENGTH],
                    subject=event.name,
                    date=event.start,
                    duration=round((event.duration or 0.0) * 60),
                    calendar_event_id=event.id,
                    company_id=event._get_interaction_company().id,
                )
                vals_list.append(vals)
        return self.env["crm.interaction.log.entry"]._create_system_entries(vals_list)

    def action_log_interactions(self):
        """Log the interactions of these meetings (button on the meeting)."""
        self.env["crm.interaction.log.entry"].check_access("create")
        self._check_interaction_logging_access()
        if any(event.start and event.start > fields.Datetime.now() for event in self):
            raise UserError(
                self.env._(
                    "A meeting that has not started yet cannot be logged as an "
                    "interaction."
                )
            )
        if not any(event._get_interaction_template() for event in self):
            raise UserError(
                self.env._(
                    "Choose the interaction template for meetings in the CRM "
                    "settings first."
                )
            )
        entries = self._log_interactions()
        if not entries:
            return notification(
                self.env._(
                    "Nothing to log: no external attendee of this meeting is "
                    "left without an interaction."
                ),
                SOFT_RELOAD,
                kind="info",
            )
        return notification(
            counted(
                len(entries),
                self.env._("1 interaction logged."),
                self.env._("%(count)s interactions logged.", count=len(entries)),
            ),
            SOFT_RELOAD,
        )

    @api.model
    def _cron_log_meeting_interactions(self):
        """Daily job: log the interactions of the meetings that ended."""
        now = fields.Datetime.now()
        events = self.sudo().search(
            [
                ("stop", "<=", now),
                ("stop", ">=", now - timedelta(days=MEETING_LOOKBACK_DAYS)),
            ]
        )
        return events._log_interactions()
