"""What differs between the Odoo series the addon runs on (18.0 and 19.0).

Every difference of API between the series lives here, so the rest of the
addon is written once. Each helper uses the current API of the series it runs
on (never a deprecated one, which would log a warning on 19.0); when 18.0 is
dropped, the 18.0 branches go and the callers stay.
"""

import threading

from odoo import modules, release

SERIES = release.major_version
ODOO_19 = release.version_info[0] >= 19
# the groups of actions (and users): renamed in 19.0
ACTION_GROUPS_FIELD = "group_ids" if ODOO_19 else "groups_id"

if ODOO_19:
    from odoo.models import Constraint
else:

    class Constraint:
        """18.0 stand-in for 19.0's ``models.Constraint``: declared as a class
        attribute ``_name = Constraint(definition, message)`` it adds
        ``(name, definition, message)`` to the model's ``_sql_constraints``,
        which gives the database constraint the same name
        (``<table>_<name>``) on both series."""

        def __init__(self, definition, message=""):
            self.definition = definition
            self.message = message

        def __set_name__(self, owner, name):
            assert name.startswith("_"), "Names of SQL constraints start with '_'"
            if "_sql_constraints" not in owner.__dict__:
                # never the list inherited from BaseModel
                owner._sql_constraints = []
            owner._sql_constraints.append((name[1:], self.definition, self.message))


def running_tests():
    """Whether the code runs in a test (no commit allowed): Odoo's test runner
    marks it with ``current_test`` (the thread's ``testing`` flag too on 18.0
    only), pytest-odoo with the thread's flag."""
    return bool(
        modules.module.current_test
        or getattr(threading.current_thread(), "testing", False)
    )


def check_attachment_access(attachments, mode):
    """Raise AccessError unless the user may access ``attachments`` (their
    documents included): ``check_access`` on 19.0 (``check`` is deprecated
    there), ``check`` on 18.0 (whose ``check_access`` skips the documents)."""
    if ODOO_19:
        attachments.check_access(mode)
    else:
        attachments.check(mode)


def check_field_read_access(records, field_names):
    """Raise AccessError unless the user may read the fields ``field_names``
    of ``records``' model."""
    if ODOO_19:
        for fname in field_names:
            records._check_field_access(records._fields[fname], "read")
    else:
        records.check_field_access_rights("read", list(field_names))


def cron_progress(env, processed, done, remaining, commit):
    """Report the progress of a cron job (``processed`` items in this step,
    ``done`` so far, ``remaining`` left) and commit when ``commit``."""
    if ODOO_19:
        if commit:
            # commits, and records the progress when run by the cron
            env["ir.cron"]._commit_progress(processed, remaining=remaining)
        elif progress_id := env.context.get("ir_cron_progress_id"):
            # in a test (no commit): the progress the cron would record
            env["ir.cron.progress"].sudo().browse(progress_id).write(
                {"done": done, "remaining": remaining}
            )
        return
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if commit:
        env.cr.commit()  # pylint: disable=invalid-commit


def message_author_email(env, author_id):
    """The ``email_from`` that ``mail.message.create()`` computes for a
    message of ``author_id`` given none (19.0 dropped ``raise_on_email``)."""
    options = {} if ODOO_19 else {"raise_on_email": False}
    return env["mail.thread"]._message_compute_author(
        author_id, email_from=None, **options
    )[1]


def sent_message_failure(args, kwargs):
    """``(failure_reason, failure_type)`` of a call to
    ``mail.mail._postprocess_sent_message``, whose arguments are
    ``(success_pids, failure_reason, failure_type)`` on 18.0 and
    ``(success_pids, success_emails, failure_reason, failure_type)`` on 19.0."""
    names = ["success_pids", "failure_reason", "failure_type"]
    if ODOO_19:
        names.insert(1, "success_emails")
    values = dict(zip(names, args, strict=False)) | kwargs
    return values.get("failure_reason", False), values.get("failure_type")


def gateway_post_values(msg_dict, exclude):
    """The ``message_post`` values of an email parsed by the gateway
    (``message_parse``), without the keys ``exclude``, as the gateway posts
    it: 19.0's parser gives the filtered recipients (``to_filtered``,
    ``cc_filtered``), which ``message_post`` takes as ``incoming_email_to``
    and ``incoming_email_cc``."""
    values = {key: value for key, value in msg_dict.items() if key not in exclude}
    if ODOO_19:
        values["incoming_email_cc"] = values.pop("cc_filtered", False)
        values["incoming_email_to"] = values.pop("to_filtered", False)
    return values
