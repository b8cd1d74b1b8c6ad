from . import crm_interaction_create_wizard
from . import crm_interaction_delete_canceled
from . import crm_interaction_segment_add_contacts
from . import crm_interaction_segment_log_wizard
from . import crm_interaction_evaluate_wizard
from . import crm_interaction_state_wizard
