"""Set-based creation of many ``mail.mail`` records at once.

Thousands of segment emails must be queued in about the time it takes to
log the segment: the ORM's ``mail.mail.create()`` spends most of that time
per record. This module writes, in a few statements, the rows that create
would write, from values Odoo prepared (the mass-mode composer's
``_prepare_mail_values``): each value is converted by its field
(``convert_to_column_insert``: sanitizing, ids), the fields not given take
the defaults ``create()`` gives them (``_add_missing_default_values``), the
``mail.message`` pre-processing of ``create()`` is applied with Odoo's own
methods, and the many2many links are written to their relation tables.
``tests/test_mail_parity.py`` proves, column by column, that the rows equal
what the composer's ``create()`` writes for the same entries.

It covers what the composer gives: scalar fields, many2one ids, and link
commands on many2many fields. Values it does not cover (one2many, embedded
base64 images to extract, other commands) go through the ORM instead.
"""

import json

from odoo import fields
from odoo.tools import SQL

from odoo.addons.mail.models.mail_message import _image_dataurl

from .compat import message_author_email

MAGIC_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def _links(field, value):
    """The ids a many2many value links (link and set commands), or None
    for anything else."""
    ids = []
    for command in value or ():
        if isinstance(command, int):
            ids.append(command)
        elif command[0] == fields.Command.LINK:
            ids.append(command[1])
        elif command[0] == fields.Command.SET:
            ids.extend(command[2])
        else:
            return None
    return ids


def _covered(model, vals_list):
    """Whether every value of ``vals_list`` is one this module writes like
    the ORM does."""
    for vals in vals_list:
        if _image_dataurl.search(str(vals.get("body") or "")):
            return False
        for fname, value in vals.items():
            field = model._fields.get(fname)
            if field is None or field.type == "one2many":
                return False
            if field.type == "many2many" and _links(field, value) is None:
                return False
    return True


def _column_value(field, value, record, vals):
    value = field.convert_to_column_insert(value, record, vals)
    if hasattr(value, "adapted"):  # psycopg2 Json
        value = value.adapted
    return value


def _insert_rows(env, model, rows, key):
    """Insert ``rows`` (dicts of column values) into the table of ``model``
    in one statement; return ``{row[key]: id}``."""
    columns = sorted(set().union(*rows))
    result = env.execute_query(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s)
            SELECT %(columns)s
              FROM jsonb_populate_recordset(NULL::%(table)s, %(rows)s::jsonb)
            RETURNING %(key)s, id
            """,
            table=SQL.identifier(model._table),
            columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            rows=json.dumps(rows, default=str),
            key=SQL.identifier(key),
        )
    )
    return dict(result)


def _split(Mail, vals):
    """Split mail values into those of its ``mail.message`` (the inherited
    fields) and its own."""
    message_vals, mail_vals = {}, {}
    for fname, value in vals.items():
        field = Mail._fields[fname]
        target = message_vals if field.inherited else mail_vals
        target[fname] = value
    return message_vals, mail_vals


def _prepare_message_values(env, Message, message_vals):
    """What ``mail.message.create()`` computes when not given."""
    if "email_from" not in message_vals:
        message_vals["email_from"] = message_author_email(
            env, message_vals.get("author_id")
        )
    if not message_vals.get("message_id"):
        message_vals["message_id"] = Message._get_message_id(message_vals)
    if "reply_to" not in message_vals:
        message_vals["reply_to"] = Message._get_reply_to(message_vals)
    # stored on 18.0 only (19.0 computes it)
    if Message._fields["record_name"].store and "record_name" not in message_vals:
        message_vals["record_name"] = Message._get_record_name(message_vals)
    return message_vals


def _row(model, model_vals, magic):
    """The column values of one record of ``model`` and its many2many
    links (``{field: ids}``)."""
    row, links = dict(magic), {}
    for fname, value in model_vals.items():
        field = model._fields[fname]
        if field.type == "many2many":
            links[field] = _links(field, value)
        elif field.store and field.column_type:
            row[fname] = _column_value(field, value, model, model_vals)
    return row, links


def _insert_links(env, pairs):
    """Write the many2many links ``{field: [(id, linked id)]}``, one
    statement per relation table."""
    for field, field_pairs in pairs.items():
        if not field_pairs:
            continue
        env.execute_query(
            SQL(
                """
                INSERT INTO %s (%s, %s)
                SELECT * FROM unnest(%s::int[], %s::int[])
                ON CONFLICT DO NOTHING
                """,
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                [pair[0] for pair in field_pairs],
                [pair[1] for pair in field_pairs],
            )
        )


def insert_mails(env, vals_list):
    """Create ``mail.mail`` records (and their messages) from ``vals_list``
    as ``mail.mail.create()`` would, in a few statements.

    :return: ``[(res_id, message id, state, failure_type)]`` of the mails,
        in the order of ``vals_list``
    """
    Mail = env["mail.mail"].sudo()
    Message = env["mail.message"].sudo()
    if not vals_list:
        return []
    if not _covered(Mail, vals_list):
        mails = Mail.create(vals_list)
        return [
            (mail.res_id, mail.mail_message_id.id, mail.state, mail.failure_type)
            for mail in mails
        ]
    # what create() adds: the defaults of the fields a vals does not give
    # (computed once: they do not depend on the values)
    defaults = Mail._add_missing_default_values({})
    now = fields.Datetime.now()
    magic = dict.fromkeys(MAGIC_COLUMNS[0::2], env.uid) | dict.fromkeys(
        MAGIC_COLUMNS[1::2], now
    )
    messages, mails = [], []
    for vals in vals_list:
        vals = {**defaults, **vals}
        # mail.mail.create(): a mail of a message is a notification unless
        # told otherwise; a void scheduled date is no date
        vals.setdefault("is_notification", True)
        vals["scheduled_date"] = vals.get("scheduled_date") or False
        message_vals, mail_vals = _split(Mail, vals)
        message_vals = _prepare_message_values(env, Message, message_vals)
        messages.append(
            _row(Message, message_vals, magic) + (message_vals["message_id"],)
        )
        mails.append(_row(Mail, mail_vals, magic))

    message_ids = _insert_rows(env, Message, [m[0] for m in messages], "message_id")
    for message, mail in zip(messages, mails, strict=True):
        mail[0]["mail_message_id"] = message_ids[message[2]]
    mail_ids = _insert_rows(env, Mail, [m[0] for m in mails], "mail_message_id")
    pairs = {}
    for message, mail in zip(messages, mails, strict=True):
        message_id = message_ids[message[2]]
        for field, ids in message[1].items():
            pairs.setdefault(field, []).extend((message_id, i) for i in ids)
        for field, ids in mail[1].items():
            pairs.setdefault(field, []).extend((mail_ids[message_id], i) for i in ids)
    _insert_links(env, pairs)
    Message.invalidate_model()
    Mail.invalidate_model()
    return [
        (
            vals.get("res_id"),
            message_ids[message[2]],
            mail[0].get("state"),
            mail[0].get("failure_type"),
        )
        for vals, message, mail in zip(vals_list, messages, mails, strict=True)
    ]
