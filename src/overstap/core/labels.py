"""Plain words for the codes that are stored, so that no page shows a code.

The audit trail keeps what was seen as a model label (``"dossiers.Entry"``) and the basis as a code
(``"taak_swv"``, ``"toestemming:12"``), because it sits below the apps that own those things and must stay
readable when they change. The page that shows the trail sits low as well, so it cannot import the apps to ask
them. Instead each app registers the words for its own codes when it is ready (in ``AppConfig.ready()``), and a
page asks here. A code nobody registered is shown as a neutral word, never as itself.

Three kinds of code:

- ``PART``: which part of a pupil's data a model stands for (dossier, plan, handover, youth care…).
- ``PUPIL_ACTION``: which part a checkpoint action on the pupil itself is about (``view_dossier`` is the
  dossier). A refused attempt is recorded on the pupil with the action that was refused; this says what was tried.
- ``BASIS``: on which basis something was shared or read. A stored basis may carry a detail after a colon
  (``toestemming:12`` is consent record 12) and may list several, separated by commas; the word is looked up
  for what comes before the colon.
- ``BASIS_PLAIN``: the same bases as a sentence a parent or a pupil understands, for the family's who-looked page
  ("the law says the school must hand this over"), instead of the short name a professional reads. A basis with no
  sentence falls back to its ``BASIS`` word.
"""

from django.utils.translation import gettext as _

PART = "part"
PUPIL_ACTION = "pupil_action"
BASIS = "basis"
BASIS_PLAIN = "basis_plain"
KINDS = (PART, PUPIL_ACTION, BASIS, BASIS_PLAIN)

_WORDS: dict[str, dict[str, object]] = {kind: {} for kind in KINDS}


def register(kind: str, words: dict[str, object]) -> None:
    """Words (lazy translations) for some codes of one kind; an app calls this for its own codes only."""
    if kind not in KINDS:
        raise ValueError(f"No kind of label called {kind!r}")
    for code, word in words.items():
        known = _WORDS[kind].get(code)
        if known is not None and str(known) != str(word):
            raise RuntimeError(f"Two words for the {kind} code {code!r}")
        _WORDS[kind][code] = word


def part(code: str) -> str:
    """Which part of the data a stored model label stands for, in words."""
    word = _WORDS[PART].get(code)
    return str(word) if word is not None else _("other data")


def pupil_action(action: str) -> str | None:
    """The part a checkpoint action on a pupil is about, in words; None when no app named it."""
    word = _WORDS[PUPIL_ACTION].get(action)
    return str(word) if word is not None else None


def parts() -> dict[str, str]:
    """Every registered part, code → words (for a filter)."""
    return {code: str(word) for code, word in _WORDS[PART].items()}


def pupil_actions() -> dict[str, str]:
    """Every registered action on a pupil, action → words (for a filter)."""
    return {code: str(word) for code, word in _WORDS[PUPIL_ACTION].items()}


def basis(stored: str) -> str:
    """The basis of a stored event in words: '' when none was stored."""
    if not stored:
        return ""
    words = []
    for piece in stored.split(","):
        code = piece.strip().split(":", 1)[0].strip()
        if not code:
            continue
        word = _WORDS[BASIS].get(code)
        word = str(word) if word is not None else _("another basis")
        if word not in words:
            words.append(word)
    return ", ".join(words)


def basis_plain(stored: str) -> str:
    """The basis of a stored event as sentences for the family: '' when none was stored."""
    if not stored:
        return ""
    sentences = []
    for piece in stored.split(","):
        code = piece.strip().split(":", 1)[0].strip()
        if not code:
            continue
        sentence = _WORDS[BASIS_PLAIN].get(code)
        sentence = str(sentence) if sentence is not None else basis(code).capitalize() + "."
        if sentence not in sentences:
            sentences.append(sentence)
    return " ".join(sentences)
