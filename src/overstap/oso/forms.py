from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import Form


class OsoUploadForm(Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An OSO dossier (XML, OSO 2019.1) from the administration system of the sending school."),
    )
