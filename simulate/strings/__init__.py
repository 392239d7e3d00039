"""The catalogue of every text a planner reads, in Chinese and English.

Chinese is the default. The language is chosen, most specific first, by
:func:`set_language` (``sim.set_language("en")``, or ``simulate --lang en``), then by the
``SIMULATE_LANG`` environment variable (``zh`` or ``en``; ``zh_CN.UTF-8`` and the like are
understood), and falls back to Chinese.

Every text is looked up by a stable key with :func:`text`; machine identifiers (CSV columns,
metric names, reform keys) never change with the language, and :func:`column_labels` maps
the columns of the result tables to their readable labels (the data dictionary).

This room is on floor 0: it imports nothing of ``simulate``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from simulate.strings.catalogue import MESSAGES
from simulate.strings.columns import COLUMN_LABELS

#: A language of the catalogue.
Language = Literal["zh", "en"]

#: The languages every text exists in; the first is the default.
LANGUAGES: tuple[Language, ...] = ("zh", "en")

#: The environment variable that chooses the language when set_language() was not called.
ENVIRONMENT_VARIABLE = "SIMULATE_LANG"

#: Every text by key: (Chinese, English), both ``str.format`` templates with the same fields.
CATALOGUE: Mapping[str, tuple[str, str]] = MappingProxyType({**MESSAGES, **COLUMN_LABELS})

_chosen: list[Language] = []


def language_code(language: str) -> Language:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans``, 中文 -> ``zh``; ``en``, ``en_US`` -> ``en``.

    Raises
    ------
    ValueError
        For any other language, naming the ones there are.
    """
    code = language.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if code in ("zh", "chinese", "中文", "cn"):
        return "zh"
    if code in ("en", "english", "英文"):
        return "en"
    raise ValueError(
        f"unknown language {language!r}; choose zh (中文) or en (English) / 未知语言 {language!r}，请选择 zh 或 en"
    )


def set_language(language: str | None) -> None:
    """Speak ``language`` (``"zh"`` or ``"en"``) from now on; ``None`` goes back to the
    ``SIMULATE_LANG`` environment variable, else Chinese."""
    _chosen.clear()
    if language is not None:
        _chosen.append(language_code(language))


def get_language() -> Language:
    """The language texts are written in now (see the module's docstring for the order)."""
    if _chosen:
        return _chosen[0]
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if value:
        try:
            return language_code(value)
        except ValueError:
            return LANGUAGES[0]
    return LANGUAGES[0]


def text(key: str, /, language: str | None = None, **values: object) -> str:
    """The text ``key`` in ``language`` (default: :func:`get_language`), its ``{fields}``
    filled from ``values``.

    Raises
    ------
    KeyError
        For a key that is not in the catalogue (a programming error, never the user's).
    """
    zh, en = CATALOGUE[key]
    chosen = get_language() if language is None else language_code(language)
    template = zh if chosen == "zh" else en
    if values or "{{" in template or "}}" in template:  # {{ }} stand for literal braces
        return template.format(**values)
    return template


def column_labels(language: str | None = None) -> dict[str, str]:
    """The data dictionary: each result-table column's identifier -> its label in
    ``language`` (default: :func:`get_language`). The identifiers stay the CSV headers."""
    index = 0 if (get_language() if language is None else language_code(language)) == "zh" else 1
    return {key.removeprefix("column."): pair[index] for key, pair in COLUMN_LABELS.items()}


__all__ = [
    "CATALOGUE",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "Language",
    "column_labels",
    "get_language",
    "language_code",
    "set_language",
    "text",
]
