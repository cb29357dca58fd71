"""Numbers written for Indonesian readers: '.' between thousands, ',' before decimals
(1.234.567.890; 12,5). The dataset files keep plain numbers; this is for pages people read."""

from __future__ import annotations

from decimal import Decimal


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
