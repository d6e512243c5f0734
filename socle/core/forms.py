"""Form pieces shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError


class LongSelect(forms.Select):
    """A select for long lists (1,255 EPCI, 109 départements): options written inline by one
    template instead of one template include each, which made the member list's filter form
    cost most of the page's render time. No optgroups."""

    template_name = "socle/widgets/fast_select.html"


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: each message on the field it names when the
    form has that field, otherwise above the form. Never raises."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
