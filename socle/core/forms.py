"""Form pieces shared by the apps."""

from django import forms


class LongSelect(forms.Select):
    """A select for long lists (1,255 EPCI, 109 départements): options written inline by one
    template instead of one template include each, which made the member list's filter form
    cost most of the page's render time. No optgroups."""

    template_name = "socle/widgets/fast_select.html"
