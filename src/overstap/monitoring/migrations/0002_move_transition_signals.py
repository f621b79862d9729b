"""The signals of ``transitions.Signal`` (the handover not opened) move here, with their history."""

from django.db import migrations


def move(apps, schema_editor):
    Old = apps.get_model("transitions", "Signal")
    Signal = apps.get_model("monitoring", "Signal")
    SignalEvent = apps.get_model("monitoring", "SignalEvent")
    for old in Old.objects.select_related("case").order_by("pk"):
        handled = old.status == "afgehandeld"
        signal = Signal.objects.create(
            kind="niet_geopend",
            pupil_id=old.case.pupil_id,
            case_id=old.case_id,
            owner_id=old.owner_id,
            owner_role="ib",
            cause="De overdracht is nog niet geopend.",
            cause_key=f"case:{old.case_id}",
            due_on=old.case.planned_on,
            status="afgehandeld" if handled else "open",
            raised_on=old.raised_on,
            closed_at=old.handled_at if handled else None,
            closed_reason="Afgehandeld (overgenomen uit de oude signalen)." if handled else "",
        )
        SignalEvent.objects.create(
            signal=signal,
            at=old.handled_at or _midnight(old.raised_on),
            to_status="open",
            by_name="Overstap",
            automatic=True,
        )
        if handled:
            SignalEvent.objects.create(
                signal=signal,
                at=old.handled_at or _midnight(old.raised_on),
                from_status="open",
                to_status="afgehandeld",
                by_name=old.handled_by_name or "Overstap",
                note="Afgehandeld.",
            )


def _midnight(day):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_signals"),
        ("transitions", "0002_handover_meetings_feedback"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
