"""Data: upload datasets, preview how they will be read, ingest them; see what is loaded."""

from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from components.ingest_worker import ingest_in_worker
from components.state import page_context, read_only
from components.tables import show_table
from components.text import plain
from components.upload import as_uploads, mapping_picker, preview_of
from newslens.budget import Budget, over_budget
from newslens.ingest import IngestReport
from newslens.presentation import plural, shown_name
from newslens.preview import SourcePreview
from newslens.queries.summary import ingest_issues, ingest_log, summarise
from newslens.records import ReadIssue
from newslens.sources import READABLE_SUFFIXES
from newslens.store.faults import FaultKind, StoreError

REPORT_KEY = "data_last_report"
LOG_PICK_KEY = "data_ingest"


def show_source(shown: SourcePreview, named: bool) -> None:
    """A source's first records, the mapping ingest would use, and what is wrong with it."""
    if named:
        st.caption(plain(shown.name))
    for problem in shown.problems:
        st.warning(plain(problem))
    if shown.rows:
        st.dataframe(shown.rows, hide_index=True)  # the upload's own columns, as named there
        show_table(shown.mapping_rows())


def preview_upload(file: UploadedFile) -> dict[str, str]:
    """Preview one upload; a single table gets a picker; returns the mapping chosen by hand."""
    st.subheader(plain(file.name))
    recognised = preview_of(file)
    mapping: dict[str, str] = {}
    if len(recognised) == 1 and recognised[0].tabular:
        st.caption("Which column feeds each article field (automatic: recognised by name)")
        mapping = mapping_picker(recognised[0], key=f"map-{file.file_id}")
    previews = preview_of(file, mapping) if mapping else recognised
    for shown in previews:
        show_source(shown, named=len(previews) > 1)
    return mapping


def run_ingest(db: Path, files: list[UploadedFile], mappings: list[dict[str, str]],
               budget: Budget) -> None:
    uploads = as_uploads(files)
    problem = over_budget(uploads, budget)
    if problem:
        st.error(plain(problem))
        return
    st.session_state[REPORT_KEY] = ingest_in_worker(uploads, db, mappings)
    st.session_state.pop(LOG_PICK_KEY, None)  # show the new ingest's issues, not the old pick
    st.cache_data.clear()  # every page's cached answers predate these articles


def show_report(report: IngestReport) -> None:
    st.subheader("Ingest report")
    if report.nothing_read:
        st.error("Nothing could be read from the uploads; the issues below say why.")
    else:
        st.success(plain(f"Added {plural(report.added, 'new article')} "
                         f"({report.duplicates:,} already in the store)."))
    figures = {"files": report.files, "records": report.records, "articles": report.articles,
               "added": report.added, "duplicates": report.duplicates, "skipped": report.skipped}
    for cell, (label, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
        cell.metric(label, f"{value:,}")
    if report.added:
        st.page_link("app_pages/articles.py", icon=":material/article:",
                     label=plain(f"Read the {plural(report.added, 'new article')} on the "
                                 "Articles page"))
    if report.issues:
        show_table(grouped_issues(report.issues))


def grouped_issues(issues: list[ReadIssue]) -> list[dict[str, object]]:
    """One row per severity and reason, with how many times and where first (as the ingest
    log's issues read)."""
    groups: dict[tuple[str, str], list[ReadIssue]] = {}
    for issue in issues:
        groups.setdefault((issue.severity, issue.reason), []).append(issue)
    return [{"times": len(found), "severity": severity, "reason": reason,
             "first_file": shown_name(found[0].origin.file), "first_row": found[0].origin.row}
            for (severity, reason), found in sorted(groups.items(),
                                                    key=lambda g: (g[0][0], -len(g[1]), g[0][1]))]


def show_log(db: Path) -> None:
    """Every ingest into the store, and the issues of the one picked."""
    st.header("Loaded datasets")
    if not summarise(db).articles:
        st.info("The store holds no articles yet: upload files above and press Ingest.")
    log = ingest_log(db)
    show_table(log)
    if log.empty:
        return
    labels = {int(r.ingest_id): f"#{r.ingest_id} · {r.started_at:%Y-%m-%d %H:%M} · "
              f"{r.articles_added:,} added" for r in log.itertuples()}
    chosen = st.selectbox("Issues of ingest", list(labels), format_func=labels.get,
                          key=LOG_PICK_KEY)
    issues = ingest_issues(db, chosen)
    if issues.empty:
        st.caption("No issues.")
    else:
        show_table(issues)


def upload_section(db: Path) -> None:
    budget = Budget.from_settings()
    files = st.file_uploader("Upload articles", type=sorted(READABLE_SUFFIXES),
                             accept_multiple_files=True, key="data_uploads",
                             help="CSV, TSV, JSON, JSONL, Parquet, XLSX, TXT, Markdown, HTML, "
                                  "TimeML, or a ZIP of them; at most "
                                  f"{st.get_option('server.maxUploadSize'):,} MB per file and "
                                  f"{budget.max_mb:,} MB and {budget.max_files:,} files (zip "
                                  "members included) per ingest (larger datasets: "
                                  "`newslens ingest PATH` on the server)")
    mappings = [preview_upload(f) for f in files]
    if st.button("Ingest", type="primary", disabled=not files) and files:
        run_ingest(db, files, mappings, budget)
    if REPORT_KEY in st.session_state:
        show_report(st.session_state[REPORT_KEY])


def guarded(section: Callable[[], None]) -> None:
    """Run a section; a store or disk problem becomes a message with a next step."""
    try:
        section()
    except StoreError as exc:
        if exc.kind is FaultKind.MISSING:
            st.info("No store yet: upload files above and press Ingest to create it.")
        else:
            st.warning(plain(exc))
    except OSError as exc:
        st.error(plain(f"Could not save or read the uploads: {exc.strerror or exc}"))


db, _filters = page_context()
st.title("Data")
if read_only():
    st.info("This dashboard is read-only: datasets are loaded by its administrator "
            "(`newslens ingest`).")
else:
    guarded(lambda: upload_section(db))
guarded(lambda: show_log(db))
