"""The notifications the addon's actions answer with."""

CLOSE_WINDOW = {"type": "ir.actions.act_window_close"}
SOFT_RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


def notification(
    message, next_action=None, *, kind="success", title=None, links=None, sticky=False
):
    """A notification action of type ``kind`` (success, info, warning), then
    ``next_action`` when given. ``links`` are ``{"label", "url"}`` dicts the
    web client puts at the ``%s`` of the message."""
    params = {"type": kind, "message": message, "sticky": sticky}
    if title:
        params["title"] = title
    if links is not None:
        params["links"] = links
    if next_action:
        params["next"] = dict(next_action)
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }


def counted(count, one, many, none=None):
    """``one`` for a count of 1, ``none`` (when given) for 0, else ``many``:
    all are translated by the caller (Odoo's translations have no plural
    forms), e.g. ``counted(n, _("1 interaction logged."), _("%(count)s
    interactions logged.", count=n))``."""
    if not count and none is not None:
        return none
    return one if count == 1 else many


def success_notification(message, next_action=None):
    """A success notification action, then ``next_action`` (the view
    reloads by default)."""
    return notification(message, next_action or SOFT_RELOAD)
