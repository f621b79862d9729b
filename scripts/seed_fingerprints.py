"""Writes the fingerprints of the source documents the matrix was written from, so that a test can check that no
sentence was copied from them without the documents themselves being in the repository.

    python scripts/seed_fingerprints.py SOURCE_DIR OUT_FILE

SOURCE_DIR holds the source documents as ``*.txt``. Each document is cut into every run of 12 consecutive words
(lower case, letters and digits only, a word broken over a line end with a hyphen joined again); OUT_FILE gets one
line per distinct run: the first 12 hexadecimal characters of the SHA-256 of the run's words joined by single
spaces, sorted. ``src/overstap/matrix/tests/test_data.py`` uses the functions below on the matrix texts, so both
sides cut and hash words the same way.
"""

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN_LENGTH = 12
HASH_LENGTH = 12
HEADER = (
    "# First 12 hex characters of the SHA-256 of every distinct 12-word run of the matrix's source documents.\n"
    "# Made by scripts/seed_fingerprints.py; read by src/overstap/matrix/tests/test_data.py.\n"
)


def words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower())


def source_words(text: str) -> list[str]:
    """The words of a source document, with a word that was broken over a line end by a hyphen joined again."""
    return words(re.sub(r"-\s*\n\s*", "", text))


def runs(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(tokens) - RUN_LENGTH + 1):
        yield tuple(tokens[start : start + RUN_LENGTH])


def fingerprint(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def read_fingerprints(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    source_dir, out_file = Path(argv[0]), Path(argv[1])
    documents = sorted(source_dir.glob("*.txt"))
    if not documents:
        print(f"No *.txt documents in {source_dir}", file=sys.stderr)
        return 1
    found: set[str] = set()
    for document in documents:
        found.update(fingerprint(run) for run in runs(source_words(document.read_text(encoding="utf-8"))))
    out_file.write_text(HEADER + "".join(f"{value}\n" for value in sorted(found)), encoding="utf-8")
    print(f"{len(found)} fingerprints of {len(documents)} documents written to {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
