"""Links a user writes to records of other models must point at records
that user may read.

A Many2many or Many2one written over RPC takes any id: linking an
attachment the user cannot read to an entry, then sending the entry, would
email another company's file; a Many2one to an entry shows its name (Odoo
reads the names of Many2one values as superuser). These checks run in the
``create`` and ``write`` of the models holding such links, as
``mail.message`` checks the attachments of a message.
"""

from odoo.fields import Command

from .compat import check_attachment_access


def linked_ids(commands):
    """The ids that the x2many ``commands`` link (LINK, SET, or plain ids);
    records created by a command are checked by their own create."""
    ids = set()
    for command in commands or ():
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, list | tuple) and command:
            if command[0] == Command.LINK:
                ids.add(command[1])
            elif command[0] == Command.SET:
                ids.update(command[2] or ())
    return ids


def check_attachment_links(records, vals_list, fname="attachment_ids"):
    """Raise an AccessError unless the current user may read every
    attachment that ``vals_list`` (the values given to ``records``' create,
    or one write) links through ``fname``: the rule of ``message_post``.
    Attachments already belonging to one of ``records`` are theirs."""
    if records.env.su:
        return
    ids = set().union(*(linked_ids(vals.get(fname)) for vals in vals_list))
    if not ids:
        return
    attachments = records.env["ir.attachment"].sudo().browse(ids).exists()
    foreign = attachments.filtered(
        lambda a: a.res_model != records._name or a.res_id not in records.ids
    )
    if foreign:
        check_attachment_access(foreign.sudo(False), "read")


def check_readable_links(records, vals_list, fnames, mode="read"):
    """Raise an AccessError unless the current user has ``mode`` access to
    the records that ``vals_list`` sets in the Many2one fields ``fnames`` of
    ``records``."""
    if records.env.su:
        return
    for fname in fnames:
        ids = {vals[fname] for vals in vals_list if vals.get(fname)}
        if ids:
            comodel = records.env[records._fields[fname].comodel_name]
            comodel.browse(ids).check_access(mode)
