/** @odoo-module */

import { registry } from "@web/core/registry";

const openLogList = () => [
    {
        content: "Open the apps menu",
        trigger: ".o_navbar_apps_menu button:enabled",
        run: "click",
    },
    {
        content: "Open CRM",
        trigger: '.o_app[data-menu-xmlid="crm.crm_menu_root"]',
        run: "click",
    },
    {
        content: "Open the Interactions menu",
        trigger: 'button[data-menu-xmlid="crm_interaction_log.crm_interaction_menu_root"]',
        run: "click",
    },
    {
        content: "Open the log entries",
        trigger: 'a[data-menu-xmlid="crm_interaction_log.crm_interaction_log_entry_menu"]',
        run: "click",
    },
];

registry.category("web_tour.tours").add("crm_interaction_correspondence_tour", {
    url: "/odoo",
    steps: () => [
        ...openLogList(),
        {
            content: "Create an interaction",
            trigger: ".o_list_view .o_control_panel button:contains(Create Interaction)",
            run: "click",
        },
        {
            content: "Choose the contact",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Tour Mail Contact",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Mail Contact)",
            run: "click",
        },
        {
            content: "Choose the email template",
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: "edit Tour offer email",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour offer email)",
            run: "click",
        },
        {
            content: "The subject is rendered for the contact",
            trigger: ".modal .o_field_widget[name=subject] input:value(Offer for Tour Mail Contact)",
        },
        {
            content: "The body is rendered for the contact",
            trigger: ".modal .o_field_widget[name=body]:contains(Dear Tour Mail Contact)",
        },
        {
            content: "Sending is on for an email template",
            trigger: ".modal .o_field_widget[name=send_correspondence] input:checked",
        },
        {
            content: "Log and send",
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The entry waits in the mail queue",
            trigger: ".o_list_view .o_data_row:contains(Tour Mail Contact) .o_field_widget[name=delivery_status]:contains(Queued)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_interaction_correspondence_sent_tour", {
    url: "/odoo/action-crm_interaction_log.crm_interaction_log_entry_action",
    steps: () => [
        {
            content: "Once the queue ran, the entry shows Sent",
            trigger: ".o_list_view .o_data_row:contains(Tour Mail Contact) .o_field_widget[name=delivery_status]:contains(Sent)",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row:contains(Tour Mail Contact) td[name=description]",
            run: "click",
        },
        {
            content: "Its form shows the delivery status",
            trigger: ".o_form_view .o_field_widget[name=delivery_status]:contains(Sent)",
        },
        {
            content: "and the email it sent",
            trigger: ".o_form_view .o_field_widget[name=body]:contains(Dear Tour Mail Contact)",
        },
    ],
});
