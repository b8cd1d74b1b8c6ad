from . import test_interaction_config
from . import test_log_entry
from . import test_security
from . import test_create_wizard
from . import test_postponed
from . import test_cancel_delete
from . import test_ui
