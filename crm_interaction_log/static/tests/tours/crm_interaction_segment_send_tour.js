/** @odoo-module */

import { registry } from "@web/core/registry";

// Run by an own-documents salesperson working in Finnish: the selectors are
// technical names, the texts checked are the Finnish ones the user sees.
registry.category("web_tour.tours").add("crm_interaction_segment_send_tour", {
    steps: () => [
        {
            content: "Log the segment",
            trigger: ".o_form_view button[name=action_open_log_wizard]",
            run: "click",
        },
        {
            content: "its correspondence is sent by default",
            trigger: ".modal .o_field_widget[name=send_correspondence] input:checked",
        },
        {
            content: "and the dialog says what goes, in Finnish",
            trigger: ".modal .alert-info:contains(1 sähköposti asetetaan jonoon.):contains(Ei sähköpostia)",
        },
        {
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            content: "The result says what was queued and who has no email, in Finnish",
            trigger: ".o_notification:contains(1 sähköposti jonossa)",
        },
        {
            content: "The logged segment opens: the email waits in the queue",
            trigger: ".o_form_view .o_field_widget[name=entry_ids] .o_data_row:contains(Tour Eero) .o_field_widget[name=delivery_status]:contains(Jonossa)",
        },
        {
            content: "the contact without an address is marked No Email",
            trigger: ".o_form_view .o_field_widget[name=entry_ids] .o_data_row:contains(Tour Nora) .o_field_widget[name=delivery_status]:contains(Ei sähköpostia)",
        },
        {
            content: "One not delivered, on the smart button",
            trigger: ".o_form_view button[name=action_open_failed_entries] .o_stat_value:contains(1)",
            run: "click",
        },
        {
            content: "and the list it opens has that one entry",
            trigger: ".o_list_view .o_data_row:contains(Tour Nora)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Eero)))",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(2)))",
        },
    ],
});
