"""A refused write is recorded, also where the view refused it without asking the checkpoint to announce it."""

from .models import Action
from .services import record

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REFUSED = frozenset({403, 404})


class RefusedWriteMiddleware:
    """A POST (or another method that writes) by someone signed in that ends in 403 or 404 writes a ``denied``
    event, unless the checkpoint's refusal was recorded during the request already. Whether the object did not
    exist or was not theirs, the attempt to change something was refused, and the trail shows it.

    A refusal on a page the user may see, answered with a Dutch message instead of 404, is not a 403 or 404 and is
    not recorded here: the service that refused it said why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in SAFE_METHODS
            and response.status_code in REFUSED
            and not getattr(request, "denial_recorded", False)
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record(
                    user,
                    Action.DENIED,
                    request=request,
                    detail={"method": request.method, "status": response.status_code},
                )
        return response
