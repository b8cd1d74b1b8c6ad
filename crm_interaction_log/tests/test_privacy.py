import base64
import io
from datetime import timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..models import crm_interaction_log_entry_privacy as privacy_module
from ..models.protected_write import with_write_token
from .common import TestInteractionCommon, load_finnish

ENTRY = "crm.interaction.log.entry"


@tagged("post_install", "-at_install")
class TestPrivacyCommon(TestInteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env[ENTRY]
        cls.partner_blocked = cls.env["res.partner"].create(
            {
                "name": "Bertta Estetty",
                "email": "bertta@example.com",
                "interaction_privacy_blocked": True,
            }
        )

    def _template_b(self):
        group_b = self.env["crm.interaction.group"].create(
            {"code": "T_B", "name": "Company B calls", "company_id": self.company_b.id}
        )
        return self.template_call_out.copy(
            {"code": "T_B", "company_id": self.company_b.id, "group_id": group_b.id}
        )

    def _stats(self, field_name, records):
        return self.Entry._get_interaction_stats(field_name, records)


@tagged("post_install", "-at_install")
class TestPrivacyRestriction(TestPrivacyCommon):
    def test_create_refused_naming_the_contact(self):
        with self.assertRaisesRegex(UserError, "Bertta Estetty: privacy blocked"):
            self._create_entry(partner=self.partner_blocked)
        # also for the superuser: no code path logs for a blocked contact
        with self.assertRaisesRegex(UserError, "Bertta Estetty"):
            self.Entry.sudo().create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_blocked.id,
                }
            )

    def test_moving_an_entry_to_a_blocked_contact_refused(self):
        entry = self._create_entry(state="postponed")
        with self.assertRaisesRegex(UserError, "Bertta Estetty"):
            entry.partner_id = self.partner_blocked

    def test_wizard_refuses(self):
        form = Form(
            self.env["crm.interaction.create.wizard"]
            .with_user(self.user_salesman)
            .with_context(default_partner_id=self.partner_blocked.id)
        )
        form.template_id = self.template_call_out
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "Bertta Estetty: privacy blocked"):
            wizard.action_log()
        with self.assertRaisesRegex(UserError, "Bertta Estetty: privacy blocked"):
            wizard.action_postpone()
        self.assertFalse(
            self.Entry.search([("partner_id", "=", self.partner_blocked.id)])
        )

    def test_resuming_for_a_contact_blocked_meanwhile_refused(self):
        entry = self._create_entry(state="postponed")
        self.partner_anna.interaction_privacy_blocked = True
        wizard = self.env["crm.interaction.create.wizard"].browse(
            self.env["crm.interaction.create.wizard"]
            .with_context(default_entry_id=entry.id)
            .create({})
            .id
        )
        with self.assertRaisesRegex(UserError, "Anna Virtanen: privacy blocked"):
            wizard.action_log()
        self.assertEqual(entry.state, "postponed")

    def test_no_email_or_letter(self):
        entry = self._create_entry(template=self.template_letter)
        self.partner_anna.interaction_privacy_blocked = True
        with self.assertRaisesRegex(UserError, "Anna Virtanen"):
            entry._send_correspondence()
        with self.assertRaisesRegex(UserError, "Anna Virtanen"):
            entry.action_print_letters()

    def test_segment_logs_the_others_and_reports_the_blocked(self):
        segment = self.env["crm.interaction.segment"].create(
            {
                "description": "Autumn letter",
                "template_id": self.template_letter.id,
                "line_ids": [
                    Command.create({"partner_id": partner.id})
                    for partner in (
                        self.partner_anna,
                        self.partner_blocked,
                        self.partner_ben,
                    )
                ],
            }
        )
        result = segment.action_log()
        entries = self.Entry.search(
            [("logged_segment_id", "=", segment.logged_segment_id.id)]
        )
        self.assertEqual(entries.partner_id, self.partner_anna | self.partner_ben)
        message = result["params"]["message"]
        self.assertIn("2 interactions logged", message)
        self.assertIn("1 privacy-blocked contact was left out: Bertta Estetty", message)
        self.assertTrue(result["params"]["sticky"])
        self.assertIn(
            "Bertta Estetty",
            segment.logged_segment_id.message_ids[:1].body,
        )

    def test_system_entries_skip_blocked_contacts(self):
        vals = [
            {"template_id": self.template_call_in.id, "partner_id": partner.id}
            for partner in (self.partner_anna, self.partner_blocked)
        ]
        with patch.object(privacy_module._logger, "info") as log_info:
            entries = self.Entry._create_system_entries(vals)
        self.assertEqual(entries.partner_id, self.partner_anna)
        log_info.assert_called_once()
        self.assertIn("privacy-blocked", log_info.call_args.args[0])
        self.assertEqual(log_info.call_args.args[2], self.partner_blocked.ids)
        self.assertFalse(self.Entry._create_system_entries(vals[1:]))

    def test_block_is_tracked(self):
        self.assertIn(
            "interaction_privacy_blocked", self.env["res.partner"]._track_get_fields()
        )


@tagged("post_install", "-at_install")
class TestPrivacyExport(TestPrivacyCommon):
    def _workbook(self, action):
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        return attachment, {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }

    def test_export_content(self):
        lead = self.env["crm.lead"].create(
            {"name": "Sofa deal", "partner_id": self.partner_company.id}
        )
        logged = self._create_entry(
            description="Called about sofas",
            note="<p>Prefers calls after 5</p>",
            subject="Sofa offer",
            lead_id=lead.id,
            campaign_id=self.campaign.id,
            contact_via="+358 40 123 4567",
        )
        logged._write_protected(
            {
                "attachment_ids": [
                    Command.create(
                        {
                            "name": "offer.txt",
                            "raw": b"offer",
                            "res_model": ENTRY,
                            "res_id": logged.id,
                        }
                    )
                ]
            }
        )
        canceled = self._create_entry(
            template=self.template_call_in, partner=self.partner_ben
        )
        canceled.action_cancel()
        postponed = self._create_entry(state="postponed", description="To call back")
        message = self.partner_anna.message_post(
            body="Here is our offer", subject="Offer", message_type="email_outgoing"
        )
        logged._write_protected({"mail_message_id": message.id})

        action = self.partner_company.with_user(
            self.user_manager
        ).action_export_interaction_history()
        attachment, sheets = self._workbook(action)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(attachment.name.endswith(".xlsx"))
        self.assertEqual(
            set(sheets), {"Interactions", "Emails", "Attachments", "Status History"}
        )
        header, *rows = sheets["Interactions"]
        by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        # the company's export holds its people's entries, every status
        self.assertEqual(set(by_id), {logged.id, canceled.id, postponed.id})
        row = by_id[logged.id]
        self.assertEqual(row["Description"], "Called about sofas")
        self.assertEqual(row["Comments"], "Prefers calls after 5")
        self.assertEqual(row["Subject"], "Sofa offer")
        self.assertEqual(row["Opportunity"], "Sofa deal")
        self.assertEqual(row["Campaign"], "Spring Campaign")
        self.assertEqual(row["Interaction Template"], "[T_CALL_OUT] Test outbound call")
        self.assertEqual(row["Information Flow"], "Outbound")
        self.assertEqual(row["Salesperson"], "Sally Salesman")
        self.assertEqual(row["Attachments"], "offer.txt")
        self.assertEqual(row["Cost"], 2.5)
        self.assertEqual(by_id[canceled.id]["State"], "Canceled")
        self.assertEqual(by_id[postponed.id]["State"], "Postponed")
        emails = sheets["Emails"]
        self.assertEqual(emails[1][0], logged.id)
        self.assertEqual(emails[1][2], "Sent")
        self.assertEqual(emails[1][5], "Offer")
        self.assertIn("Here is our offer", emails[1][6])
        self.assertEqual(sheets["Attachments"][1][:2], [logged.id, "offer.txt"])
        history = sheets["Status History"]
        self.assertEqual([row[0] for row in history[1:]], [canceled.id])
        self.assertEqual(history[1][2:4], ["Logged", "Canceled"])
        # who exported, in the contact's chatter
        note = self.partner_company.message_ids[:1]
        self.assertIn("exported by Max Manager", note.body)
        self.assertEqual(note.author_id, self.user_manager.partner_id)
        # the file is the exporter's only
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_salesman).read(["datas"])
        self.assertTrue(attachment.with_user(self.user_manager).read(["datas"]))

    def test_export_of_a_person_only_their_entries(self):
        anna = self._create_entry()
        self._create_entry(partner=self.partner_ben)
        _attachment, sheets = self._workbook(
            self.partner_anna.action_export_interaction_history()
        )
        self.assertEqual([row[0] for row in sheets["Interactions"][1:]], [anna.id])

    def test_salesperson_exports_only_contacts_they_may_read(self):
        other = self.env["res.partner"].create(
            {"name": "Other Company Person", "company_id": self.company_b.id}
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_salesman_2).action_export_interaction_history()

    def test_export_respects_multi_company(self):
        self._create_entry()
        template_b = self._template_b()
        entry_b = self._create_entry(template=template_b)
        user = self.user_manager.with_context(allowed_company_ids=[self.company.id])
        _attachment, sheets = self._workbook(
            self.partner_anna.with_user(user)
            .with_context(allowed_company_ids=[self.company.id])
            .action_export_interaction_history()
        )
        ids = [row[0] for row in sheets["Interactions"][1:]]
        self.assertEqual(len(ids), 1)
        self.assertNotIn(entry_b.id, ids)


@tagged("post_install", "-at_install")
class TestPrivacyErasure(TestPrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_ville = cls.env["res.partner"].create(
            {
                "name": "Ville Poistettava",
                "email": "ville@example.com",
                "phone": "+358 50 765 4321",
                "user_id": cls.user_salesman.id,
            }
        )

    def _figures(self):
        return {
            field: self._stats(field, records)
            for field, records in (
                ("template_id", self.template_call_out | self.template_letter),
                ("group_id", self.group_call | self.group_letter),
                ("user_id", self.user_salesman | self.env.user),
                ("campaign_id", self.campaign),
            )
        }

    def _ville_entries(self):
        entries = self.Entry.browse()
        for template in (self.template_call_out, self.template_letter):
            entries |= self._create_entry(
                template=template,
                partner=self.partner_ville,
                description="Talked to Ville about his divorce",
                note="<p>Ville prefers calls after 5</p>",
                subject="Personal",
                contact_via="+358 50 765 4321",
                evaluation="positive",
            )
        entries[0]._write_protected(
            {
                "attachment_ids": [
                    Command.create(
                        {
                            "name": "cv.pdf",
                            "raw": b"cv",
                            "res_model": ENTRY,
                            "res_id": entries[0].id,
                        }
                    )
                ]
            }
        )
        message = self.partner_ville.message_post(
            body="Dear Ville, your personal offer",
            subject="Offer for Ville",
            message_type="email_outgoing",
            attachments=[("ville.txt", b"for ville")],
        )
        entries[0]._write_protected({"mail_message_id": message.id})
        return entries, message

    def _forget_wizard(self, partner, user=None):
        action = partner.with_user(
            user or self.user_manager
        ).action_interaction_forget()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.user_manager)
            .with_context(**action["context"])
        ).save()

    def test_forget_erases_and_keeps_the_figures(self):
        entries, message = self._ville_entries()
        self._create_entry(partner=self.partner_ville, state="postponed")
        entries[1].action_cancel()
        attachment = entries[0].attachment_ids
        message_attachment = message.attachment_ids
        before = self._figures()
        wizard = self._forget_wizard(self.partner_ville)
        self.assertEqual((wizard.entry_count, wizard.postponed_count), (2, 1))
        self.assertFalse(wizard.other_company_count)
        result = wizard.action_forget()
        self.assertIn(
            "3 interactions of Ville Poistettava anonymized",
            result["params"]["message"],
        )
        self.assertEqual(self._figures(), before)
        anonymous = self.company.interaction_anonymous_partner_id
        self.assertTrue(anonymous.interaction_privacy_blocked)
        self.assertFalse(anonymous.active)
        for entry in entries:
            self.assertTrue(entry.is_anonymized)
            self.assertEqual(entry.partner_id, anonymous)
            self.assertEqual(entry.commercial_partner_id, anonymous)
            self.assertEqual(entry.description, entry.template_id.name)
            self.assertFalse(entry.note)
            self.assertFalse(entry.subject)
            self.assertFalse(entry.contact_via)
            self.assertFalse(entry.attachment_ids)
            # what makes the figures
            self.assertEqual(entry.evaluation, "positive")
            self.assertEqual(entry.user_id, self.user_salesman)
        self.assertEqual(entries.mapped("state"), ["logged", "canceled"])
        self.assertFalse(attachment.exists())
        self.assertFalse(message_attachment.exists())
        self.assertFalse(message.body)
        self.assertFalse(message.subject)
        self.assertEqual(message.res_id, anonymous.id)
        self.assertFalse(
            self.Entry.search([("partner_id", "=", self.partner_ville.id)])
        )
        privacy_log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertIn(
            "Anonymized 3 interaction log entries", privacy_log.execution_details
        )
        self.assertEqual(privacy_log.anonymized_name, "V**** P**********")
        # now the person can be deleted
        self.partner_ville.unlink()
        self.assertTrue(entries.exists())
        # the anonymized entries cannot get personal data back
        with self.assertRaisesRegex(UserError, "Anonymized interactions"):
            entries[0].note = "<p>Ville again</p>"
        with self.assertRaisesRegex(UserError, "privacy blocked"):
            self._create_entry(partner=anonymous)

    def test_set_based_erasure_equals_the_orm_write(self):
        values = {
            "partner": self.partner_ville,
            "description": "Private talk",
            "note": "<p>private</p>",
            "subject": "Private",
            "contact_via": "+358 50 765 4321",
            "evaluation": "negative",
            "campaign_id": self.campaign.id,
        }
        by_sql = self._create_entry(**values).sudo()
        by_orm = self._create_entry(**values).sudo()
        by_sql._write_anonymized()
        vals = by_orm._get_anonymized_values()[by_orm.id]
        # the ORM's write, with the values erasing must not recompute
        with_write_token(by_orm).with_context(tracking_disable=True).write(
            {
                **vals,
                "attachment_ids": [Command.clear()],
                "user_id": by_orm.user_id.id,
                "correspondence_type": by_orm.correspondence_type,
            }
        )
        skip = {"id", "create_date", "write_date", "display_name", "state_history_ids"}
        fnames = [
            fname
            for fname, field in by_sql._fields.items()
            if field.store and fname not in skip and not fname.startswith("message")
        ]
        self.env.invalidate_all()
        self.assertEqual(
            by_sql.read(fnames)[0] | {"id": 0}, by_orm.read(fnames)[0] | {"id": 0}
        )
        self.assertTrue(by_sql.is_anonymized)

    def test_deleting_before_forgetting_refused(self):
        self._ville_entries()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.partner_ville.unlink()

    def test_only_a_sales_administrator_erases(self):
        entries, _message = self._ville_entries()
        for user in (self.user_salesman, self.user_all_docs):
            with self.assertRaises(AccessError):
                self.partner_ville.with_user(user).action_interaction_forget()
            with self.assertRaises(AccessError):
                self.partner_ville.with_user(user)._interaction_forget()
            with self.assertRaises(AccessError):
                entries.with_user(user)._anonymize_interactions()
            with self.assertRaises(AccessError):
                self.env["crm.interaction.forget.wizard"].with_user(user).create(
                    {"partner_ids": [Command.set(self.partner_ville.ids)]}
                )
        with self.assertRaisesRegex(UserError, "anonymized by the Forget action"):
            entries.with_user(self.user_manager).write({"is_anonymized": True})
        self.assertFalse(entries.filtered("is_anonymized"))

    def test_erasure_respects_multi_company(self):
        template_b = self._template_b()
        entry_a = self._create_entry(partner=self.partner_ville)
        entry_b = self._create_entry(template=template_b, partner=self.partner_ville)
        manager = self.user_manager.with_context(allowed_company_ids=[self.company.id])
        action = (
            self.partner_ville.with_user(manager)
            .with_context(allowed_company_ids=[self.company.id])
            .action_interaction_forget()
        )
        wizard = (
            self.env[action["res_model"]]
            .with_user(manager)
            .with_context(action["context"], allowed_company_ids=[self.company.id])
            .create({})
        )
        self.assertEqual((wizard.entry_count, wizard.other_company_count), (1, 1))
        wizard.action_forget()
        self.assertTrue(entry_a.is_anonymized)
        self.assertFalse(entry_b.is_anonymized)
        self.assertEqual(entry_b.partner_id, self.partner_ville)


@tagged("post_install", "-at_install")
class TestPrivacyLookup(TestPrivacyCommon):
    def test_lookup_lists_entries_and_erases_them(self):
        person = self.env["res.partner"].create(
            {"name": "Liisa Lookup", "email": "liisa@example.com"}
        )
        entries = self._create_entry(partner=person) | self._create_entry(
            partner=person, template=self.template_letter
        )
        template_stats = self._stats("template_id", self.template_call_out)
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": "Liisa Lookup", "email": "liisa@example.com"}
        )
        wizard.action_lookup()
        entry_lines = wizard.line_ids.filtered(lambda line: line.res_model == ENTRY)
        self.assertEqual(set(entry_lines.mapped("res_id")), set(entries.ids))
        # Delete on one entry line erases it instead of failing
        entry_lines[0].action_unlink()
        self.assertTrue(self.Entry.browse(entry_lines[0].res_id).is_anonymized)
        self.assertTrue(entry_lines[0].is_unlinked)
        # Delete Selection: the other entries first, then the contact
        wizard.line_ids.filtered(lambda line: not line.is_unlinked).action_unlink_all()
        self.assertTrue(all(entries.mapped("is_anonymized")))
        self.assertFalse(person.exists())
        self.assertEqual(
            self._stats("template_id", self.template_call_out), template_stats
        )
        self.assertIn(
            f"Anonymized Interaction Log Entry #{entries[0].id}",
            wizard.log_id.execution_details,
        )

    def test_lookup_erasure_needs_a_sales_administrator(self):
        person = self.env["res.partner"].create(
            {"name": "Liisa Lookup", "email": "liisa@example.com"}
        )
        entry = self._create_entry(partner=person)
        admin_only = new_test_user(
            self.env,
            login="cil_system_only",
            groups="base.group_system",
            name="System Only",
        )
        wizard = (
            self.env["privacy.lookup.wizard"]
            .with_user(admin_only)
            .create({"name": "Liisa Lookup", "email": "liisa@example.com"})
        )
        wizard.action_lookup()
        line = wizard.line_ids.filtered(lambda line: line.res_model == ENTRY)
        with self.assertRaises(AccessError):
            line.action_unlink()
        self.assertFalse(entry.is_anonymized)


@tagged("post_install", "-at_install")
class TestPrivacyRetention(TestPrivacyCommon):
    def _set_months(self, months):
        self.env["res.config.settings"].create(
            {"crm_interaction_logged_retention_months": months}
        ).execute()

    def test_retention_job(self):
        old = fields.Datetime.now() - timedelta(days=400)
        expired = self._create_entry(date=old, note="<p>old</p>")
        recent = self._create_entry()
        canceled = self._create_entry(date=old)
        canceled.action_cancel()
        open_lead = self.env["crm.lead"].create(
            {"name": "Open deal", "partner_id": self.partner_company.id}
        )
        won_lead = self.env["crm.lead"].create(
            {"name": "Won deal", "partner_id": self.partner_company.id}
        )
        won_lead.action_set_won()
        on_open = self._create_entry(date=old, lead_id=open_lead.id)
        on_won = self._create_entry(date=old, lead_id=won_lead.id)
        # 0, the default, keeps everything
        self.assertEqual(self.Entry._cron_anonymize_expired_entries(), 0)
        self._set_months(12)
        self.assertEqual(self.Entry._get_logged_retention_months(), 12)
        before = self._stats("template_id", self.template_call_out)
        done = self.Entry._cron_anonymize_expired_entries(batch_size=1)
        self.assertEqual(done, 2)
        self.assertTrue(expired.is_anonymized)
        self.assertFalse(expired.note)
        self.assertTrue(on_won.is_anonymized)
        self.assertFalse(recent.is_anonymized)
        self.assertFalse(on_open.is_anonymized)
        self.assertFalse(canceled.is_anonymized)
        self.assertEqual(self._stats("template_id", self.template_call_out), before)
        # the next run has nothing left
        self.assertEqual(self.Entry._cron_anonymize_expired_entries(), 0)

    def test_retention_in_every_company(self):
        template_b = self._template_b()
        old = fields.Datetime.now() - timedelta(days=400)
        entry_b = self._create_entry(template=template_b, date=old)
        self._set_months(6)
        self.Entry._cron_anonymize_expired_entries()
        self.assertTrue(entry_b.is_anonymized)
        self.assertEqual(
            entry_b.partner_id, self.company_b.interaction_anonymous_partner_id
        )
        self.assertEqual(entry_b.partner_id.company_id, self.company_b)


@tagged("post_install", "-at_install")
class TestPrivacyFinnish(TestPrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env_fi = load_finnish(cls.env)

    def test_refusal_and_export_in_finnish(self):
        labels = self.env_fi["res.partner"].fields_get(["interaction_privacy_blocked"])
        self.assertEqual(
            labels["interaction_privacy_blocked"]["string"], "Tietosuoja estetty"
        )
        with self.assertRaisesRegex(
            UserError, "Bertta Estetty: tietosuoja estetty. Tälle kontaktille"
        ):
            self.env_fi[ENTRY].create(
                {
                    "template_id": self.template_call_out.id,
                    "partner_id": self.partner_blocked.id,
                }
            )
        self._create_entry()
        action = self.partner_anna.with_env(
            self.env_fi
        ).action_export_interaction_history()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertTrue(attachment.name.startswith("Vuorovaikutushistoria Anna"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames[0], "Vuorovaikutukset")
        self.assertEqual(book.worksheets[0]["A1"].value, "Vuorovaikutuksen nro")
