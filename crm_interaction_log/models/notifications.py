"""The notification the addon's actions answer with."""

CLOSE_WINDOW = {"type": "ir.actions.act_window_close"}


def success_notification(message, next_action=None):
    """A success notification action, then ``next_action`` (the view
    reloads by default)."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": "success",
            "message": message,
            "sticky": False,
            "next": dict(
                next_action or {"type": "ir.actions.client", "tag": "soft_reload"}
            ),
        },
    }
