from . import test_mail_plugin
