import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .batch_job import process_in_batches
from .crm_interaction_log_entry_correspondence import MAIL_BATCH_SIZE

_logger = logging.getLogger(__name__)

# a segment with more emails than this is logged at once and its emails are
# prepared by a background job in committed batches: preparing each email
# through Odoo's composer takes about 1 ms, and a request of minutes would
# be killed by the server's time limit (limit_time_real) and rolled back
BACKGROUND_SEND_LIMIT = 20000


class CrmInteractionLoggedSegment(models.Model):
    """Correspondence of a logged segment: its emails and merged letters,
    their delivery and the resend of the failed ones."""

    _inherit = "crm.interaction.logged.segment"

    delivery_failed_count = fields.Integer(
        string="Failed Deliveries", compute="_compute_delivery_counts"
    )
    letter_count = fields.Integer(string="Letters", compute="_compute_delivery_counts")
    to_send_count = fields.Integer(
        string="Emails To Send",
        compute="_compute_delivery_counts",
        help="Emails of this logged segment still to be prepared by the "
        "background job (a large segment is logged at once and its emails "
        "follow).",
    )

    @api.depends(
        "entry_ids.delivery_status", "entry_ids.correspondence_type", "entry_ids.state"
    )
    def _compute_delivery_counts(self):
        failed, letters, to_send = defaultdict(int), defaultdict(int), defaultdict(int)
        for segment, correspondence_type, status, state, count in self.env[
            "crm.interaction.log.entry"
        ]._read_group(
            [("logged_segment_id", "in", self.ids), ("state", "!=", "postponed")],
            ["logged_segment_id", "correspondence_type", "delivery_status", "state"],
            ["__count"],
        ):
            # Not Delivered opens the failed interactions not canceled
            if status in ("error", "no_email") and state != "canceled":
                failed[segment] += count
            if correspondence_type == "hard_copy":
                letters[segment] += count
            if status == "to_send" and state == "logged":
                to_send[segment] += count
        for segment in self:
            segment.delivery_failed_count = failed[segment]
            segment.letter_count = letters[segment]
            segment.to_send_count = to_send[segment]

    def _send_correspondence(self, action):
        """Queue the emails of the logged entries and attach one letter
        document with the hard-copy entries to each logged segment.

        :param dict action: the notification logging returns
        :return: that notification, telling also how many emails were queued
            and how many contacts could not be emailed
        """
        Entry = self.env["crm.interaction.log.entry"]
        email_domain = [
            ("logged_segment_id", "in", self.ids),
            ("state", "=", "logged"),
            ("correspondence_type", "=", "email"),
        ]
        if Entry.search_count(email_domain) > BACKGROUND_SEND_LIMIT:
            to_send = Entry.search(email_domain)._mark_to_send()["to_send"]
            sent = {
                "type": "success",
                "message": self.env._(
                    "Its %(count)s emails are prepared in the background "
                    "and go to the outgoing mail queue in batches: the "
                    "logged segment shows how many are still to send.",
                    count=to_send,
                ),
            }
        else:
            entries = Entry.search([("logged_segment_id", "in", self.ids)], order="id")
            counts = entries._send_correspondence()
            # no email interaction in the segments: nothing to tell of sending
            sent = (
                Entry._correspondence_notification(counts)["params"]
                if counts["queued"] or counts["no_email"]
                else None
            )
        letters_by_segment = dict(
            Entry._read_group(
                [
                    ("logged_segment_id", "in", self.ids),
                    ("correspondence_type", "=", "hard_copy"),
                ],
                ["logged_segment_id"],
                ["id:recordset"],
            )
        )
        for segment in self:
            letters = letters_by_segment.get(segment)
            if letters:
                letters._attach_letters(
                    segment,
                    self.env._("Letters %(name)s", name=segment.name),
                )
        if not sent:
            return action
        params = action.get("params", {})
        params["message"] = " ".join(
            filter(None, [params.get("message"), sent["message"]])
        )
        if sent["type"] == "warning":
            params["type"] = "warning"
        return action

    def action_resend_failed(self):
        """Resend the emails of the entries whose delivery failed."""
        entries = self.env["crm.interaction.log.entry"].search(
            [
                ("logged_segment_id", "in", self.ids),
                ("state", "=", "logged"),
                ("delivery_status", "in", ("error", "no_email")),
            ]
        )
        return entries.action_resend()

    def action_open_failed_entries(self):
        self.ensure_one()
        return self.env["crm.interaction.log.entry"]._action_open_log(
            [
                ("logged_segment_id", "=", self.id),
                ("delivery_status", "in", ("error", "no_email")),
            ],
            self.name,
        )

    def action_print_letters(self):
        """One PDF with the letters of the hard-copy entries."""
        entries = self.env["crm.interaction.log.entry"].search(
            [
                ("logged_segment_id", "in", self.ids),
                ("correspondence_type", "=", "hard_copy"),
            ],
            order="id",
        )
        if not entries:
            raise UserError(self.env._("This logged segment has no hard-copy letters."))
        return entries.action_print_letters()

    @api.model
    def _cron_send_pending_emails(self, batch_size=MAIL_BATCH_SIZE):
        """Send the emails that logging a large segment left to this job
        (status To Send), oldest first, each as the user who logged its
        segment: the same emails as sending while logging (Odoo's composer,
        the outgoing mail queue), in batches. Each batch is committed with
        its emails (outside tests), so an interrupted run loses nothing and
        sends nothing twice: the next run goes on with what is left.
        Canceled entries wait (restored, they are sent).

        :return: how many entries were processed
        """
        root = self.env.ref("base.user_root")

        def send(batch):
            for (segment, company), entries in batch.grouped(
                lambda e: (e.logged_segment_id, e.company_id)
            ).items():
                entries._send_in_background(segment.create_uid or root, company)

        done = process_in_batches(
            self.env["crm.interaction.log.entry"].sudo(),
            [("delivery_status", "=", "to_send"), ("state", "=", "logged")],
            batch_size,
            send,
        )
        if done:
            _logger.info("Sent the pending emails of %s interactions", done)
        return done
