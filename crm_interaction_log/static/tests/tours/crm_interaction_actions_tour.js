/** @odoo-module */

import { registry } from "@web/core/registry";

/**
 * Steps clicking a smart button of the form's button box; a crowded box folds
 * its last buttons into a "More" dropdown, which is opened first when needed.
 */
const clickButtonBox = (buttonName, content) => [
    {
        content: `Show the button ${buttonName}`,
        trigger: ".o_form_view .o-form-buttonbox",
        run() {
            const selector = `.o-form-buttonbox button[name=${buttonName}]`;
            if (!document.querySelector(selector)) {
                document.querySelector(".o-form-buttonbox .o_button_more").click();
            }
        },
    },
    {
        content,
        trigger: `.o-form-buttonbox button[name=${buttonName}]`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("crm_interaction_actions_tour", {
    steps: () => [
        ...clickButtonBox("action_call", "Call the contact"),
        {
            content: "The contact's numbers are offered as tel: links",
            trigger: ".modal .o_field_widget[name=partner_phone] a[href^='tel:']",
        },
        {
            content: "The outgoing-call template is chosen",
            trigger: ".modal .o_field_widget[name=template_id] input:value(Outbound phone call)",
        },
        {
            content: "Choose the outcome",
            trigger: ".modal .o_field_widget[name=outcome_id] input",
            run: "edit No answer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(No answer)",
            run: "click",
        },
        {
            content: "No answer is a failed attempt",
            trigger: ".modal .o_field_widget[name=attempt_failed] input:checked",
        },
        {
            content: "Log the call",
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        ...clickButtonBox("action_open_interactions", "Open the contact's interactions"),
        {
            content: "Open the logged call",
            trigger: ".o_list_view .o_data_row:contains(Outbound phone call) td[name=description]",
            run: "click",
        },
        {
            content: "The entry shows its outcome",
            trigger: ".o_form_view .o_field_widget[name=outcome_id]:contains(No answer), .o_form_view .o_field_widget[name=outcome_id] input:value(No answer)",
        },
        {
            content: "Create an opportunity from it",
            trigger: ".o_form_view button[name=action_create_opportunity]",
            run: "click",
        },
        {
            content: "A notification offers to open the opportunity",
            trigger: ".o_notification:contains(Opportunity created) a:contains(Open Opportunity)",
        },
        {
            content: "The entry is linked and cannot create another one",
            trigger: ".o_form_view:not(:has(button[name=action_create_opportunity]))",
        },
    ],
});
