/** @odoo-module */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_interaction_partner_tour", {
    steps: () => [
        {
            content: "The contact shows its number of interactions",
            trigger: ".o_form_view button[name=action_open_interactions] .o_stat_value:contains(2)",
            run: "click",
        },
        {
            content: "The log is filtered on the contact",
            trigger: ".o_list_view .o_data_row:contains(Tour smart button call)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Someone else)))",
        },
        {
            trigger: ".o_breadcrumb:contains(Interactions: Tour Smart Contact)",
        },
    ],
});
