"""What ``loadplan plan`` prints: a short summary of the plan on stdout."""

from __future__ import annotations

from typing import Any, Sequence

__all__ = ["print_summary"]

_SUMMARY_LINES = 12
def print_summary(result: Any, drums: Sequence[Any]) -> None:
    """A short summary: identical consecutive containers share one line."""
    ordered = sum(int(d.quantity) for d in drums)
    placed = result.placed_count
    types: dict[str, int] = {}
    for load in result.loads:
        types[load.container.name] = types.get(load.container.name, 0) + 1
    mix = ", ".join(f"{n} x {name}" for name, n in types.items())
    print(f"{placed:,} of {ordered:,} drums ({len(drums)} order lines) placed in "
          f"{len(result.loads)} container{'s' if len(result.loads) != 1 else ''}"
          + (f" ({mix})" if mix else ""))
    groups: list[list[Any]] = []  # [first number, last number, text]
    for number, load in enumerate(result.loads, start=1):
        dests = ", ".join(d for d in load.destinations if d) or "-"
        count, bound = int(load.count), int(load.upper_bound)
        text = (f"{load.container.name:<5} -> {dests}: {count:,} drums, "
                f"{float(load.weight):,.0f} kg, volume {100 * float(load.volume_utilisation):.1f} %, "
                f"payload {100 * float(load.payload_utilisation):.1f} %, bound {bound:,} (gap {bound - count:,})")
        if groups and groups[-1][2] == text:
            groups[-1][1] = number
        else:
            groups.append([number, number, text])
    for first, last, text in groups[:_SUMMARY_LINES]:
        label = f"{first}" if first == last else f"{first}-{last}"
        each = "" if first == last else " each"
        print(f"  {label:>7}. {text.replace(' drums,', ' drums' + each + ',', 1)}")
    if len(groups) > _SUMMARY_LINES:
        rest = len(result.loads) - groups[_SUMMARY_LINES][0] + 1
        print(f"  ... and {rest} more containers (see the plan file)")
    if result.cost is not None:
        print(f"  cost {float(result.cost):,.2f}")
    for line in result.bound_lines()[:_SUMMARY_LINES]:
        print(f"  {line}")
    if result.violations:
        print(f"VIOLATIONS: {len(result.violations):,} (the plan breaks safety rules)")
    else:
        print(f"  {result.verdict_line()}")
    for violation in (result.violations or ())[:_SUMMARY_LINES]:
        print(f"  {violation}")
    if result.violations and len(result.violations) > _SUMMARY_LINES:
        print(f"  ... and {len(result.violations) - _SUMMARY_LINES} more (loadplan verify PLAN.json)")
    if result.unplaced:
        missing = result.unplaced_count
        print(f"UNPLACED: {missing:,} drums")
        for u in result.unplaced[:_SUMMARY_LINES]:
            print(f"  {u.sku} -> {u.destination or '-'}: {int(u.quantity):,} ({u.reason})")
        if len(result.unplaced) > _SUMMARY_LINES:
            print(f"  ... and {len(result.unplaced) - _SUMMARY_LINES} more lines (see the plan file)")
