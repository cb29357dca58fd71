"""Output folders: built beside their place and swapped in whole, and never one that holds a
user's own files.

lakip replaces a folder only when it is missing, empty, or one lakip wrote itself for the same
purpose (a marker file it leaves there names the purpose: a dataset, an audit site, a
comparison). A dataset is never replaced by a comparison or a site, and no output may sit
inside, or hold, one of the run's own inputs.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

MARKER = ".lakip"
KINDS = {"dataset": "a lakip dataset", "situs": "a lakip audit site", "perbandingan": "a lakip comparison"}


class OutputRefused(Exception):
    """An output folder lakip must not touch; the message names it and why."""


def marker_kind(folder: Path) -> str | None:
    """What lakip wrote into `folder`, or None when lakip did not write it."""
    try:
        kind = (folder / MARKER).read_text(encoding="utf-8").split()[0]
        return kind if kind in KINDS else None
    except (OSError, IndexError):
        pass
    try:  # a dataset written before the marker existed: its datapackage names it
        if json.loads((folder / "datapackage.json").read_text(encoding="utf-8")).get("name") == "lakip-dataset":
            return "dataset"
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _inside(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


def check_output(out: Path, kind: str, keep: Iterable[Path] = (), not_inside: Iterable[Path] = ()) -> None:
    """Raise OutputRefused unless `out` may be (re)written as `kind`. Nothing is changed.
    `keep`: inputs that replacing `out` must not delete; `not_inside`: folders `out` must not sit
    in (a site inside a dataset would be deleted by the next extraction into that dataset)."""
    out = Path(out)
    where = out.resolve()
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: is a file, not a folder; nothing was written")
    for s in keep:
        if _inside(Path(s).resolve(), where):
            raise OutputRefused(f"{out}: holds the input {s}, which replacing it would delete; choose another folder")
    for s in not_inside:
        if _inside(where, Path(s).resolve()):
            raise OutputRefused(f"{out}: lies inside {s}, which lakip may replace; choose a folder beside it")
    if out.is_dir():
        try:
            empty = not any(out.iterdir())
        except OSError as exc:
            raise OutputRefused(f"{out}: cannot be read ({exc.strerror or exc})") from None
        found = marker_kind(out)
        if not empty and found != kind:
            what = KINDS[found] if found else "files lakip did not write"
            raise OutputRefused(f"{out}: holds {what}; lakip replaces only an empty or new folder, or "
                                f"{KINDS[kind]} it wrote there before (nothing was changed)")
    check_writable(where.parent, out)


def check_writable(folder: Path, shown: Path | None = None) -> None:
    """`folder` exists or can be made, and a file can be written in it."""
    shown = shown or folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".lakip-probe-", dir=folder)
        os.rmdir(probe)
    except OSError as exc:
        raise OutputRefused(f"{shown}: cannot write there ({exc.strerror or exc})") from None


def new_build_dir(out: Path) -> Path:
    """A private folder beside `out` where the output is built before it is swapped in."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def swap_into_place(tmp: Path, out: Path, kind: str) -> None:
    """Mark `tmp` as lakip's and move it to `out`, replacing an earlier one whole. The build
    folder was made private (mkdtemp): the finished folder gets the user's usual permissions."""
    (tmp / MARKER).write_text(f"{kind}\nwritten by lakip; lakip may replace this folder\n", encoding="utf-8")
    os.chmod(tmp, 0o777 & ~_umask())
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old.{os.getpid()}"
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
