"""How numbers read, everywhere: statements, CLI, window, report."""

from __future__ import annotations


def pct(rate: float, digits: int = 2) -> str:
    """0.02534 -> '2.53%' (trailing zeros dropped: 0.5 -> '50%')."""
    text = f"{rate * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('-0', '') else text}%"


def usd(amount: float) -> str:
    """-1234.5 -> '-$1,235'."""
    sign = "-" if round(amount) < 0 else ""
    return f"{sign}${abs(amount):,.0f}"


def money_short(amount: float) -> str:
    """Axis and key-figure money: 1_234_567 -> '$1.2M', -350_000 -> '-$350K', 12 -> '$12'."""
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= limit:
            scaled = value / limit
            digits = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
            text = f"{scaled:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{scaled:.0f}"
            return f"{sign}${text}{suffix}"
    return f"{sign}${value:,.0f}" if value >= 0.5 else "$0"


def amount(value: float, unit: str) -> str:
    """A statement amount in its unit: 'usd' -> '$1,234', 'rate' -> '2.5%', else a count."""
    if unit == "usd":
        return usd(value)
    if unit == "rate":
        return pct(value, 3)
    return f"{value:,.0f}"


def chance(p: float) -> str:
    """0.613 -> '61%'; a real chance is never shown as none or as certain."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{p * 100:.0f}%"
