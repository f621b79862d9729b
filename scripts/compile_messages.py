"""Compiles every .po message catalogue under src/ into its .mo file, in pure Python (polib).

Runs without Django, so a broken or missing .mo never stops it, and without GNU gettext, so running the app needs
Python alone. Only complete, non-fuzzy translations are written.
"""

import gettext
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src"


def main() -> int:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        tmp_path = mo_path.with_suffix(".mo.tmp")
        catalogue.save_as_mofile(str(tmp_path))
        with tmp_path.open("rb") as handle:
            gettext.GNUTranslations(handle)  # refuses a corrupt file before it replaces the good one
        tmp_path.replace(mo_path)
        print(f"Compiled {po_path.relative_to(ROOT)} ({catalogue.percent_translated()}% translated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
