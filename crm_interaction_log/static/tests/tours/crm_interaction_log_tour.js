/** @odoo-module */

import { registry } from "@web/core/registry";

const openInteractionMenu = (menuXmlid) => [
    {
        content: "Open the Interactions menu",
        trigger: 'button[data-menu-xmlid="crm_interaction_log.crm_interaction_menu_root"]',
        run: "click",
    },
    {
        content: "Open the sub-menu",
        trigger: `a[data-menu-xmlid="${menuXmlid}"]`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("crm_interaction_log_list_tour", {
    url: "/odoo",
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
        ...openInteractionMenu("crm_interaction_log.crm_interaction_log_entry_menu"),
        {
            content: "The log list shows the logged call",
            trigger: ".o_list_view .o_data_row:contains(Tour logged call) td[name=description]",
            run: "click",
        },
        {
            content: "The entry opens in its form, with its status bar",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Logged)",
        },
        {
            content: "The form shows the description",
            trigger: ".o_form_view .o_field_widget[name=description]:contains(Tour logged call)",
        },
    ],
});

/**
 * Steps clicking a smart button of the form's button box; a crowded box folds
 * its last buttons into a "More" dropdown (depending on the installed apps and
 * the screen size), which is opened first when needed.
 */
const clickSmartButton = (buttonName, content) => [
    {
        content: `Show the smart button ${buttonName}`,
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

registry.category("web_tour.tours").add("crm_interaction_postpone_resume_tour", {
    url: "/odoo",
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
            content: "Open the customers",
            trigger: 'button[data-menu-xmlid="crm.crm_menu_sales"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm.res_partner_menu_customer"]',
            run: "click",
        },
        {
            content: "Open the tour contact (kanban on 18.0, list on 19.0)",
            trigger:
                ".o_kanban_record:contains(Tour Contact), .o_data_row:contains(Tour Contact) td[name=complete_name]",
            run: "click",
        },
        {
            content: "The contact form is open",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Contact)",
        },
        ...clickSmartButton(
            "action_create_interaction",
            "Create an interaction from the contact's smart button"
        ),
        {
            content: "The contact is prefilled",
            trigger: ".modal .o_field_widget[name=partner_id]:contains(Tour Contact)",
        },
        {
            content: "Choose the template",
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: "edit Tour call",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour call)",
            run: "click",
        },
        {
            content: "The template fills the duration",
            trigger: ".modal .o_field_widget[name=duration] input:value(12)",
        },
        {
            content: "Describe it",
            trigger: ".modal .o_field_widget[name=description] input",
            run: "edit Tour interaction",
        },
        {
            content: "Give a subject",
            trigger: ".modal .o_field_widget[name=subject] input",
            run: "edit Tour subject",
        },
        {
            content: "Evaluate it (a select on 18.0, a menu on 19.0)",
            trigger: ".modal .o_field_widget[name=evaluation]",
            async run(helpers) {
                const select = this.anchor.querySelector("select");
                if (select) {
                    await helpers.selectByLabel("Positive", select);
                } else {
                    await helpers.click(this.anchor.querySelector(".o_select_menu_toggler"));
                }
            },
        },
        {
            content: "Positive is chosen (on 19.0 in the menu)",
            trigger:
                ".o_select_menu_item:contains(/^Positive$/), .modal .o_field_widget[name=evaluation] select:has(option:selected:contains(/^Positive$/))",
            async run(helpers) {
                if (this.anchor.matches(".o_select_menu_item")) {
                    await helpers.click();
                }
            },
        },
        {
            content: "Postpone it",
            trigger: ".modal button[name=action_postpone]",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...openInteractionMenu("crm_interaction_log.crm_interaction_log_entry_menu_postponed"),
        {
            content: "The postponed list shows the interaction",
            trigger: ".o_list_view .o_data_row:contains(Tour interaction):contains(Tour Contact)",
        },
        {
            content: "Resume the postponed interaction",
            trigger: ".o_list_view .o_data_row:contains(Tour interaction) button[name=action_resume]",
            run: "click",
        },
        {
            content: "The wizard says it resumes a postponed interaction",
            trigger: ".modal .alert-info:contains(resuming a postponed interaction)",
        },
        {
            content: "The wizard shows what was typed",
            trigger: ".modal .o_field_widget[name=description] input:value(Tour interaction)",
        },
        {
            trigger: ".modal .o_field_widget[name=subject] input:value(Tour subject)",
        },
        {
            trigger:
                ".modal .o_field_widget[name=evaluation] select:has(option:selected:contains(/^Positive$/)), .modal .o_field_widget[name=evaluation] input.o_select_menu_toggler:value(/^Positive$/)",
        },
        {
            content: "Log it",
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Nothing is postponed any more",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour interaction)))",
        },
        ...openInteractionMenu("crm_interaction_log.crm_interaction_log_entry_menu"),
        {
            content: "The interaction is in the log",
            trigger: ".o_list_view .o_data_row:contains(Tour interaction):contains(Logged)",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row:contains(Tour interaction) td[name=description]",
            run: "click",
        },
        {
            content: "Its form shows it logged, with what was typed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Logged)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=subject]:contains(Tour subject)",
        },
    ],
});
