"""Share-link hygiene: which URL parameters the dashboard could not honour, said in words.

Streamlit drops a bound widget's invalid URL value silently; an analyst opening a colleague's
link must be told that "entity=Putn" was ignored rather than see a quietly different view.
"""

from __future__ import annotations

from collections.abc import Mapping

Params = Mapping[str, list[str]]

#: Parameters that no widget binds but the app itself reads.
APP_PARAMS = frozenset({"view", "embed", "embed_options"})
_SHOWN = 60


def _short(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


def ignored_params(before: Params, after: Params, bound: Mapping[str, object]) -> list[str]:
    """Notices for parameters of ``before`` that the run did not keep.

    ``after`` is the URL once the widgets have taken their values (Streamlit removes what it
    rejects), ``bound`` maps widget keys to their values, so a value equal to the widget's
    default (which Streamlit also removes from the URL) is not reported.
    """
    notices = []
    for key, values in before.items():
        if key in APP_PARAMS:
            continue
        if key not in bound:
            notices.append(f"unknown parameter '{_short(key)}'")
            continue
        kept = set(after.get(key, []))
        current = bound[key]
        shown = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
        lost = [v for v in values if v and v not in kept and v not in shown]
        notices += [f"'{_short(v)}' is not a valid value for '{_short(key)}'" for v in lost[:5]]
        if len(lost) > 5:
            notices.append(f"{len(lost) - 5} more values of '{_short(key)}' were not valid")
    return notices
