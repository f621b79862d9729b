"""The regional dashboard's figures, computed ahead (a snapshot) so that the page reads a few hundred rows.

A ``Refresh`` is one run of the computation (after the signal job, or ``refresh_dashboard``); its ``Figure`` rows
hold, per region (``scope``: the samenwerkingsverband or the municipality whose dashboard it is), per figure, and
per sending school, transition type and school year, a count and the base it is out of. The refreshes are kept, so
the page can say what changed since last week. No row names a pupil: a figure is a number.

A figure's ``audience`` says whose pupils it counts: empty for the dashboard's owner (the policy officer, through
the ``aggregate`` rules), ``leerplicht`` for the figures of now counted through leerplicht's own signal list, so
that leerplicht reads exact numbers made only of pupils it may see.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class Refresh(models.Model):
    computed_at = models.DateTimeField(_("computed at"))
    as_of = models.DateField(_("figures of"))
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.as_of} ({self.computed_at:%H:%M})"


class Figure(models.Model):
    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="figures")
    scope = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=32)
    # The region as a whole (distinct pupils over every school, type and year), or one cell of it.
    whole_region = models.BooleanField(default=False)
    audience = models.CharField(max_length=16, blank=True, default="")
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=12, blank=True)
    school_year = models.CharField(max_length=9, blank=True)
    count = models.IntegerField(default=0)
    base = models.IntegerField(default=0)

    objects = AuthorisedManager()

    class Meta:
        # Every read names the refresh, the scope and the audience (the checkpoint's rule adds the audience): with
        # all three in the index, "has this reader any figures" is one index probe, where PostgreSQL otherwise
        # scanned the table of every refresh looking for the first row.
        indexes = [models.Index(fields=["refresh", "scope", "audience", "metric"], name="dashboard_figure_read")]

    def __str__(self) -> str:
        return f"{self.metric} {self.count}/{self.base}"


class Pattern(models.Model):
    """Which cells of one figure's cube the dashboard's owner sees hidden, chosen in the refresh: ``primary`` the
    small ones ("<5"), ``secondary`` those hidden so that a small one cannot be worked out ("x"). Each a list of
    ``[school, code, school_year]``, where any place may be ``"total"`` (a margin, which has no ``Figure`` row of
    its own). One row per region, audience and figure."""

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="patterns")
    scope = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=16, blank=True, default="")
    metric = models.CharField(max_length=32)
    primary = models.JSONField(default=list)
    secondary = models.JSONField(default=list)

    objects = AuthorisedManager()

    class Meta:
        indexes = [models.Index(fields=["scope", "refresh", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric}: {len(self.primary)} + {len(self.secondary)} hidden"


class BuiltPage(models.Model):
    """One reader's unfiltered dashboard, built right after its refresh and kept with it: the tables (captions,
    headers, rows as text, the charts as drawn) and the filter choices. What a reader may see of a refresh depends
    only on their organisation and role (``rules.figure_view``), so that is whose page it is. The cache serves the
    page while it lasts; this row serves it when the cache is lost (a restart, an emptied Redis), so that nobody
    waits for the cells of a large region to be read and sliced again. Only the latest refresh's pages are kept.
    ``version`` is the shape of the stored tables: a page of another version is built again, not read."""

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="pages")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=32)
    language = models.CharField(max_length=8)
    version = models.PositiveSmallIntegerField()
    year = models.CharField(max_length=9, blank=True)
    choices = models.JSONField(default=dict)
    tables = models.JSONField(default=list)

    objects = AuthorisedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["refresh", "organisation", "role", "language"], name="dashboard_one_page_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.role} ({self.refresh_id})"
