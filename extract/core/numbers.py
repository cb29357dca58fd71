"""Numbers written for Indonesian readers: '.' between thousands, ',' before decimals
(1.234.567.890; 12,5). The dataset files keep plain numbers; this is for pages people read."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


def angka(value, places: int | None = None) -> str:
    """1234567 -> '1.234.567'; 91.19 -> '91,19'; places fixes the decimals shown."""
    d = Decimal(str(value))
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    else:
        d = d.normalize()
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def rupiah(value) -> str:
    """Money: whole rupiah, or with sen when the figure has them."""
    d = Decimal(str(value))
    return angka(d) if d == d.to_integral_value() else angka(d, 2)


def percent_agrees(printed: float, pagu: float, realisasi: float) -> tuple[bool, Decimal]:
    """Whether a printed % is realisasi / pagu, rounded or cut to the printed decimals; and the
    exact value to two places."""
    exact = Decimal(str(realisasi)) * 100 / Decimal(str(pagu))
    p = Decimal(str(printed))
    places = max(0, -p.as_tuple().exponent) if p.as_tuple().exponent < 0 else 0
    q = Decimal(1).scaleb(-places)
    candidates = {exact.quantize(q, ROUND_HALF_UP), exact.quantize(q, ROUND_DOWN)}
    return p in candidates or any(abs(p - c) < Decimal("1e-9") for c in candidates), exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
