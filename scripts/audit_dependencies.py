"""Checks every pinned dependency against the public vulnerability database (pip-audit, through PyPI).

Exit 0: every package was checked and none has a known vulnerability. Exit 1: a package has one (each is listed
with its advisory and the version that fixes it). Exit 2: the vulnerability service could not be asked about every
package; the packages left unchecked are counted, and that is said plainly: an audit that checked nothing is not a
pass.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements" / "dev.txt"  # base.txt and the tools of development and CI, all with hashes


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        done = subprocess.run(  # noqa: S603  (our own tool with our own arguments)
            [
                str(pip_audit),
                "--requirement",
                str(REQUIREMENTS),
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if not report.exists():
            print(done.stderr.strip(), file=sys.stderr)
            print("NOT AUDITED: pip-audit gave no report; no package was checked.")
            return 2
        found = json.loads(report.read_text())
    packages = found.get("dependencies", [])
    unchecked = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    checked = len(packages) - len(unchecked)
    print(f"{checked} of {len(packages)} pinned packages checked, {len(vulnerable)} with a known vulnerability.")
    if vulnerable:
        return 1
    if unchecked:
        reasons = sorted({p["skip_reason"].split(":")[0] for p in unchecked})
        print(
            f"NOT AUDITED: {len(unchecked)} of {len(packages)} packages could not be checked ({'; '.join(reasons)}). "
            "The vulnerability service did not answer for them from this machine. This is not a pass: run "
            "`make audit` where PyPI's JSON API can be reached."
        )
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
