"""The transition case (overstap): a pupil moves from one organisation to the next, or has no place yet."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager
from overstap.matrix.schema import TRANSITION_CODES
from overstap.pupils.models import Programme


class Status(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("Preparing")
    AANGEMELD = "aangemeld", _("Registered at the new school")
    INZAGE_OUDERS = "inzage_ouders", _("Parents are reading")
    VERZONDEN = "verzonden", _("Sent")
    ONTVANGEN = "ontvangen", _("Received")
    GEOPEND = "geopend", _("Opened")
    WARME_OVERDRACHT = "warme_overdracht", _("Warm handover held")
    GEPLAATST = "geplaatst", _("Placed")
    GESTART = "gestart", _("Started")
    NAZORG = "nazorg", _("Follow-up")
    AFGEROND = "afgerond", _("Completed")
    GEEN_PLEK = "geen_plek", _("No place")
    NO_SHOW = "no_show", _("Did not show up")
    UITGEVALLEN = "uitgevallen", _("Dropped out")
    THUISZITTER = "thuiszitter", _("At home without education")
    INGETROKKEN = "ingetrokken", _("Withdrawn")


class TransitionCase(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="transition_cases")
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="outgoing_cases",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_cases",
        verbose_name=_("to"),
        help_text=_("Empty while the pupil has no place yet."),
    )
    code = models.CharField(_("transition"), max_length=12, choices=[(c, c) for c in TRANSITION_CODES])
    code_override_reason = models.CharField(_("reason for another transition"), max_length=300, blank=True)
    school_year = models.CharField(_("school year"), max_length=9)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    programme = models.CharField(_("programme at the new school"), max_length=16, choices=Programme.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREIDING)
    created_by_name = models.CharField(_("created by"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Raised by every change of the case's own fields (status, receiving school); a change is taken only on top of
    # the version the person saw (see ``workflow.CaseConflict``).
    version = models.PositiveIntegerField(default=1)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.code} · {self.pupil}"


class ChecklistOrigin(models.TextChoices):
    MATRIX = "matrix", _("Transition matrix")
    PROTOCOL = "protocol", _("Regional protocol")


class ChecklistItem(models.Model):
    """One item of the case's checklist, with where its rule comes from (matrix or regional protocol)."""

    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="checklist")
    key = models.CharField(max_length=60)
    text = models.TextField(_("item"))
    required = models.BooleanField(_("always required"))
    condition = models.TextField(_("when"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    source = models.CharField(_("source"), max_length=200)
    origin = models.CharField(_("rule from"), max_length=10, choices=ChecklistOrigin.choices, default="matrix")
    applies = models.BooleanField(
        _("applies to this pupil"), null=True, blank=True, help_text=_("Empty: the school judges whether it applies.")
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by_name = models.CharField(_("done by"), max_length=200, blank=True)
    # A required item that does not fit this pupil is set aside with a reason, by someone, at a moment; it then no
    # longer holds up the sending (see ``handover.missing_before_sending``).
    set_aside_reason = models.TextField(_("reason for setting aside"), blank=True)
    set_aside_by_name = models.CharField(_("set aside by"), max_length=200, blank=True)
    set_aside_at = models.DateTimeField(_("set aside on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="checklist_unique_key")]

    def __str__(self) -> str:
        return self.key

    @property
    def settled(self) -> bool:
        """Done, or set aside with a reason."""
        return self.done_on is not None or self.set_aside_at is not None


class MilestoneKey(models.TextChoices):
    """The milestones of a move (see ``deadlines.py``); a protocol item may set the region's date for one."""

    SCHOOLADVIES = "schooladvies", _("School recommendation")
    AANMELDING = "aanmelding", _("Registration at the new school")
    INZAGE = "inzage", _("Parents read the report")
    VERZONDEN = "verzonden", _("Handover sent")
    WARME_OVERDRACHT = "warme_overdracht", _("Warm handover")
    START = "start", _("First school day")
    NO_SHOW = "no_show", _("Check that the pupil started")
    GEPLAATST = "geplaatst", _("Placed")
    NAZORG = "nazorg", _("End of follow-up care")


class ProtocolItem(models.Model):
    """An item a region (samenwerkingsverband) adds on top of the matrix: its own forms, dates and extra checks."""

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="protocol_items")
    transitions = models.JSONField(_("transitions"), default=list, help_text=_("The transition codes it holds for."))
    text = models.TextField(_("item"))
    required = models.BooleanField(_("always required"), default=True)
    condition = models.CharField(_("when"), max_length=300, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    # With a deadline, the region's date for this milestone of the move: it replaces the default date.
    milestone = models.CharField(
        _("date for the milestone"),
        max_length=20,
        choices=MilestoneKey.choices,
        blank=True,
        help_text=_("With a deadline: the region's date for this step, instead of the usual date."),
    )
    source = models.CharField(_("source"), max_length=200, help_text=_("The protocol or agreement it comes from."))
    active = models.BooleanField(_("active"), default=True)
    created_by_name = models.CharField(_("added by"), max_length=200)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("protocol item")
        verbose_name_plural = _("protocol items")

    def __str__(self) -> str:
        return self.text[:60]


class FamilyVerdict(models.TextChoices):
    """What the family says of the report it read before it goes (inzage)."""

    AGREE = "eens", _("Agrees with the report")
    DISAGREE = "oneens", _("Does not agree with the report")


class Handover(models.Model):
    """The cold handover (release) of one case to one receiving organisation: which categories go, on which
    legal basis, the parents' inspection and view, and proof of sending, receipt and first opening."""

    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="handovers")
    recipient = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(_("categories"), default=list)
    inzage_on = models.DateField(_("parents read it on"), null=True, blank=True)
    inzage_by_name = models.CharField(_("read by"), max_length=200, blank=True)
    # True when the family itself said "I have read it" here; False when the school recorded a reading on paper.
    inzage_by_family = models.BooleanField(_("confirmed by the family itself"), default=False)
    family_verdict = models.CharField(
        _("agrees or not"), max_length=8, choices=FamilyVerdict.choices, blank=True, default=""
    )
    family_view = models.TextField(_("view of parents or pupil"), blank=True)
    family_view_by_name = models.CharField(_("view given by"), max_length=200, blank=True)
    family_view_at = models.DateTimeField(_("view given on"), null=True, blank=True)
    family_view_waived = models.BooleanField(_("parents chose not to give a view"), default=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by_name = models.CharField(_("sent by"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by_name = models.CharField(_("received by"), max_length=200, blank=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    opened_by_name = models.CharField(_("first opened by"), max_length=200, blank=True)
    content = models.JSONField(_("what was sent"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "recipient"], name="handover_one_per_recipient")]

    def __str__(self) -> str:
        return f"{self.case} → {self.recipient}"

    @property
    def family_view_recorded(self) -> bool:
        """The family's say is in: a view, a note that they gave none, or their agreement with the report."""
        return bool(self.family_view.strip()) or self.family_view_waived or bool(self.family_verdict)


class NotificationKind(models.TextChoices):
    HANDOVER_SENT = "overdracht_verzonden", _("A handover is waiting for you")
    NOT_OPENED = "niet_geopend", _("A handover has not been opened")
    FEEDBACK = "terugkoppeling", _("Feedback on a handover")
    MEETING = "overleg", _("A meeting was planned")


class Notification(models.Model):
    """A message to an organisation about one case; shown in the application and announced by e-mail without
    any personal data in the mail itself."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by_name = models.CharField(max_length=200, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case_id}"


class MeetingKind(models.TextChoices):
    WARME_OVERDRACHT = "warme_overdracht", _("Warm handover")
    KENNISMAKING = "kennismaking", _("Introductory meeting")
    MDO_ZAT = "mdo_zat", _("Multidisciplinary meeting (MDO/ZAT)")
    OVERSTAPTAFEL = "overstaptafel", _("Overstaptafel (transition table)")


class Meeting(models.Model):
    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("what was discussed"), blank=True)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    organiser = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by_name = models.CharField(_("recorded by"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class ParticipantRole(models.TextChoices):
    LEERLING = "leerling", _("Pupil")
    OUDER = "ouder", _("Parent or carer")
    SCHOOL_VAN = "school_van", _("Current school")
    SCHOOL_NAAR = "school_naar", _("New school")
    SWV = "swv", _("Samenwerkingsverband")
    JEUGDHULP = "jeugdhulp", _("Youth care")
    OVERIG = "overig", _("Other")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("as"), max_length=12, choices=ParticipantRole.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    text = models.TextField(_("agreement"))
    owner_name = models.CharField(_("who"), max_length=200)
    due_on = models.DateField(_("before"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by_name = models.CharField(_("done by"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class MentorNote(models.Model):
    """The receiving school's one-page handover to the pupil's new mentor."""

    case = models.OneToOneField(TransitionCase, on_delete=models.CASCADE, related_name="mentor_note")
    text = models.TextField(_("what the mentor must know"))
    written_by_name = models.CharField(_("written by"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.case_id}"


class Moment(models.TextChoices):
    HANDOVER = "overdracht", _("The handover")
    FIRST_WEEKS = "eerste_weken", _("After the first weeks")
    ONE_YEAR = "na_een_jaar", _("After one year")


class Wellbeing(models.TextChoices):
    GOOD = "goed", _("Going well")
    MIXED = "wisselend", _("Up and down")
    WORRYING = "zorgelijk", _("Worrying")
    LEFT = "vertrokken", _("No longer at our school")


class Feedback(models.Model):
    """The receiving side's word to the sender: how good the handover was and how the pupil is doing."""

    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="feedback")
    moment = models.CharField(_("moment"), max_length=16, choices=Moment.choices)
    complete = models.PositiveSmallIntegerField(_("complete"), null=True, blank=True)
    useful = models.PositiveSmallIntegerField(_("useful"), null=True, blank=True)
    on_time = models.PositiveSmallIntegerField(_("on time"), null=True, blank=True)
    wellbeing = models.CharField(_("how the pupil is doing"), max_length=12, choices=Wellbeing.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    given_by_name = models.CharField(_("given by"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "moment"], name="feedback_once_per_moment")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.moment}"


class ConsentAskStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    GIVEN = "ja", _("Yes, consent given")
    REFUSED = "nee", _("No, no consent")


class ConsentAsk(models.Model):
    """The sending school asks the family, for one move, whether one category that needs consent may go to one
    recipient of that move. The answer "yes" is a consent record (``consent.Consent``), which the family can
    withdraw; the answer "no" is kept here. The status changes only through ``consent_asks.change_status``."""

    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="consent_asks")
    category = models.CharField(_("kind of information"), max_length=32)
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    status = models.CharField(_("status"), max_length=8, choices=ConsentAskStatus.choices, default="open")
    asked_by_name = models.CharField(_("asked by"), max_length=200)
    asked_at = models.DateTimeField(_("asked on"))
    answered_by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    consent = models.ForeignKey(
        "consent.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("consent")
    )

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("question about consent")
        verbose_name_plural = _("questions about consent")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "category", "recipient"],
                condition=models.Q(status="open"),
                name="consent_ask_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.recipient_id} ({self.status})"
