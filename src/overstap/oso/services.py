"""The stored OSO import: upload with its preview, confirm, cancel. Every step checks the checkpoint and is audited;
the status changes only in ``_finish``."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from . import imports
from .models import OsoImport, OsoStatus
from .parsing import OsoError, read_path, read_upload


def _path(name: str) -> Path:
    return Path(settings.OVERSTAP_IMPORT_DIR) / name


def _remove(name: str) -> None:
    if name:
        _path(name).unlink(missing_ok=True)


def upload(user, organisation, uploaded, *, request=None) -> OsoImport:
    """Reads and checks the file, makes the preview, and keeps the file (random name, outside the web root)."""
    if not can(user, "import_oso", organisation):
        raise PermissionDenied
    try:
        data = read_upload(uploaded)
        report = imports.preview(user, organisation, data)
    except OsoError as error:
        raise ValidationError({"file": str(error)}) from None
    name = f"oso-{uuid.uuid4().hex}.upload"
    folder = Path(settings.OVERSTAP_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    _path(name).write_bytes(data)
    try:
        with transaction.atomic():
            oso_import = OsoImport.objects.create(
                organisation=organisation,
                uploaded_by=user,
                uploaded_by_name=str(user)[:200],
                file_name=Path(uploaded.name or "").name[:200],
                stored_as=name,
                report=report.as_dict(),
            )
            record(user, Action.CREATE, oso_import, request=request, detail={"file": oso_import.file_name})
    except BaseException:
        _remove(name)
        raise
    return oso_import


def _finish(user, locked: OsoImport, status: str, *, request=None, **changes) -> OsoImport:
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.status = status
    locked.finished_at = timezone.now()
    stored, locked.stored_as = locked.stored_as, ""
    transaction.on_commit(lambda: _remove(stored))
    locked.save()
    record(user, Action.STATUS_CHANGE, locked, request=request, detail={"status": status})
    return locked


def confirm(user, oso_import: OsoImport, *, request=None) -> OsoImport:
    """The import itself, in the same transaction as its status: it completes or changes nothing."""
    if not can(user, "change", oso_import):
        raise PermissionDenied
    with transaction.atomic():
        locked = OsoImport.objects.select_for_update().select_related("organisation").get(pk=oso_import.pk)
        if locked.status != OsoStatus.UPLOADED:
            raise ValidationError({"status": _("This import is finished; upload the file again to start anew.")})
        if not locked.stored_as or not _path(locked.stored_as).exists():
            raise ValidationError({"file": _("File: the uploaded file is no longer here; upload it again.")})
        try:
            report = imports.import_dossier(
                user,
                locked.organisation,
                read_path(_path(locked.stored_as)),
                request=request,
                file_name=locked.file_name,
            )
        except OsoError as error:
            raise ValidationError({"file": str(error)}) from None
        return _finish(
            user,
            locked,
            OsoStatus.IMPORTED,
            request=request,
            report=report.as_dict(),
            pupil_id_imported=report.pupil_id,
        )


def cancel(user, oso_import: OsoImport, *, request=None) -> OsoImport:
    if not can(user, "change", oso_import):
        raise PermissionDenied
    with transaction.atomic():
        locked = OsoImport.objects.select_for_update().get(pk=oso_import.pk)
        if locked.status != OsoStatus.UPLOADED:
            raise ValidationError({"status": _("This import is finished; upload the file again to start anew.")})
        return _finish(user, locked, OsoStatus.CANCELLED, request=request)
