{
    "name": "CRM Interaction Log",
    "summary": "Log every contact with a customer (calls, letters, emails, meetings, "
    "mailings) from templates, one by one or for whole segments",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-interaction-log/crm_interaction_log",
    "author": "crm_interaction_log maintainers",
    "license": "LGPL-3",
    "depends": ["crm"],
    "data": [
        "security/crm_interaction_log_security.xml",
        "security/ir.model.access.csv",
        "data/crm_interaction_data.xml",
        "data/ir_cron_data.xml",
        "wizard/crm_interaction_create_wizard_views.xml",
        "wizard/crm_interaction_delete_canceled_views.xml",
        "views/crm_interaction_log_entry_views.xml",
        "views/crm_interaction_template_views.xml",
        "views/crm_interaction_group_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_interaction_menus.xml",
    ],
    "demo": [
        "demo/crm_interaction_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_interaction_log/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
