"""The ZIP of an export, unpacked for import: only top-level NDJSON/JSON names are written
(a member called ../../etc/x.ndjson lands as x.ndjson inside the folder), and empty, huge,
crowded or broken archives are refused with a reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from petrissage.fhir.importing import zipped
from petrissage.fhir.importing.zipped import BadArchive, unpack


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_members_land_flat_inside_the_folder_and_other_files_are_left(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    source = _zip(
        tmp_path / "a.zip",
        {"../../evil/Patient.ndjson": b"{}\n", "export/manifest.json": b"{}", "notes.txt": b"x"},
    )
    unpack(source, out)
    assert sorted(p.name for p in out.iterdir()) == ["Patient.ndjson", "manifest.json"]
    assert not (tmp_path / "evil").exists()


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"readme.txt": b"hello"}, "no .ndjson or .json files"),
        ({"a/x.ndjson": b"{}", "b/x.ndjson": b"{}"}, "two files of the same name"),
        ({f"f{n}.ndjson": b"{}" for n in range(201)}, "at most 200"),
    ],
)
def test_archives_that_cannot_be_imported_say_why(tmp_path, members, reason):
    with pytest.raises(BadArchive, match=reason):
        unpack(_zip(tmp_path / "a.zip", members), tmp_path)


def test_an_archive_that_unpacks_too_large_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(zipped, "MAX_UNPACKED", 1000)
    source = _zip(tmp_path / "bomb.zip", {"Patient.ndjson": b"0" * 5000})
    with pytest.raises(BadArchive, match="more than 1 GiB"):
        unpack(source, tmp_path)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    source = tmp_path / "fake.zip"
    source.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(BadArchive, match="not a readable ZIP"):
        unpack(source, tmp_path)
