"""Read-only API on the transition matrix: public reference data, no personal data."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from ..loader import get_matrix
from .serializers import StageSerializer, TransitionSerializer

CODE_PARAMETER = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Stable code, e.g. PO-VO.")


class _MatrixViewSet(viewsets.ViewSet):
    permission_classes = [permissions.AllowAny]  # public reference data, the same for everyone
    authentication_classes: list = []
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"
    serializer_class = None

    def objects(self) -> list:
        raise NotImplementedError

    def get_object(self, code: str):
        for obj in self.objects():
            if obj.code == code:
                return obj
        raise Http404

    def list(self, request):
        return Response(self.serializer_class(self.objects(), many=True).data)

    def retrieve(self, request, code: str):
        return Response(self.serializer_class(self.get_object(code)).data)


@extend_schema(tags=["matrix"])
class TransitionViewSet(_MatrixViewSet):
    """The twelve transitions (arrows) of the matrix, each with what must be handed over."""

    serializer_class = TransitionSerializer

    def objects(self):
        return get_matrix().transitions

    @extend_schema(summary="List all transitions")
    def list(self, request):
        return super().list(request)

    @extend_schema(summary="One transition", parameters=[CODE_PARAMETER])
    def retrieve(self, request, code: str):
        return super().retrieve(request, code)


@extend_schema(tags=["matrix"])
class StageViewSet(_MatrixViewSet):
    """The stages (blocks) of the matrix, from pre-school to work."""

    serializer_class = StageSerializer

    def objects(self):
        return get_matrix().stages

    @extend_schema(summary="List all stages")
    def list(self, request):
        return super().list(request)

    @extend_schema(summary="One stage", parameters=[CODE_PARAMETER])
    def retrieve(self, request, code: str):
        return super().retrieve(request, code)
