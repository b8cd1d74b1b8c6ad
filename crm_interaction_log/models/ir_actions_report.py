from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Printing a document's report logs an interaction when an automatic
        logging rule exists for the document's model (HTML previews do not)."""
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if res_ids:
            report = self._get_report(report_ref)
            if report.model and report.model in self.env:
                Rule = self.env["crm.interaction.auto.rule"]
                if Rule._get_rule_ids(report.model, "report_printed"):
                    ids = [res_ids] if isinstance(res_ids, int) else res_ids
                    Rule._log_documents(
                        self.env[report.model].browse(ids), "report_printed"
                    )
        return result
