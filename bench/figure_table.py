"""Printing benchmark figures as plain-text tables."""

from collections.abc import Sequence


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A title, then aligned columns: the first to the left, the figures to the right."""
    cells = [[str(cell) for cell in header], *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]

    def line(row: list[str]) -> str:
        first, *figures = row
        aligned = (cell.rjust(width) for cell, width in zip(figures, widths[1:], strict=True))
        return "  ".join([first.ljust(widths[0]), *aligned])

    rule = "-" * len(line(cells[0]))
    print(f"\n{title}\n{rule}\n{line(cells[0])}\n{rule}")
    for row in cells[1:]:
        print(line(row))
    print(rule)


def count(value: float) -> str:
    return f"{value:,.0f}"


def seconds(value: float) -> str:
    return f"{value:,.2f} s"


def share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"
