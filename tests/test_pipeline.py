import pytest

from timeline.ingest import read_corpus
from timeline.pipeline import extract_all, extract_path


def actors(events) -> set[str]:
    return {a for event in events for a in event.actors}


def test_a_file_that_fails_is_reported_and_the_others_extracted(batch_folder, break_bad_html, good_actors):
    stage, name = break_bad_html
    problems = []
    events = extract_path(batch_folder, on_problem=problems.append)
    assert actors(events) == good_actors
    assert [str(p) for p in problems] == [f"{name}: internal error while {stage} (RuntimeError: boom) - "
                                          "please report it"]


@pytest.mark.parametrize("run", [
    lambda folder: extract_path(folder),
    lambda folder: extract_all(read_corpus(folder)[0]),
], ids=["extract_path", "extract_all"])
def test_without_on_problem_a_failure_is_a_python_warning(run, batch_folder, monkeypatch):
    import timeline.pipeline
    monkeypatch.setattr(timeline.pipeline, "extract_article", lambda article: 1 / 0)
    with pytest.warns(UserWarning) as caught:
        assert run(batch_folder) == []
    assert sorted(str(w.message).split(":")[0] for w in caught) == ["bad", "good", "page"]
    assert all("internal error while extracting events (ZeroDivisionError" in str(w.message) for w in caught)
