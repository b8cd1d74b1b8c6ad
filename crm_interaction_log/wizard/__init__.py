from . import crm_interaction_create_wizard
from . import crm_interaction_delete_canceled
