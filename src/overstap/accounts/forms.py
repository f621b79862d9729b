from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import Form, NamedErrorsMixin


class LoginForm(NamedErrorsMixin, AuthenticationForm):
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


class TokenForm(Form):
    """The second step of logging in. No length limit in the page: an authenticator app shows (and copies) the code
    as "123 456", and a box that stops at six characters would cut a pasted code short. The spaces go before the
    digits are counted."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows for Overstap."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "utrecht-textbox utrecht-textbox--numeric",
            }
        ),
        error_messages={"required": _("Code: enter the six digits from your authenticator app.")},
    )

    def __init__(self, *args, autofocus=False, **kwargs):
        super().__init__(*args, **kwargs)
        # On the log-in step the code is all there is to do; on the set-up page the QR code comes first.
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Code: use digits only."))
        if len(code) < 6:
            raise forms.ValidationError(_("Code: enter all six digits."))
        if len(code) > 6:
            raise forms.ValidationError(_("Code: enter only six digits."))
        return code


class ActingMembershipForm(Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)


class NewMemberForm(Form):
    """A new person in the application manager's own organisation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Used for single sign-on, if your organisation uses it."),
        error_messages={"invalid": _("E-mail address: enter a valid address, such as naam@school.nl.")},
    )
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-z0-9.\-_]{3,40}$",
        help_text=_("3 to 40 characters: lower-case letters, digits, dots, hyphens."),
        error_messages={"invalid": _("Username: use 3 to 40 lower-case letters, digits, dots or hyphens.")},
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation, **kwargs):
        from .roles import ROLE_ORGANISATION_TYPES, Role

        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["role"].choices = [
            (role.value, role.label) for role in Role if organisation.type in ROLE_ORGANISATION_TYPES[role]
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "utrecht-textbox")
        self.fields["role"].widget.attrs["class"] = "utrecht-select"
        for name in ("first_name", "last_name"):
            self.fields[name].error_messages["required"] = _("%(field)s: this field is required.") % {
                "field": self.fields[name].label
            }

    def clean_username(self):
        from .models import User

        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Username: this username is already taken. Choose another one."))
        return username


class OrganisationDetailsForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    support_profile_url = forms.URLField(
        label=_("School support profile (SOP), web address"),
        assume_scheme="https",
        required=False,
        error_messages={"invalid": _("School support profile: enter a full web address starting with https://.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["class"] = "utrecht-textbox"
        self.fields["support_profile_url"].widget.attrs["class"] = "utrecht-textbox"
