"""The newsletter's text: a small, safe subset of HTML (nh3), and its plain-text twin.

Animators write plainly (an empty line starts a paragraph) or with the editor's buttons
(titles, bold, lists, links). Whatever arrives, only the tags below survive: no script,
no style, no attribute but a link's address (http, https or mailto).
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "strong", "em", "ul", "ol", "li", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_BLOCK = re.compile(r"<\s*(p|h2|h3|ul|ol|li)\b", re.IGNORECASE)


def _paragraphs(raw: str) -> str:
    """Plain writing to paragraphs: blank lines split them, a line break stays one.
    Text that already has blocks (from the editor, or an edited issue) is left alone."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _BLOCK.search(raw):
        return raw
    chunks = [c.strip() for c in re.split(r"\n\s*\n", raw) if c.strip()]
    return "".join(f"<p>{c.replace(chr(10), '<br>')}</p>" for c in chunks)


_BETWEEN_BLOCKS = re.compile(r"(</(?:p|h2|h3|ul|ol|li)>|<(?:ul|ol)>)\s+")


def sanitise_body(raw: str) -> str:
    clean = nh3.clean(
        _paragraphs(raw or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # no target attribute survives, so no rel is needed
    )
    # Stored compact (the line breaks `readable` adds for editing are layout only).
    return _BETWEEN_BLOCKS.sub(r"\1", clean).strip()


def readable(body_html: str) -> str:
    """The stored text laid out for editing again: one block per line."""
    return re.sub(r"(</(?:p|h2|h3|ul|ol|li)>|<(?:ul|ol)>)", r"\1\n", body_html or "").strip()


def visible_text(body_html: str) -> str:
    """What a reader sees, without any markup (empty for '<p> </p>')."""
    text = html.unescape(nh3.clean(body_html or "", tags=set()))
    return text.replace("\xa0", " ").strip()


def html_to_text(body_html: str) -> str:
    """The plain-text part of the email: paragraphs, '- ' list items, links spelled out."""
    text = re.sub(
        r'<a\s+href="([^"]*)"[^>]*>(.*?)</a>',
        lambda m: m.group(2) if m.group(1) == m.group(2) else f"{m.group(2)} ({m.group(1)})",
        body_html or "",
        flags=re.IGNORECASE | re.DOTALL,
    )
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = re.sub(r"</(p|h2|h3|ul|ol)>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</li>", "\n", text, flags=re.IGNORECASE)
    text = html.unescape(nh3.clean(text, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text.replace("\xa0", " ")).strip()
