"""Reading the project's YAML data files (lexicons, dictionaries, actors) quickly.

Every worker process reads several megabytes of YAML before its first article; PyYAML's pure
Python parser took seconds for that, its libyaml binding (``CSafeLoader``, same safe subset)
a fraction of it. Fall back to the Python parser where libyaml is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)
