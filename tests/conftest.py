"""Shared fixtures: paths to the corpus and ../shared, and datasets built once per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("LAKIP_SHARED", ROOT.parent / "shared"))
REFERENCE = SHARED / "reference"
DEV_DOCS = SHARED / "dev-docs"
CORPUS_PDFS = sorted(CORPUS.glob("*.pdf"))


def need_shared():
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); these tests read its documents")


def run_lakip(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The installed command as a user runs it (python -m keeps it on this interpreter)."""
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="session")
def corpus_dataset(tmp_path_factory) -> Path:
    need_shared()
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    res = run_lakip("extract", str(CORPUS), "--out", str(out), "--reference", str(REFERENCE))
    assert res.returncode == 0, res.stderr
    return out
