from rest_framework import serializers

from ..schema import BAND_CODES, STAGE_CODES, TRANSITION_CODES


class LocalisedTextSerializer(serializers.Serializer):
    nl = serializers.CharField(help_text="Dutch text.")
    en = serializers.CharField(help_text="English text.")


class SourcedTextSerializer(LocalisedTextSerializer):
    source = serializers.CharField(allow_null=True, help_text="Key of the point's own source, if it has one.")
    reference = LocalisedTextSerializer(allow_null=True, help_text="Where in that source the point comes from.")


class ItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable key of the item within its transition.")
    text = LocalisedTextSerializer()
    category = serializers.CharField(help_text="Dossier category the item belongs to.")
    legal_basis = serializers.ChoiceField(
        choices=["wettelijke_plicht", "taak_swv", "toestemming", "taak_leerplicht"],
        help_text="Legal basis on which this item may be handed over.",
    )
    required = serializers.BooleanField(help_text="Required for every pupil in this transition.")
    when = LocalisedTextSerializer(allow_null=True, help_text="Condition under which the item applies.")
    source = serializers.CharField(help_text="Key of the source the rule comes from.")
    reference = LocalisedTextSerializer(
        allow_null=True, help_text="Where in the source it comes from: an act and article, a part of a document."
    )


class InvolvementSerializer(serializers.Serializer):
    role = serializers.CharField()
    task = LocalisedTextSerializer()


class DecisionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["deskundigenadvies", "tlv_sbo", "tlv_so", "tlv_vso", "tlv_pro", "lwoo", "arrangement"]
    )
    when = LocalisedTextSerializer()
    by = LocalisedTextSerializer()


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = LocalisedTextSerializer()
    month = serializers.IntegerField(allow_null=True, help_text="Month (1-12); empty when the region sets it.")
    day = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    reference = LocalisedTextSerializer(
        allow_null=True, help_text="Where in the source it comes from: an act and article, a part of a document."
    )


class NoteSerializer(serializers.Serializer):
    text = LocalisedTextSerializer()
    source = serializers.CharField()
    reference = LocalisedTextSerializer(
        allow_null=True, help_text="Where in the source it comes from: an act and article, a part of a document."
    )


class TransitionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(TRANSITION_CODES))
    name = LocalisedTextSerializer(help_text="Name in Dutch and English.")
    summary = LocalisedTextSerializer()
    from_stages = serializers.ListField(child=serializers.ChoiceField(choices=list(STAGE_CODES)))
    to_stages = serializers.ListField(child=serializers.ChoiceField(choices=list(STAGE_CODES)))
    items = ItemSerializer(many=True, help_text="What must be handed over.")
    involved = InvolvementSerializer(many=True)
    decisions = DecisionSerializer(many=True, help_text="Decisions of the samenwerkingsverband it may need.")
    warm_handover = LocalisedTextSerializer()
    deadlines = DeadlineSerializer(many=True)
    tips = LocalisedTextSerializer(many=True)
    current_practice = NoteSerializer(many=True)
    sources = serializers.ListField(child=serializers.CharField())


class StageSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(STAGE_CODES))
    sector = serializers.CharField()
    band = serializers.ChoiceField(choices=list(BAND_CODES), help_text="Age band the stage is drawn in.")
    name = LocalisedTextSerializer()
    short_name = LocalisedTextSerializer()
    description = LocalisedTextSerializer()
    examples = LocalisedTextSerializer(many=True)
    attention = SourcedTextSerializer(many=True, help_text="What needs attention; a point may name its own source.")
    sources = serializers.ListField(
        child=serializers.CharField(), help_text="Keys of the sources the facts about this stage come from."
    )
