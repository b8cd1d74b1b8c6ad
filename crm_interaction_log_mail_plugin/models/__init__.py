from . import crm_interaction_log_entry
