from odoo import http
from odoo.http import request

from ..models.crm_interaction_log_entry_reply import UNSUBSCRIBE_ROUTE


class CrmInteractionUnsubscribe(http.Controller):
    """One-click unsubscribe of segment emails (RFC 8058).

    The link is signed (``_get_unsubscribe_token``): it needs no login and no
    CSRF token, since mailbox providers post to it on the user's behalf
    (``List-Unsubscribe=One-Click``). GET shows a confirmation page, POST
    unsubscribes; both in the contact's language.
    """

    @http.route(
        f"{UNSUBSCRIBE_ROUTE}/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def crm_interaction_unsubscribe(self, token, **post):
        entry = request.env[
            "crm.interaction.log.entry"
        ]._get_entry_from_unsubscribe_token(token)
        if not entry:
            raise request.not_found()
        lang = entry.partner_id.lang
        if lang:
            request.update_context(lang=lang)
            entry = entry.with_context(lang=lang)
        values = {
            "entry": entry,
            "company": entry.company_id,
            "action_url": f"{UNSUBSCRIBE_ROUTE}/{token}",
        }
        if request.httprequest.method == "POST":
            values["email"] = entry._unsubscribe_contact()
            return request.render("crm_interaction_log.unsubscribe_done", values)
        values["email"] = entry.partner_id.email_normalized
        return request.render("crm_interaction_log.unsubscribe_confirm", values)
