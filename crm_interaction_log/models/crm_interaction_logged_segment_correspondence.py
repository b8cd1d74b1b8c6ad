from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmInteractionLoggedSegment(models.Model):
    """Correspondence of a logged segment: its emails and merged letters,
    their delivery and the resend of the failed ones."""

    _inherit = "crm.interaction.logged.segment"

    delivery_failed_count = fields.Integer(
        string="Failed Deliveries", compute="_compute_delivery_counts"
    )
    letter_count = fields.Integer(string="Letters", compute="_compute_delivery_counts")

    @api.depends(
        "entry_ids.delivery_status", "entry_ids.correspondence_type", "entry_ids.state"
    )
    def _compute_delivery_counts(self):
        failed, letters = defaultdict(int), defaultdict(int)
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
        for segment in self:
            segment.delivery_failed_count = failed[segment]
            segment.letter_count = letters[segment]

    def _send_correspondence(self, action):
        """Queue the emails of the logged entries and attach one letter
        document with the hard-copy entries to each logged segment.

        :param dict action: the notification logging returns
        :return: that notification, telling also how many emails were queued
            and how many contacts could not be emailed
        """
        Entry = self.env["crm.interaction.log.entry"]
        entries = Entry.search([("logged_segment_id", "in", self.ids)], order="id")
        counts = entries._send_correspondence()
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
        if not counts["queued"] and not counts["no_email"]:
            # no email interaction in the segments: nothing to tell of sending
            return action
        sent = Entry._correspondence_notification(counts)["params"]
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
