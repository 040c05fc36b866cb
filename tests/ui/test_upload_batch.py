"""A batch's outcomes are kept where a rerun cannot lose them (ui/upload_batch.py)."""

from __future__ import annotations

from streamlit.runtime.scriptrunner import RerunException

from etl.load import LoadResult
from ui import upload_batch


class Stopping:
    """``st.session_state`` as a script asked to rerun meets it: any use stops the run."""

    def __getattr__(self, name):
        raise RerunException(None)

    def __getitem__(self, key):
        raise RerunException(None)


def test_a_files_outcome_is_kept_without_a_streamlit_call(monkeypatch):
    """Trial (session 61): leaving the Upload page while a batch loaded said the file being
    loaded was not loaded, when it was: keeping its outcome read ``st.session_state``, where
    Streamlit stops a script asked to rerun, after the commit and before the record. The
    outcome now goes into the batch's own record, with no Streamlit call."""
    record = {"user": "analyst", "names": ["a.csv"], "results": [], "ended": False}
    result = LoadResult("a.csv", "surveys", "loaded", rows=3, load_id=77)
    monkeypatch.setattr(upload_batch.st, "session_state", Stopping())
    upload_batch.loaded_one(record, result)
    upload_batch.ended(record)
    assert record["results"] == [result] and record["ended"]
