/** @odoo-module */

import { registry } from "@web/core/registry";

// Log, cancel and restore a segment of 2,000 contacts from the web client:
// each step answers with a notification that counts what was done.
registry.category("web_tour.tours").add("crm_interaction_big_segment_tour", {
    steps: () => [
        {
            content: "Log the 2,000-contact segment",
            trigger: ".o_form_view button[name=action_open_log_wizard]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            content: "The notification counts the logged interactions",
            trigger: ".o_notification:contains(2000 interactions logged)",
        },
        {
            content: "The logged segment opens",
            trigger: ".o_form_view .o_field_widget[name=entry_count]:contains(2,000)",
        },
        {
            trigger: ".o_form_view button[name=action_cancel]",
            run: "click",
        },
        {
            content: "The confirmation says what it does",
            trigger: ".modal .modal-footer button.btn-primary:contains(Cancel Logged Segment)",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(2000 interactions canceled)",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Canceled)",
        },
        {
            trigger: ".o_form_view button[name=action_restore]",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary:contains(Restore)",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(2000 interactions restored)",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Logged)",
        },
    ],
});
