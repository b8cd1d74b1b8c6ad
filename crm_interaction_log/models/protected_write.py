"""The private write path of the interaction log.

State changes and system fields are written only by the addon's own code
(the action methods call ``_write_protected``). A context key cannot serve
as that permission: any RPC caller sets any context. The capability passed
here is a Python object that JSON-RPC and XML-RPC cannot produce, and the
methods that pass it are private (RPC refuses methods starting with ``_``).
"""

_WRITE_TOKEN = object()
_WRITE_TOKEN_KEY = "crm_interaction_write_token"


def with_write_token(records):
    """``records`` carrying the capability to write protected fields."""
    return records.with_context(**{_WRITE_TOKEN_KEY: _WRITE_TOKEN})


def has_write_token(records):
    """Whether ``records`` were given the capability by the addon's code."""
    return records.env.context.get(_WRITE_TOKEN_KEY) is _WRITE_TOKEN
