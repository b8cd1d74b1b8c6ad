/** @odoo-module */

import { Chatter } from "@mail/chatter/web_portal/chatter";
import { patch } from "@web/core/utils/patch";

// form fields listing interactions that an activity marked done can add to
const HISTORY_FIELDS = ["interaction_history_ids", "interaction_log_entry_ids"];

patch(Chatter.prototype, {
    /**
     * An activity marked done may have logged an interaction: reload the
     * form (unless it has unsaved changes) so that its Interactions page and
     * smart button show it.
     */
    async onActivityChanged() {
        super.onActivityChanged(...arguments);
        // the form record: `record` on 19.0, `webRecord` on 18.0
        const record = this.props.record || this.props.webRecord;
        if (
            record &&
            !record.isNew &&
            HISTORY_FIELDS.some((fname) => fname in record.activeFields) &&
            !(await record.isDirty())
        ) {
            await record.load();
        }
    },
});
