from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Username and password. The same message for an unknown user and a wrong password."""

    error_messages = {
        "invalid_login": _("Username or password is not correct. Check both and try again."),
        "inactive": _("Username or password is not correct. Check both and try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "class": "utrecht-textbox"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password", "class": "utrecht-textbox"})


class TokenForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "class": "utrecht-textbox utrecht-textbox--numeric",
            }
        ),
        error_messages={
            "required": _("Code: enter the six digits from your authenticator app."),
            "min_length": _("Code: enter all six digits."),
            "max_length": _("Code: enter only six digits."),
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Code: use digits only."))
        return code


class ActingMembershipForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
