"""Scoring extracted entities against hand labels: precision and recall per entity type.

A predicted entity is right when a labelled entity of the same type shares a name or a surface
form with it (case ignored); a labelled entity is found when such a prediction exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Labelled:
    type: str
    forms: frozenset[str]  # name and surface forms, lower-cased


@dataclass
class Score:
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Iterable[Labelled], predicted: Iterable[Labelled]) -> None:
        gold, predicted = list(gold), list(predicted)
        for p in predicted:
            self.predicted[p.type] += 1
            self.correct[p.type] += any(g.type == p.type and g.forms & p.forms for g in gold)
        for g in gold:
            self.gold[g.type] += 1
            self.found[g.type] += any(p.type == g.type and g.forms & p.forms for p in predicted)

    def precision(self, kind: str) -> float:
        return self.correct[kind] / self.predicted[kind] if self.predicted[kind] else 0.0

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.gold[kind] if self.gold[kind] else 0.0

    def table(self) -> str:
        lines = ["type      precision  recall  (gold / predicted)"]
        for kind in sorted(self.gold | self.predicted):
            lines.append(f"{kind:<9} {self.precision(kind):>9.2f} {self.recall(kind):>7.2f}  "
                         f"({self.gold[kind]} / {self.predicted[kind]})")
        return "\n".join(lines)


def labelled(kind: str, *forms: str) -> Labelled:
    return Labelled(kind, frozenset(f.lower() for f in forms if f))
