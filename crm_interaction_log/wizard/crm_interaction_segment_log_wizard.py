from odoo import api, fields, models


class CrmInteractionSegmentLogWizard(models.TransientModel):
    """Log segment: asks whether a follow-up segment should be created, then
    logs every selected draft segment."""

    _name = "crm.interaction.segment.log.wizard"
    _description = "Log Segment"

    segment_ids = fields.Many2many(
        "crm.interaction.segment",
        string="Segments",
        domain="[('state', '=', 'draft')]",
    )
    create_follow_up = fields.Boolean(
        string="Create Follow-up Segment",
        help="Create a new segment with the same contacts, to follow up on "
        "this interaction.",
    )
    # sent by default, as in Create Interaction: an email segment logged
    # without a second thought must not record emails that never went
    # (unless a template has nothing to send)
    send_correspondence = fields.Boolean(
        compute="_compute_send_correspondence",
        store=True,
        readonly=False,
        help="Queue one email per email line (contacts without an email address "
        "or on the blacklist are logged as No Email) and print one letter "
        "document for the hard-copy lines.",
    )
    email_count = fields.Integer(
        string="Emails to Send", compute="_compute_correspondence_counts"
    )
    no_email_count = fields.Integer(
        string="Contacts Without Email", compute="_compute_correspondence_counts"
    )
    letter_count = fields.Integer(
        string="Letters to Print", compute="_compute_correspondence_counts"
    )
    correspondence_summary = fields.Char(
        string="What Is Sent", compute="_compute_correspondence_counts"
    )

    empty_template_warning = fields.Char(compute="_compute_empty_template_warning")

    @api.depends("segment_ids")
    def _compute_empty_template_warning(self):
        for wizard in self:
            empty = wizard._draft_segments()._get_empty_correspondence_templates()
            wizard.empty_template_warning = (
                self.env._(
                    "Nothing can be sent with %(templates)s: the template has no "
                    "content. Write its email or letter in the template to send it.",
                    templates=", ".join(empty.mapped("display_name")),
                )
                if empty
                else False
            )

    @api.depends("empty_template_warning")
    def _compute_send_correspondence(self):
        for wizard in self:
            wizard.send_correspondence = not wizard.empty_template_warning

    def _draft_segments(self):
        return self.segment_ids.filtered(lambda s: s.state == "draft")

    @api.depends("segment_ids", "send_correspondence")
    def _compute_correspondence_counts(self):
        for wizard in self:
            email, no_email, letter = wizard._count_correspondence()
            wizard.email_count = email
            wizard.no_email_count = no_email
            wizard.letter_count = letter
            wizard.correspondence_summary = wizard._correspondence_summary(
                email, no_email, letter
            )

    def _count_correspondence(self):
        """How many emails logging sends, how many email lines cannot be
        emailed (no address, blacklisted: logged as No Email) and how many
        letters are printed, over the draft segments, as logging decides it
        (the line's correspondence type, the contact's normalized address and
        the blacklist).

        :return: ``(emails, no_email, letters)``
        """
        self.ensure_one()
        segments = self._draft_segments()
        if not segments:
            return 0, 0, 0
        Line = self.env["crm.interaction.segment.line"].sudo()
        base = [("segment_id", "in", segments.ids)]
        counts = dict(Line._read_group(base, ["correspondence_type"], ["__count"]))
        email_lines = counts.get("email", 0)
        no_email = (
            Line.search_count(
                base
                + [
                    ("correspondence_type", "=", "email"),
                    "|",
                    ("partner_id.email_normalized", "in", (False, "")),
                    ("partner_id.is_blacklisted", "=", True),
                ]
            )
            if email_lines
            else 0
        )
        return email_lines - no_email, no_email, counts.get("hard_copy", 0)

    def _correspondence_summary(self, emails, no_email, letters):
        """One sentence per kind of correspondence saying what goes."""
        if not (emails or no_email or letters):
            return False
        _ = self.env._
        if not self.send_correspondence:
            return _(
                "Nothing is sent: the email and letter lines are only logged, "
                "as not sent."
            )
        parts = []
        if emails:
            parts.append(
                _("1 email is queued.")
                if emails == 1
                else _("%(count)s emails are queued.", count=emails)
            )
        if no_email:
            parts.append(
                _(
                    "1 contact has no email address or is blacklisted: "
                    "logged as No Email."
                )
                if no_email == 1
                else _(
                    "%(count)s contacts have no email address or are blacklisted: "
                    "logged as No Email.",
                    count=no_email,
                )
            )
        if letters:
            parts.append(
                _("1 letter is printed.")
                if letters == 1
                else _("%(count)s letters are printed.", count=letters)
            )
        return " ".join(parts)

    @api.model
    def _action_open(self, segments):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Segment"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_segment_ids": [fields.Command.set(segments.ids)]},
        }

    def action_log(self):
        self.ensure_one()
        segments = self.segment_ids.filtered(lambda s: s.state == "draft")
        return (segments or self.segment_ids).action_log(
            create_follow_up=self.create_follow_up,
            send_correspondence=self.send_correspondence,
        )
