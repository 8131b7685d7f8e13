"""The Data page's upload pieces: previews cached per upload, and the column-mapping picker."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from newslens.columns import FIELDS
from newslens.preview import SourcePreview, Upload, preview

AUTOMATIC = ""


@st.cache_data(show_spinner="Reading the upload…", max_entries=64)
def _cached_preview(file_id: str, name: str, mapping: tuple[tuple[str, str], ...],
                    _data: bytes) -> list[SourcePreview]:
    # the bytes are not hashed (an upload may be 200 MB): the upload's file_id stands for them
    return preview(Upload(name, _data), dict(mapping))


def preview_of(file: UploadedFile, mapping: dict[str, str] | None = None) -> list[SourcePreview]:
    """What ingest would read from an uploaded file, computed once per upload and mapping."""
    return _cached_preview(file.file_id, file.name, tuple(sorted((mapping or {}).items())),
                           file.getvalue())


def mapping_picker(shown: SourcePreview, key: str) -> dict[str, str]:
    """A selectbox per article field over the table's columns; returns the fields overridden."""
    chosen: dict[str, str] = {}
    cells = st.columns(4)
    for number, field in enumerate(FIELDS):
        column = cells[number % len(cells)].selectbox(
            field, [AUTOMATIC, *shown.columns], key=f"{key}-{field}",
            format_func=_automatic_label(shown.mapping.get(field)))
        if column != AUTOMATIC:
            chosen[field] = column
    return chosen


def _automatic_label(recognised: str | None) -> Callable[[str], str]:
    def label(column: str) -> str:
        if column != AUTOMATIC:
            return column
        return f"automatic ({recognised})" if recognised else "automatic (none)"
    return label


def as_uploads(files: list[UploadedFile]) -> list[Upload]:
    return [Upload(f.name, f.getvalue()) for f in files]
