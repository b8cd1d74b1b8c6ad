{
    "name": "CRM Interaction Log - Mail Plugin",
    "summary": "Emails logged into an opportunity from the Outlook or Gmail add-in "
    "become interactions of its contact",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-interaction-log/crm_interaction_log",
    "author": "crm_interaction_log maintainers",
    "license": "LGPL-3",
    "depends": ["crm_interaction_log", "crm_mail_plugin"],
    "data": [],
    "installable": True,
    "auto_install": True,
    "application": False,
}
