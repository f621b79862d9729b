"""Views only call services and selectors: the suite fails when a view module writes to the database itself."""

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "check_view_writes.py"


def _checker():
    spec = importlib.util.spec_from_file_location("check_view_writes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_view_module_writes_to_the_database():
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, "writes in view modules; move them into a service:\n" + result.stdout


def test_the_check_finds_each_kind_of_write_in_each_kind_of_view_module(tmp_path):
    writes = "\n".join(
        [
            "def view(request, form, qs, Model):",
            "    form.save()",
            "    Model.objects.create(name='x')",
            "    qs.filter(pk=1).update(done=True)",
            "    qs.delete()",
            "    Model.objects.bulk_create([])",
            "    Model.objects.get_or_create(pk=1)",
            "    Model.objects.update_or_create(pk=1)",
        ]
    )
    views = ("app/views.py", "app/guardian_views.py", "app/views/cases.py", "app/views_extra.py")
    for name in views:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(writes)
    (tmp_path / "app" / "services.py").write_text(writes)  # services are where writes belong
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "tests" / "views.py").write_text(writes)
    problems = _checker().find_writes(tmp_path)
    root = tmp_path.resolve()
    reported = {problem.split(":")[0] for problem in problems}
    assert reported == {str(root / name) for name in views}
    assert len(problems) == 7 * len(views)
    assert f"{root / 'app' / 'views.py'}:2: .save(" in "\n".join(problems)


def test_the_check_exits_with_1_and_names_file_and_line(tmp_path):
    (tmp_path / "views.py").write_text("def view(request, thing):\n    thing.save()\n")
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"{tmp_path.resolve() / 'views.py'}:2: .save(" in result.stdout
