"""The REST API for connected systems (/api/v1/): every read through the checkpoint and the pages' own selectors,
every read of personal data audited with what was shown, writes only through the pupils app's services.

A list holds only what the client may see; an object it may not see answers 404, exactly as the page does. A token
without the scope of an endpoint gets 403 before any object is looked up.
"""

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler

from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.dossiers.models import Entry, IntegralPlan, Opp
from overstap.dossiers.selectors import entries_for
from overstap.matrix.schema import TRANSITION_CODES
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.monitoring.selectors import signals_for
from overstap.pupils import services as pupil_services
from overstap.pupils.models import Enrolment, Pupil
from overstap.pupils.selectors import pupils_for
from overstap.support.models import Kind, SupportRequest, SwvDecision
from overstap.transitions.handover import content_for
from overstap.transitions.models import Feedback, Handover, Meeting, MeetingKind, Moment, Status, TransitionCase
from overstap.transitions.selectors import cases_for
from overstap.transitions.workflow import open_handover

from . import serializers as s
from .authentication import ApiTokenAuthentication, VerifiedSessionAuthentication
from .models import ApiToken
from .pagination import ApiPagination
from .permissions import HasScope

ID = r"[^/]+"  # anything up to the next slash: a bad id answers the API's own 404, in JSON


# --- Errors: one shape, in Dutch, each message naming its field ---------------------------------------------------


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {"": response.data}
        errors = {str(field): [str(message) for message in _flat(messages)] for field, messages in data.items()}
        response.data = {"detail": _("The request was not accepted: see the message per field."), "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail)}
    return response


def _flat(messages):
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flat(value)]
    if isinstance(messages, list | tuple):
        return [m for value in messages for m in _flat(value)]
    return [messages]


def _named(serializer) -> dict:
    """DRF's own messages (a missing field, a bad date), each starting with the name of its field."""
    errors = {}
    for name, messages in serializer.errors.items():
        field = serializer.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        named = []
        for message in _flat(messages):
            text = str(message)
            if label and not text.startswith(label):
                text = f"{label}: {text[:1].lower()}{text[1:]}"
            named.append(text)
        errors[name] = named
    return errors


def _validated(serializer_class, data, **kwargs) -> dict:
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"": [_("The request body must be a JSON object.")]})
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise exceptions.ValidationError(_named(serializer))
    # Only what was sent: an update changes the fields it names and nothing else.
    return {key: value for key, value in serializer.validated_data.items() if key in data}


# --- Writing on top of what was read: ETag and If-Match ------------------------------------------------------------


def _tagged(response: Response, obj) -> Response:
    """The row's state tag as the ETag, for the client to send back as If-Match with a change."""
    response["ETag"] = f'"{pupil_services.state_tag(obj)}"'
    return response


def _if_match(request) -> str | None:
    """The state tag the client read (If-Match), or None when it sent none (the change is then made as it is)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    return header.removeprefix("W/").strip('"')


def _stale(error: pupil_services.StaleWrite) -> Response:
    body = {
        "detail": _(
            "Someone else changed this after you read it; nothing was changed. Read it again (GET), check the "
            "change against what is there now and send it again with the new ETag as If-Match."
        )
    }
    return _tagged(Response(body, status=status.HTTP_409_CONFLICT), error.current)


# --- Query parameters ------------------------------------------------------------------------------------------


def _bad(name: str, message: str):
    raise exceptions.ValidationError({name: [message]})


def _int(params, name: str, label: str) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or len(value) > 9:
        _bad(name, _("%(field)s: use the number (id) of the object.") % {"field": label})
    return int(value)


def _choice(params, name: str, label: str, choices) -> str | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if value not in choices:
        _bad(name, _("%(field)s: choose one of %(choices)s.") % {"field": label, "choices": ", ".join(choices)})
    return value


def _bool(params, name: str, label: str) -> bool | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if value not in ("true", "false"):
        _bad(name, _("%(field)s: use true or false.") % {"field": label})
    return value == "true"


def _when(params, name: str, label: str) -> datetime.datetime | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        _bad(name, _("%(field)s: use a date (yyyy-mm-dd) or a moment (yyyy-mm-ddThh:mm:ss+01:00).") % {"field": label})
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _pk(value) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise Http404
    return int(value)


def _param(name: str, kind, description: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description, enum=enum)


PAGE_PARAMETERS: list = []  # the paginator documents page and page_size itself
PUPIL = _param("pupil", OpenApiTypes.INT, "Alleen van deze leerling / only of this pupil (id).")
CASE = _param("case", OpenApiTypes.INT, "Alleen van deze overstap / only of this transition case (id).")

ERRORS = {
    401: OpenApiResponse(s.ErrorSerializer, description="Geen of een ongeldige sleutel / no or an invalid token."),
    403: OpenApiResponse(s.ErrorSerializer, description="De sleutel heeft deze bevoegdheid niet / lacks the scope."),
}
NOT_FOUND = {404: OpenApiResponse(s.ErrorSerializer, description="Niet gevonden, of niet voor u / not found.")}
NO_PAGE = {404: OpenApiResponse(s.ErrorSerializer, description="Deze pagina bestaat niet / no such page.")}
BAD = {400: OpenApiResponse(s.ErrorSerializer, description="Ongeldige invoer, per veld / invalid input.")}
# A change made on top of what was read: the ETag of the read goes back as If-Match.
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "De ETag van wat u las; is het sindsdien veranderd, dan 409 en niets verandert. "
        "The ETag of what you read; changed since, it answers 409 and nothing changes."
    ),
)
STALE = {409: OpenApiResponse(s.ErrorSerializer, description="Intussen gewijzigd / changed since you read it.")}


# --- The audit trail --------------------------------------------------------------------------------------------


def _who(request) -> dict:
    token = request.auth
    if isinstance(token, ApiToken):
        return {"api_token": {"id": token.pk, "name": token.name, "prefix": token.prefix}}
    return {"api": "session"}


def _audit_list(request, label: str, rows: list, filters: dict) -> None:
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type=label,
        object_repr=f"API: {len(rows)} × {label}",
        detail={"ids": [row.pk for row in rows], "filters": filters, **_who(request)},
    )


def _audit_read(request, obj, **detail) -> None:
    record(request.user, Action.READ, obj, request=request, detail={**detail, **_who(request)})


# --- The resources ----------------------------------------------------------------------------------------------


class _Resource(viewsets.GenericViewSet):
    authentication_classes = [ApiTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [HasScope]
    pagination_class = ApiPagination
    lookup_value_regex = ID
    read_scope: str = ""
    write_scope: str | None = None
    label: str = ""
    http_method_names = ["get", "head", "options"]
    tagged = False  # whether a single object is answered with its ETag (where the API writes it)

    def get_exception_handler(self):
        return api_exception_handler

    def rows(self, params):
        """The rows the client may see, narrowed by the filters: through the pages' selectors."""
        raise NotImplementedError

    def obj(self, pk: int):
        raise NotImplementedError

    def shown_filters(self, params) -> dict:
        return {key: params.get(key) for key in params if key not in ("page", "page_size")}

    def list(self, request):
        page = self.paginate_queryset(self.rows(request.query_params))
        _audit_list(request, self.label, page, self.shown_filters(request.query_params))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        obj = self.obj(_pk(pk))
        _audit_read(request, obj)
        response = Response(self.get_serializer(obj).data)
        return _tagged(response, obj) if self.tagged else response


def _list_doc(serializer, parameters, summary: str):
    return extend_schema(
        summary=summary, parameters=parameters, responses={200: serializer(many=True), **BAD, **ERRORS, **NO_PAGE}
    )


def _detail_doc(serializer, summary: str):
    return extend_schema(summary=summary, responses={200: serializer, **ERRORS, **NOT_FOUND})


@extend_schema(tags=["pupils"])
@extend_schema_view(
    list=extend_schema(
        summary="Leerlingen / pupils",
        description=(
            "De leerlingen die u mag zien (de eigen school: de huidige leerlingen). "
            "The pupils the client may see, as on the pupil list."
        ),
        parameters=[
            _param("onderwijsnummer", OpenApiTypes.STR, "Op BSN of onderwijsnummer (negen cijfers) / by number."),
            _param("organisation", OpenApiTypes.INT, "Nu ingeschreven bij deze organisatie / enrolled there now."),
            _param(
                "changed_since",
                OpenApiTypes.DATETIME,
                "Inschrijving gewijzigd sinds / registration or enrolment written since (yyyy-mm-dd or ISO 8601).",
            ),
        ],
        responses={200: s.PupilSerializer(many=True), **BAD, **ERRORS, **NO_PAGE},
    ),
    retrieve=extend_schema(
        summary="Eén leerling / one pupil", responses={200: s.PupilSerializer, **ERRORS, **NOT_FOUND}
    ),
    create=extend_schema(
        summary="Leerling toevoegen / add a pupil",
        description=(
            "Voegt een leerling toe aan de eigen school, met een inschrijving. Is de leerling er al (zelfde nummer, "
            "of zelfde naam en geboortedatum op deze school), dan 409 en niets verandert. "
            "Adds a pupil at the token's own school; a pupil that exists already answers 409."
        ),
        request=s.PupilCreateSerializer,
        responses={
            201: s.PupilSerializer,
            **BAD,
            **ERRORS,
            409: OpenApiResponse(s.ErrorSerializer, description="De leerling is er al / exists already."),
        },
    ),
    partial_update=extend_schema(
        summary="Leerling bijwerken / update a pupil",
        description=(
            "Roepnaam, en een ontbrekend nummer. Een andere naam of geboortedatum wordt geweigerd, nooit stil "
            "overgenomen. Called name and a missing number; a different name or birth date is refused."
        ),
        request=s.PupilUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: s.PupilSerializer, **BAD, **ERRORS, **NOT_FOUND, **STALE},
    ),
)
class PupilViewSet(_Resource):
    """Leerlingen / pupils."""

    serializer_class = s.PupilSerializer
    queryset = Pupil.objects.none()
    read_scope, write_scope, label = "pupils:read", "pupils:write", "pupils.Pupil"
    http_method_names = ["get", "post", "patch", "head", "options"]
    tagged = True

    def rows(self, params):
        pupils = pupils_for(self.request.user)
        if number := params.get("onderwijsnummer"):
            pupils = pupils.filter(onderwijsnummer="".join(number.split())[:12])
        if (organisation := _int(params, "organisation", _("Organisation"))) is not None:
            pupils = pupils.filter(enrolments__in=Enrolment.objects.filter(organisation=organisation, end_date=None))
        if (since := _when(params, "changed_since", _("Changed since"))) is not None:
            written = AuditEvent.objects.filter(
                action__in=(Action.CREATE, Action.UPDATE),
                object_type__in=("pupils.Pupil", "pupils.Enrolment"),
                at__gte=since,
                pupil_id__isnull=False,
            ).values("pupil_id")
            pupils = pupils.filter(pk__in=written)
        return pupils.distinct()

    def obj(self, pk):
        return authorised_object(self.request, Pupil.objects.all(), "view", pk=pk)

    def create(self, request):
        data = _validated(s.PupilCreateSerializer, request.data)
        organisation = actor_for(request.user).organisation
        if organisation is None or not can(request.user, "add_pupil", organisation):
            raise exceptions.PermissionDenied(_("You may not add pupils at this organisation."))
        try:
            pupil = pupil_services.add_pupil(request.user, organisation, request=request, **data)
        except pupil_services.DuplicatePupil as duplicate:
            body = {
                "detail": _("This pupil is in Overstap already; nothing was added."),
                "errors": duplicate.message_dict,
            }
            if can(request.user, "view", duplicate.existing):
                body["existing"] = duplicate.existing.pk
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(s.PupilSerializer(pupil).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        pupil = self.obj(_pk(pk))
        data = _validated(s.PupilUpdateSerializer, request.data)
        try:
            pupil = pupil_services.update_pupil(
                request.user, pupil, expected_tag=_if_match(request), request=request, **data
            )
        except DjangoPermissionDenied:
            raise exceptions.PermissionDenied(_("You may not change this pupil's registration.")) from None
        except pupil_services.StaleWrite as error:
            return _stale(error)
        return _tagged(Response(s.PupilSerializer(pupil).data), pupil)


@extend_schema(tags=["pupils"])
@extend_schema_view(
    list=extend_schema(
        summary="Inschrijvingen / enrolments",
        description="De schoolloopbaan van de leerlingen die u mag zien / the school career of visible pupils.",
        parameters=[
            PUPIL,
            _param("organisation", OpenApiTypes.INT, "Bij deze school / at this school (id)."),
            _param("current", OpenApiTypes.BOOL, "true: alleen lopende / only current ones."),
        ],
        responses={200: s.EnrolmentSerializer(many=True), **BAD, **ERRORS, **NO_PAGE},
    ),
    retrieve=extend_schema(
        summary="Eén inschrijving / one enrolment", responses={200: s.EnrolmentSerializer, **ERRORS, **NOT_FOUND}
    ),
    create=extend_schema(
        summary="Nieuwe inschrijving vanaf een datum / a new enrolment from a date",
        description=(
            "Een andere groep of programma vanaf een datum op de eigen school: de lopende inschrijving eindigt de "
            "dag ervoor. Another group or programme from a date at the own school; the open one ends the day before."
        ),
        request=s.EnrolmentCreateSerializer,
        responses={201: s.EnrolmentSerializer, **BAD, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Inschrijving wijzigen of beëindigen / change or end an enrolment",
        description=(
            "Groep, programma, of de einddatum: een inschrijving die eindigt wordt beëindigd, nooit verwijderd. "
            "Group, programme, or end_date: an enrolment that ends is ended, never deleted."
        ),
        request=s.EnrolmentUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: s.EnrolmentSerializer, **BAD, **ERRORS, **NOT_FOUND, **STALE},
    ),
)
class EnrolmentViewSet(_Resource):
    """Inschrijvingen / enrolments."""

    serializer_class = s.EnrolmentSerializer
    queryset = Enrolment.objects.none()
    read_scope, write_scope, label = "pupils:read", "pupils:write", "pupils.Enrolment"
    http_method_names = ["get", "post", "patch", "head", "options"]
    tagged = True

    def rows(self, params):
        rows = Enrolment.objects.for_user(self.request.user, "list").select_related("organisation")
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(pupil=pupil)
        if (organisation := _int(params, "organisation", _("Organisation"))) is not None:
            rows = rows.filter(organisation=organisation)
        if (current := _bool(params, "current", _("Current"))) is not None:
            today = timezone.localdate()
            open_now = Enrolment.objects.filter(start_date__lte=today).exclude(end_date__lt=today).values("pk")
            rows = rows.filter(pk__in=open_now) if current else rows.exclude(pk__in=open_now)
        return rows.order_by("pupil_id", "start_date", "pk")

    def obj(self, pk):
        return authorised_object(self.request, Enrolment.objects.select_related("organisation"), "view", pk=pk)

    def create(self, request):
        data = _validated(s.EnrolmentCreateSerializer, request.data)
        organisation = actor_for(request.user).organisation
        if organisation is None or not can(request.user, "add_pupil", organisation):
            raise exceptions.PermissionDenied(_("You may not enrol pupils at this organisation."))
        pupil = Pupil.objects.filter(pk=data.pop("pupil")).first()
        if pupil is None or not can(request.user, "change_registration", pupil):
            # The same answer for a pupil who does not exist and one at another school.
            raise exceptions.ValidationError({"pupil": [_("Pupil: there is no pupil with this id at your school.")]})
        enrolment = pupil_services.add_enrolment(request.user, pupil, organisation, request=request, **data)
        return Response(s.EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        enrolment = self.obj(_pk(pk))
        data = _validated(s.EnrolmentUpdateSerializer, request.data)
        try:
            enrolment = pupil_services.change_enrolment(
                request.user, enrolment, expected_tag=_if_match(request), request=request, **data
            )
        except DjangoPermissionDenied:
            raise exceptions.PermissionDenied(_("You may not change an enrolment at another school.")) from None
        except pupil_services.StaleWrite as error:
            return _stale(error)
        return _tagged(Response(s.EnrolmentSerializer(enrolment).data), enrolment)


@extend_schema(tags=["dossier"])
@extend_schema_view(
    list=_list_doc(
        s.EntrySerializer,
        [PUPIL, _param("category", OpenApiTypes.STR, "Soort informatie / category.", enum=Category.values)],
        "Dossierstukken / dossier entries",
    ),
    retrieve=_detail_doc(s.EntrySerializer, "Eén dossierstuk / one dossier entry"),
)
class EntryViewSet(_Resource):
    """Dossierstukken, met versie / dossier entries with their version."""

    serializer_class = s.EntrySerializer
    queryset = Entry.objects.none()
    read_scope, label = "dossier:read", "dossiers.Entry"

    def rows(self, params):
        pupil = _int(params, "pupil", _("Pupil"))
        rows = (
            entries_for(self.request.user, pupil)
            if pupil is not None
            else Entry.objects.for_user(self.request.user, "list")
        )
        if category := _choice(params, "category", _("Category"), Category.values):
            rows = rows.filter(category=category)
        return rows.order_by("pupil_id", "-recorded_on", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, Entry.objects.all(), "view", pk=pk)


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=_list_doc(
        s.OppSerializer,
        [PUPIL, _param("open", OpenApiTypes.BOOL, "true: niet afgesloten / not closed.")],
        "OPP's / OPPs",
    ),
    retrieve=_detail_doc(s.OppSerializer, "Eén OPP / one OPP"),
)
class OppViewSet(_Resource):
    """Ontwikkelingsperspectiefplannen met doelen en evaluaties / OPPs with goals and evaluations."""

    serializer_class = s.OppSerializer
    queryset = Opp.objects.none()
    read_scope, label = "plans:read", "dossiers.Opp"

    def rows(self, params):
        rows = Opp.objects.for_user(self.request.user, "list").prefetch_related("goals", "evaluations")
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(pupil=pupil)
        if (still_open := _bool(params, "open", _("Open"))) is not None:
            rows = rows.filter(closed_on__isnull=still_open)
        return rows.order_by("pupil_id", "-established_on", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, Opp.objects.prefetch_related("goals", "evaluations"), "view", pk=pk)


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=_list_doc(s.IntegralPlanSerializer, [PUPIL], "Integrale plannen van aanpak / integral plans"),
    retrieve=_detail_doc(s.IntegralPlanSerializer, "Eén plan van aanpak / one integral plan"),
)
class IntegralPlanViewSet(_Resource):
    """Integrale plannen van aanpak met hun acties / integral plans of approach."""

    serializer_class = s.IntegralPlanSerializer
    queryset = IntegralPlan.objects.none()
    read_scope, label = "plans:read", "dossiers.IntegralPlan"

    def rows(self, params):
        rows = IntegralPlan.objects.for_user(self.request.user, "list").prefetch_related("actions")
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(pupil=pupil)
        return rows.order_by("pupil_id", "-established_on", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, IntegralPlan.objects.prefetch_related("actions"), "view", pk=pk)


@extend_schema(tags=["support"])
@extend_schema_view(
    list=_list_doc(
        s.SwvDecisionSerializer,
        [
            PUPIL,
            _param("kind", OpenApiTypes.STR, "Soort besluit / kind (tlv_so, lwoo, ...).", enum=Kind.values),
            _param("granted", OpenApiTypes.BOOL, "true: toegekend / granted."),
        ],
        "Besluiten van het SWV / SWV decisions",
    ),
    retrieve=_detail_doc(s.SwvDecisionSerializer, "Eén besluit / one decision"),
)
class DecisionViewSet(_Resource):
    """Besluiten van het samenwerkingsverband (TLV, LWOO, arrangement) / decisions of the SWV."""

    serializer_class = s.SwvDecisionSerializer
    queryset = SwvDecision.objects.none()
    read_scope, label = "support:read", "support.SwvDecision"

    def rows(self, params):
        visible = SupportRequest.objects.for_user(self.request.user, "list")
        rows = SwvDecision.objects.filter(request__in=visible.values("pk")).select_related("request")
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(request__pupil=pupil)
        if kind := _choice(params, "kind", _("Kind"), Kind.values):
            rows = rows.filter(request__kind=kind)
        if (granted := _bool(params, "granted", _("Granted"))) is not None:
            rows = rows.filter(granted=granted)
        return rows.order_by("-decided_at", "-pk")

    def obj(self, pk):
        decision = SwvDecision.objects.select_related("request").filter(pk=pk).first()
        if decision is None:
            raise Http404
        # A decision is read as its support request is: the same rule as the page.
        authorised_object(self.request, SupportRequest.objects.all(), "view", pk=decision.request_id)
        return decision


@extend_schema(tags=["transitions"])
@extend_schema_view(
    list=_list_doc(
        s.TransitionCaseSerializer,
        [
            PUPIL,
            _param("status", OpenApiTypes.STR, "Status van de overstap / status.", enum=Status.values),
            _param(
                "transition", OpenApiTypes.STR, "Overstap uit de matrix / transition code.", enum=list(TRANSITION_CODES)
            ),
            _param("school_year", OpenApiTypes.STR, "Schooljaar, bijvoorbeeld 2026-2027 / school year."),
        ],
        "Overstappen / transition cases",
    ),
    retrieve=_detail_doc(s.TransitionCaseSerializer, "Eén overstap / one transition case"),
)
class TransitionCaseViewSet(_Resource):
    """Overstappen van leerlingen / transition cases."""

    serializer_class = s.TransitionCaseSerializer
    queryset = TransitionCase.objects.none()
    read_scope, label = "transitions:read", "transitions.TransitionCase"

    def rows(self, params):
        rows = cases_for(self.request.user, status=_choice(params, "status", _("Status"), Status.values))
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(pupil=pupil)
        if code := _choice(params, "transition", _("Transition"), list(TRANSITION_CODES)):
            rows = rows.filter(code=code)
        if year := params.get("school_year"):
            rows = rows.filter(school_year=year[:9])
        return rows.order_by("-created_at", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, TransitionCase.objects.all(), "view", pk=pk)


@extend_schema(tags=["transitions"])
@extend_schema_view(
    list=_list_doc(s.HandoverSerializer, [CASE], "Overdrachten / handovers"),
    retrieve=extend_schema(
        summary="Eén overdracht met inhoud / one handover with its content",
        description=(
            "De ontvangende school die de overdracht voor het eerst leest, legt ontvangst en eerste opening vast, "
            "net als op de pagina. The receiving school's first read records receipt and first opening, as the page."
        ),
        responses={200: s.HandoverDetailSerializer, **ERRORS, **NOT_FOUND},
    ),
)
class HandoverViewSet(_Resource):
    """Overdrachten / handovers."""

    serializer_class = s.HandoverSerializer
    queryset = Handover.objects.none()
    read_scope, label = "transitions:read", "transitions.Handover"

    def rows(self, params):
        cases = TransitionCase.objects.for_user(self.request.user, "read_handover")
        rows = Handover.objects.filter(case__in=cases.values("pk"))
        if (case := _int(params, "case", _("Transition"))) is not None:
            rows = rows.filter(case=case)
        return rows.order_by("-pk")

    def retrieve(self, request, pk=None):
        handover = Handover.objects.filter(pk=_pk(pk)).first()
        if handover is None:
            raise Http404
        case = authorised_object(
            request, TransitionCase.objects.select_related("pupil"), "read_handover", pk=handover.case_id
        )
        actor = actor_for(request.user)
        if (
            actor.organisation is not None
            and actor.organisation.pk == handover.recipient_id
            and can(request.user, "receive", case)
        ):
            open_handover(request.user, case, request=request)
            case.refresh_from_db()
            handover.refresh_from_db()
        current, content, _frozen = content_for(case, request.user)
        if current is None or current.pk != handover.pk:
            content = None
        record(
            request.user,
            Action.READ,
            case,
            request=request,
            detail={
                "handover": handover.pk,
                "sections": [x["category"] for x in (content or {}).get("sections", [])],
                **_who(request),
            },
        )
        return Response(s.HandoverDetailSerializer(handover, context={"content": content}).data)


@extend_schema(tags=["transitions"])
@extend_schema_view(
    list=_list_doc(
        s.MeetingSerializer,
        [CASE, _param("kind", OpenApiTypes.STR, "Soort overleg / kind of meeting.", enum=MeetingKind.values)],
        "Overleggen / meetings",
    ),
    retrieve=_detail_doc(s.MeetingSerializer, "Eén overleg / one meeting"),
)
class MeetingViewSet(_Resource):
    """Overleggen met afspraken / meetings with their agreements."""

    serializer_class = s.MeetingSerializer
    queryset = Meeting.objects.none()
    read_scope, label = "transitions:read", "transitions.Meeting"

    def rows(self, params):
        rows = Meeting.objects.for_user(self.request.user, "list").prefetch_related("agreements")
        if (case := _int(params, "case", _("Transition"))) is not None:
            rows = rows.filter(case=case)
        if kind := _choice(params, "kind", _("Kind"), MeetingKind.values):
            rows = rows.filter(kind=kind)
        return rows.order_by("-held_on", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, Meeting.objects.prefetch_related("agreements"), "view", pk=pk)


SIGNAL_STATUSES = [*SignalStatus.values, "alle"]


@extend_schema(tags=["signals"])
@extend_schema_view(
    list=_list_doc(
        s.SignalSerializer,
        [
            PUPIL,
            _param("kind", OpenApiTypes.STR, "Soort signaal / kind of signal.", enum=SignalKind.values),
            _param(
                "status",
                OpenApiTypes.STR,
                "Zonder: de niet-afgehandelde, als op de pagina; 'alle' voor alle / default: not handled.",
                enum=SIGNAL_STATUSES,
            ),
        ],
        "Signalen / signals",
    ),
    retrieve=_detail_doc(s.SignalSerializer, "Eén signaal / one signal"),
)
class SignalViewSet(_Resource):
    """Signalen / signals."""

    serializer_class = s.SignalSerializer
    queryset = Signal.objects.none()
    read_scope, label = "signals:read", "monitoring.Signal"

    def rows(self, params):
        kind = _choice(params, "kind", _("Kind"), SignalKind.values) or ""
        state = _choice(params, "status", _("Status"), SIGNAL_STATUSES) or ""
        rows = signals_for(self.request.user, kind=kind, status=state)
        if (pupil := _int(params, "pupil", _("Pupil"))) is not None:
            rows = rows.filter(pupil=pupil)
        return rows

    def obj(self, pk):
        return authorised_object(self.request, Signal.objects.all(), "view", pk=pk)


@extend_schema(tags=["transitions"])
@extend_schema_view(
    list=_list_doc(
        s.FeedbackSerializer,
        [CASE, _param("moment", OpenApiTypes.STR, "Moment van terugkoppeling / moment.", enum=Moment.values)],
        "Terugkoppeling / feedback",
    ),
    retrieve=_detail_doc(s.FeedbackSerializer, "Eén terugkoppeling / one feedback"),
)
class FeedbackViewSet(_Resource):
    """Terugkoppeling van de ontvangende school / feedback of the receiving school."""

    serializer_class = s.FeedbackSerializer
    queryset = Feedback.objects.none()
    read_scope, label = "feedback:read", "transitions.Feedback"

    def rows(self, params):
        rows = Feedback.objects.for_user(self.request.user, "list")
        if (case := _int(params, "case", _("Transition"))) is not None:
            rows = rows.filter(case=case)
        if moment := _choice(params, "moment", _("Moment"), Moment.values):
            rows = rows.filter(moment=moment)
        return rows.order_by("-created_at", "-pk")

    def obj(self, pk):
        return authorised_object(self.request, Feedback.objects.all(), "view", pk=pk)
