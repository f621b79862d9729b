"""What the API shows of each resource. Read-only, apart from the pupil and enrolment writes a school system makes.

A BSN is never shown: the pages show no BSN to anyone, so the API does not either. A pupil's number is shown only
when it is an education number (onderwijsnummer) that DUO handed out for a pupil without a BSN.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from overstap.dossiers.models import Entry, IntegralPlan, Opp, OppEvaluation, OppGoal, PlanAction
from overstap.monitoring.models import Signal
from overstap.pupils.bsn import is_onderwijsnummer
from overstap.pupils.models import Enrolment, Programme, Pupil
from overstap.support.models import SwvDecision
from overstap.transitions.models import Agreement, Feedback, Handover, Meeting, TransitionCase


class _ReadSerializer(serializers.ModelSerializer):
    """A stored code that may be empty is shown as a string that may be empty (its codes in the description): an
    enum in the schema would refuse the empty value the model allows."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if getattr(model_field, "choices", None) and model_field.blank:
            codes = ", ".join(str(value) for value, _label in model_field.choices if value)
            return serializers.CharField, {"read_only": True, "help_text": f"Empty, or one of: {codes}."}
        return field_class, kwargs


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Wat er mis is, in het Nederlands / what is wrong, in Dutch.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per veld de meldingen, elk met de naam van het veld / per field its messages.",
    )
    existing = serializers.IntegerField(
        required=False, help_text="Bij een dubbele leerling: de leerling die er al is (als u die mag zien)."
    )


class PupilSerializer(_ReadSerializer):
    onderwijsnummer = serializers.SerializerMethodField(
        help_text="Het onderwijsnummer (nooit een BSN) / the education number, never a BSN."
    )
    full_name = serializers.CharField(read_only=True, help_text="Roepnaam en achternaam / name as used.")

    class Meta:
        model = Pupil
        fields = [
            "id",
            "given_names",
            "preferred_name",
            "family_name_prefix",
            "family_name",
            "full_name",
            "birth_date",
            "onderwijsnummer",
            "municipality",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_onderwijsnummer(self, pupil) -> str | None:
        number = pupil.onderwijsnummer
        return number if number and is_onderwijsnummer(number) else None


class PupilCreateSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=120, label=_("Given names"), help_text="Given names.")
    preferred_name = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("Called"))
    family_name_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Prefix"))
    family_name = serializers.CharField(max_length=120, label=_("Family name"), help_text="Family name.")
    birth_date = serializers.DateField(label=_("Date of birth"), help_text="Date of birth, yyyy-mm-dd.")
    onderwijsnummer = serializers.CharField(
        max_length=12, required=False, allow_blank=True, label=_("BSN or education number"), help_text="Nine digits."
    )
    start_date = serializers.DateField(label=_("At this school since"), help_text="Enrolled at this school from.")
    group = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Group or class"))


class PupilUpdateSerializer(serializers.Serializer):
    """A name or date of birth that differs is refused (never renamed silently); the called name may change, and a
    missing number be filled in."""

    given_names = serializers.CharField(max_length=120, required=False, label=_("Given names"))
    family_name_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Prefix"))
    family_name = serializers.CharField(max_length=120, required=False, label=_("Family name"))
    birth_date = serializers.DateField(required=False, label=_("Date of birth"))
    preferred_name = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("Called"))
    onderwijsnummer = serializers.CharField(
        max_length=12, required=False, allow_blank=True, label=_("BSN or education number")
    )


class EnrolmentSerializer(_ReadSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "pupil", "organisation", "organisation_name", "start_date", "end_date", "programme", "group"]
        read_only_fields = fields


class EnrolmentCreateSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(min_value=1, label=_("Pupil"), help_text="Id of a pupil at your school.")
    start_date = serializers.DateField(label=_("From"), help_text="The open enrolment ends the day before.")
    group = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Group or class"))
    programme = serializers.ChoiceField(
        choices=Programme.choices, required=False, allow_blank=True, label=_("Programme")
    )


class EnrolmentUpdateSerializer(serializers.Serializer):
    group = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Group or class"))
    programme = serializers.ChoiceField(
        choices=Programme.choices, required=False, allow_blank=True, label=_("Programme")
    )
    end_date = serializers.DateField(
        required=False, allow_null=True, label=_("Until"), help_text="Ends the enrolment; it is never deleted."
    )


class EntrySerializer(_ReadSerializer):
    class Meta:
        model = Entry
        fields = [
            "id",
            "pupil",
            "category",
            "domain",
            "title",
            "text",
            "organisation",
            "author_name",
            "author_role",
            "recorded_on",
            "valid_until",
            "closed_at",
            "closed_reason",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class OppGoalSerializer(_ReadSerializer):
    class Meta:
        model = OppGoal
        fields = ["area", "goal", "intermediate_goals", "target_date"]


class OppEvaluationSerializer(_ReadSerializer):
    class Meta:
        model = OppEvaluation
        fields = ["planned_on", "held_on", "outcome"]


class OppSerializer(_ReadSerializer):
    goals = OppGoalSerializer(many=True, read_only=True)
    evaluations = OppEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Opp
        fields = [
            "id",
            "pupil",
            "organisation",
            "exit_profile",
            "exit_level",
            "approach",
            "parents_discussed_on",
            "established_on",
            "author_name",
            "closed_on",
            "version",
            "based_on_organisation",
            "goals",
            "evaluations",
        ]
        read_only_fields = fields


class PlanActionSerializer(_ReadSerializer):
    class Meta:
        model = PlanAction
        fields = ["for_whom", "what", "delivered_by", "start_on", "end_on"]


class IntegralPlanSerializer(_ReadSerializer):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = IntegralPlan
        fields = [
            "id",
            "pupil",
            "organisation",
            "coordinator",
            "evaluation_on",
            "established_on",
            "version",
            "based_on_organisation",
            "actions",
        ]
        read_only_fields = fields


class SwvDecisionSerializer(_ReadSerializer):
    support_request = serializers.IntegerField(source="request_id", read_only=True)
    pupil = serializers.IntegerField(source="request.pupil_id", read_only=True)
    school = serializers.IntegerField(source="request.school_id", read_only=True)
    swv = serializers.IntegerField(source="request.swv_id", read_only=True)
    kind = serializers.CharField(source="request.kind", read_only=True, help_text="tlv_sbo, tlv_so, lwoo, ...")

    class Meta:
        model = SwvDecision
        fields = [
            "id",
            "support_request",
            "pupil",
            "school",
            "swv",
            "kind",
            "granted",
            "number",
            "start_date",
            "end_date",
            "funding_category",
            "motivation",
            "decided_by_name",
            "decided_at",
        ]
        read_only_fields = fields


class TransitionCaseSerializer(_ReadSerializer):
    class Meta:
        model = TransitionCase
        fields = [
            "id",
            "pupil",
            "from_organisation",
            "to_organisation",
            "code",
            "school_year",
            "planned_on",
            "programme",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class HandoverSerializer(_ReadSerializer):
    class Meta:
        model = Handover
        fields = [
            "id",
            "case",
            "recipient",
            "categories",
            "inzage_on",
            "family_verdict",
            "family_view_waived",
            "sent_at",
            "received_at",
            "opened_at",
            "version",
        ]
        read_only_fields = fields


class HandoverDetailSerializer(HandoverSerializer):
    content = serializers.SerializerMethodField(
        help_text="Wat er overgedragen is (of, vóór verzenden, wat er mee zou gaan) / what is handed over."
    )
    family_view = serializers.CharField(read_only=True)

    class Meta(HandoverSerializer.Meta):
        fields = [*HandoverSerializer.Meta.fields, "family_view", "content"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_content(self, handover) -> dict | None:
        return self.context.get("content")


class AgreementSerializer(_ReadSerializer):
    class Meta:
        model = Agreement
        fields = ["text", "owner_name", "due_on", "done_on"]


class MeetingSerializer(_ReadSerializer):
    agreements = AgreementSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "case",
            "kind",
            "held_on",
            "location",
            "agenda",
            "notes",
            "follow_up_on",
            "organiser",
            "version",
            "agreements",
        ]
        read_only_fields = fields


class SignalSerializer(_ReadSerializer):
    class Meta:
        model = Signal
        fields = [
            "id",
            "kind",
            "pupil",
            "case",
            "owner",
            "owner_role",
            "cause",
            "due_on",
            "status",
            "raised_on",
            "closed_at",
            "closed_reason",
        ]
        read_only_fields = fields


class FeedbackSerializer(_ReadSerializer):
    class Meta:
        model = Feedback
        fields = [
            "id",
            "case",
            "moment",
            "complete",
            "useful",
            "on_time",
            "wellbeing",
            "comment",
            "organisation",
            "given_by_name",
            "created_at",
        ]
        read_only_fields = fields
