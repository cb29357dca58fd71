"""Build a record from read values; a value its model rejects becomes a finding.

pydantic does the checking (the constraints live on the models); this module
only turns its errors into `Temuan` rows and drops the offending value, so one
bad number never loses the rest of the record, nor crashes the run.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .records import Temuan

M = TypeVar("M", bound=BaseModel)


_REASONS = {"greater_than_equal": "lebih kecil dari batas bawah {ge}", "less_than_equal": "lebih besar dari batas atas {le}",
            "string_pattern_mismatch": "bentuknya tidak sah", "literal_error": "bukan salah satu nilai yang diizinkan"}


def _alasan(err: dict) -> str:
    """pydantic's reason, in the reviewers' language where it is one we expect."""
    text = _REASONS.get(err["type"])
    if text is None:
        return err["msg"]
    try:
        return text.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return err["msg"]


def build(model: type[M], data: dict, findings: list[Temuan], subjek: str = "") -> M | None:
    """Return the model, with invalid optional fields emptied and each recorded in `findings`.
    Returns None (and a finding) when a required field is invalid."""
    data = dict(data)
    for _ in range(len(data) + 1):
        try:
            return model(**data)
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else ""
                if err["type"] == "extra_forbidden":  # a reader's slip, not the document's: drop it quietly
                    data.pop(field, None)
                    continue
                value = data.get(field)
                required = model.model_fields.get(field) is not None and model.model_fields[field].is_required()
                findings.append(Temuan(
                    aturan="nilai.tidak_valid",
                    keparahan="warning",
                    subjek=subjek or field,
                    nilai_dilaporkan=None if value is None else str(value),
                    pesan=f"nilai {field} {value!r} tidak diekspor: {_alasan(err)}",
                    halaman=data.get("halaman") if isinstance(data.get("halaman"), int) else None,
                ))
                if required or field not in data:
                    return None
                data[field] = None
    return None
