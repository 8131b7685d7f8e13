"""The learned weights that decide which candidate pairs of actors met, and whether planned.

Two logistic models over the sparse features of newslens.extract.contact_pairs, trained on the
development part of the labelled articles by ``make model`` (scripts/train_meetings.py) and
shipped as a small JSON file: scoring a pair is a sum of weights, so extraction stays fast and
needs no learning library at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parent / "contact_model.json"


@dataclass(frozen=True)
class Linear:
    weights: dict[str, float]
    bias: float

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@dataclass(frozen=True)
class ContactModel:
    met: Linear
    planned: Linear
    threshold: float            # a pair at or above this probability met
    planned_threshold: float

    def probability(self, features: Iterable[str]) -> float:
        return self.met.probability(features)

    def is_planned(self, features: Iterable[str]) -> bool:
        return self.planned.probability(features) >= self.planned_threshold

    def as_json(self) -> dict:
        return {"threshold": self.threshold, "planned_threshold": self.planned_threshold,
                "met": {"bias": self.met.bias, "weights": self.met.weights},
                "planned": {"bias": self.planned.bias, "weights": self.planned.weights}}


def from_json(data: dict) -> ContactModel:
    return ContactModel(Linear(data["met"]["weights"], data["met"]["bias"]),
                        Linear(data["planned"]["weights"], data["planned"]["bias"]),
                        data["threshold"], data["planned_threshold"])


@cache
def load_model(path: Path = MODEL_FILE) -> ContactModel | None:
    """The shipped model, or None before ``make model`` has written one (rules alone)."""
    if not path.is_file():
        return None
    return from_json(json.loads(path.read_text(encoding="utf-8")))
