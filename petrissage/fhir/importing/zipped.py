"""A ZIP of a bulk-data export (the owner's download, or any folder of NDJSON zipped),
unpacked safely for import: only top-level .ndjson / .json members, names reduced to their
last part, and limits on the member count and the unpacked size (a small ZIP can unpack to
gigabytes)."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 200
MAX_UNPACKED = 1024 * 1024 * 1024  # 1 GiB
CHUNK = 1024 * 1024


class BadArchive(ValueError):
    """The ZIP can't be imported; the message says why."""


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    wanted = [
        info
        for info in archive.infolist()
        if not info.is_dir() and info.filename.lower().endswith((".ndjson", ".json"))
    ]
    if not wanted:
        raise BadArchive("The ZIP holds no .ndjson or .json files.")
    if len(wanted) > MAX_MEMBERS:
        raise BadArchive(f"The ZIP holds {len(wanted)} files; at most {MAX_MEMBERS}.")
    names = [PurePosixPath(info.filename).name for info in wanted]
    if len(set(names)) != len(names):
        raise BadArchive("The ZIP holds two files of the same name in different folders.")
    return wanted


def unpack(source: Path, folder: Path) -> None:
    """Unpack source into folder, or raise BadArchive."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = 0
            for info in _members(archive):
                target = folder / PurePosixPath(info.filename).name
                with archive.open(info) as stream, target.open("wb") as out:
                    while chunk := stream.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED:
                            raise BadArchive("The ZIP unpacks to more than 1 GiB.")
                        out.write(chunk)
    except (zipfile.BadZipFile, EOFError) as error:
        raise BadArchive(f"The file is not a readable ZIP ({error}).") from error
    except RuntimeError as error:  # encrypted members
        raise BadArchive(f"The ZIP can't be read: {error}") from error
