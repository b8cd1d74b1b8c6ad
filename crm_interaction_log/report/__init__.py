from . import crm_interaction_letter_report
