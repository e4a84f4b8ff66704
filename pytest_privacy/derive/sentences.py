"""Sentences of a policy, each with its block, section and line.

pysbd (rule-based sentence boundary detection, pure Python, no model) splits a block: it keeps
"e.g.", "i.e.", "U.S." and e-mail addresses inside their sentence, which a full stop splitter
does not; policies are full of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from pytest_privacy.derive.source import HEADING, Block, Document, fold


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim, white space folded
    block: Block
    index: int  # position in the document, for ordering

    @property
    def section(self) -> str:
        return self.block.section

    @property
    def line(self) -> int:
        return self.block.line

    @property
    def place(self) -> str:
        where = f"line {self.line}" if self.line else "?"
        return f"{where}, “{self.section}”" if self.section else where


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split(text: str) -> list[str]:
    return [s for s in (fold(part) for part in _segmenter().segment(text)) if s]


def sentences(doc: Document) -> Iterator[Sentence]:
    index = 0
    for block in doc.blocks:
        parts = [block.text] if block.kind == HEADING else split(block.text)
        for part in parts:
            yield Sentence(part, block, index)
            index += 1
