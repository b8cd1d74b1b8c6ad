/** @odoo-module */

import { registry } from "@web/core/registry";
import { delay } from "@odoo/hoot-dom";

// The template editor is Odoo's email template editor: placeholders typed as
// QWeb show as such, the "/" menu and "#" in the subject open the dynamic
// placeholder picker on the fields of the interaction log entry.
registry.category("web_tour.tours").add("crm_interaction_template_editor_tour", {
    steps: () => [
        {
            content: "The contact's name placeholder of the body is shown, not blank",
            trigger: `.o_field_widget[name=body] .odoo-editor-editable t[t-out="object.partner_id.name"][data-oe-t-inline]`,
        },
        {
            content: "Type # in the subject",
            trigger: '.o_field_widget[name="subject"] input[type="text"]',
            run: "edit Offer: && press #",
        },
        {
            content: "The placeholder picker opens on the interaction's fields",
            trigger: "div.o_model_field_selector_popover_search input[type='text']",
            run: "edit Description",
        },
        {
            trigger: 'div.o_model_field_selector_popover button:contains("Description")',
            run: "click",
        },
        {
            content: "Insert it",
            trigger: "div.o_model_field_selector_popover button:first-child",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_model_field_selector_popover))",
        },
        {
            content: "Type / in the body",
            trigger: ".o_field_widget[name=body] .odoo-editor-editable p:contains(Offer)",
            async run(actions) {
                await actions.editor("/");
                this.anchor.closest(".odoo-editor-editable").dispatchEvent(
                    new InputEvent("input", { inputType: "insertText", data: "/" })
                );
            },
        },
        {
            content: "The / menu offers Dynamic Placeholder",
            trigger: "div.o-we-powerbox .o-we-command:contains(Dynamic Placeholder)",
            run: "click",
        },
        {
            trigger: "div.o_model_field_selector_popover_search input[type='text']",
            run: "edit Description",
        },
        {
            trigger: 'div.o_model_field_selector_popover button:contains("Description")',
            run: "click",
        },
        {
            trigger: "div.o_model_field_selector_popover button:first-child",
            run: "click",
        },
        {
            content: "The placeholder is in the body, shown as such",
            trigger: `.o_field_widget[name=body] .odoo-editor-editable t[t-out="object.description"]`,
            run: async () => {
                await delay(100);
            },
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});
