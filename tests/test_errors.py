import pytest

from timeline.errors import IngestError, ManifestError, isolate


def fail(error: BaseException):
    raise error


@pytest.mark.parametrize("error", [
    IngestError("a.txt: the file has no text"),
    ManifestError("manifest.csv line 3: no file name; row skipped"),
], ids=["ingest", "manifest"])
def test_a_users_mistake_comes_back_as_it_was_raised(error):
    assert isolate("a.txt", "reading", fail, error) is error


@pytest.mark.parametrize("error,message", [
    (ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\nInstall lxml[html_clean]."),
     "a.html: internal error while reading (ImportError: lxml.html.clean module is now a separate project "
     "lxml_html_clean. Install lxml[html_clean].) - please report it"),
    (RuntimeError(), "a.html: internal error while reading (RuntimeError) - please report it"),
], ids=["multi-line-message", "no-message"])
def test_an_unexpected_failure_is_named_as_ours_on_one_line(error, message):
    failure = isolate("a.html", "reading", fail, error)
    assert type(failure) is IngestError and str(failure) == message


def test_a_step_that_works_gives_its_result():
    assert isolate("a.txt", "reading", len, "four") == 4


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)], ids=["ctrl-c", "exit"])
def test_stopping_everything_is_not_taken_for_a_bad_file(error):
    with pytest.raises(type(error)):
        isolate("a.txt", "reading", fail, error)
