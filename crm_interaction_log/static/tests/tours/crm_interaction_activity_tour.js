/** @odoo-module */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_interaction_activity_tour", {
    steps: () => [
        {
            content: "Mark the call activity done from the contact's chatter",
            trigger: ".o-mail-Activity:contains(Tour customer call) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Write the feedback",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Tour: wants a quote",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "The activity is done",
            trigger: ".o-mail-Message:contains(Tour: wants a quote)",
        },
        {
            content: "Open the Interactions page",
            trigger: ".o_notebook a.nav-link:contains(Interactions)",
            run: "click",
        },
        {
            content: "The logged call is on the contact's Interactions page",
            trigger:
                ".o_notebook .o_field_widget[name=interaction_history_ids] .o_data_row:contains(Tour call)",
        },
        {
            content: "The Create Interaction button is on the page",
            trigger: ".o_notebook button[name=action_create_interaction]",
        },
    ],
});
