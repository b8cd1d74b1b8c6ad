/** @odoo-module */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_interaction_segment_tour", {
    url: "/odoo?debug=1",
    steps: () => [
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
            trigger: 'button[data-menu-xmlid="crm_interaction_log.crm_interaction_menu_root"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_interaction_log.crm_interaction_segment_menu"]',
            run: "click",
        },
        {
            content: "New segment",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=description] input",
            run: "edit Tour fair invitation",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=template_id] input",
            run: "edit Tour letter",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour letter)",
            run: "click",
        },
        {
            content: "Add contacts (saves the segment)",
            trigger: ".o_form_view button[name=action_open_add_contacts]",
            run: "click",
        },
        {
            content: "Filter the contacts with a domain",
            trigger: ".modal .o_domain_selector_debug_container textarea",
            run: `edit [("name", "ilike", "Tour Seg Contact")]`,
        },
        {
            content: "Leave the code editor to apply the domain",
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_count]:contains(3)",
        },
        {
            trigger: ".modal button[name=action_add]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Three lines follow the header",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:nth-child(3):contains(Tour letter)",
        },
        {
            content: "Override the template of one line",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Seg Contact 2) td[name=template_id]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=template_id] input",
            run: "edit Tour call",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour call)",
            run: "click",
        },
        {
            content: "The line gets the duration of its own template",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=duration] input:value(12)",
        },
        {
            content: "Save the form",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Wait for the save",
            trigger: ".o_form_readonly, .o_form_saved",
        },
        {
            content: "Log",
            trigger: ".o_form_view button[name=action_open_log_wizard]",
            run: "click",
        },
        {
            content: "with a follow-up segment",
            trigger: ".modal .o_field_widget[name=create_follow_up] input",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            content: "The logged segment shows its three interactions",
            trigger: ".o_form_view .o_field_widget[name=entry_ids] .o_data_row:nth-child(3)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=entry_ids] .o_data_row:contains(Tour Seg Contact 2):contains(Tour call)",
        },
    ],
});
