"""Files from other people stay harmless: each test is one reproduction of the security
review (../shared/reviews/security.md) and what a user sees instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.storage.store import Store


@pytest.fixture
def demo_store(cli, tmp_path) -> tuple[Path, list[str]]:
    assert cli("demo")[0] == 0
    folder = tmp_path / "cli-store"
    return folder, Store(folder).audit_ids()


def template_folder(tmp_path: Path, html: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "report.html").write_text(html)
    return folder


# 1. Templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('echo PWNED > MARKER').read() }}",
        "{{ lipsum.__globals__['os'].popen('echo PWNED > MARKER').read() }}",
        "{{ joiner.__init__.__globals__.os.popen('echo PWNED > MARKER').read() }}",
        "{{ client.name.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",
    ],
)
def test_a_template_from_a_stranger_cannot_run_code(cli, demo_store, tmp_path, payload):
    _, ids = demo_store
    marker = tmp_path / "rce_marker"
    folder = template_folder(tmp_path, "<p>" + payload.replace("MARKER", str(marker)) + "</p>")
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert code == 1
    assert not marker.exists()
    assert "uid=" not in out and "PWNED" not in out
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_template_include_cannot_follow_a_symlink_out_of_its_folder(cli, demo_store, tmp_path):
    _, ids = demo_store
    secret = tmp_path / "victim_secret.txt"
    secret.write_text("THE-SECRET")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "hostname").write_text("THE-HOSTNAME")
    for include in ["inc.html", "etcdir/hostname"]:
        folder = template_folder(tmp_path, '<p>{% include "' + include + '" %}</p>')
        (folder / "inc.html").unlink(missing_ok=True)
        (folder / "inc.html").symlink_to(secret)
        if not (folder / "etcdir").exists():
            (folder / "etcdir").symlink_to(outside)
        code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
        assert code == 1, out
        assert "THE-SECRET" not in out and "THE-HOSTNAME" not in out
        assert "template not found" in err and len(err.strip().splitlines()) == 1


def test_a_template_still_includes_its_own_files(cli, demo_store, tmp_path):
    _, ids = demo_store
    folder = template_folder(tmp_path, '<p>{% include "parts/inc.html" %}{{ client.name }}</p>')
    (folder / "parts").mkdir()
    (folder / "parts" / "inc.html").write_text("INCLUDED-PART ")
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert code == 0, err
    assert "INCLUDED-PART" in out
    (folder / "parts" / "inc.html").write_text("EDITED-PART ")  # the cached environment sees it
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert "EDITED-PART" in out
