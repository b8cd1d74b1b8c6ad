from . import crm_interaction_config_mixin
from . import crm_interaction_group
from . import crm_interaction_template
from . import crm_interaction_log_entry
from . import res_partner
from . import res_users
from . import crm_lead
from . import res_config_settings
