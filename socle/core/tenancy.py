"""The tenancy rule in one place: a tenant-owned row has a non-null ``collectivite`` foreign key
and is read through ``visible_to(user)`` (ARCHITECTURE.md, "Tenancy")."""

from __future__ import annotations

from django.db import models

from socle import permissions


class TenantQuerySet(models.QuerySet):
    """Base queryset of tenant-owned models; apps subclass it to add their own filters."""

    def visible_to(self, user):
        """Rows of the collectivités the user may read (all of them for an operator)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        return self.filter(collectivite_id__in=list(permissions._member_roles(user)))
