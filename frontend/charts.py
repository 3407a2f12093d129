"""Server-rendered SVG bar charts: no JavaScript, readable when printed. Each chart is
drawn beside a table holding the same figures (the accessible version)."""

from dataclasses import dataclass

from django.utils.html import escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 40, 40, 12


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]
    svg: str

    @property
    def points(self):
        return list(zip(self.labels, self.values, strict=True))


def bar_chart(title: str, labels: list[str], values: list[float], *, chart_id: str) -> Chart:
    top = max([*values, 1])
    inner_w = WIDTH - PAD_LEFT - 8
    inner_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    step = inner_w / max(len(values), 1)
    bar_w = max(step * 0.7, 2)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t" '
        f'class="chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - 8}" '
        f'y2="{HEIGHT - PAD_BOTTOM}" stroke="#4a4a4a"/>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 10}" text-anchor="end" font-size="12">'
        f"{_fmt(top)}</text>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = inner_h * (value / top)
        x = PAD_LEFT + i * step + (step - bar_w) / 2
        y = HEIGHT - PAD_BOTTOM - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="#0b5e3c">'
            f"<title>{escape(label)} : {_fmt(value)}</title></rect>"
        )
        if len(labels) <= 12 or i % 3 == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" font-size="11" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Chart(title=title, labels=labels, values=values, svg="".join(parts))


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".replace(".", ",")
