from timeline.distributed import extract_path_dask
from timeline.export import to_csv
from timeline.pipeline import SEEDS_DIR, extract_path


def test_dask_gives_the_same_events_and_problems_as_the_default_engine(tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"%PDF-1.4")
    for article in SEEDS_DIR.iterdir():
        (tmp_path / article.name).write_bytes(article.read_bytes())
    on_dask, local = [], []
    dask_events = extract_path_dask(tmp_path, on_problem=on_dask.append)
    local_events = extract_path(tmp_path, on_problem=local.append)
    assert to_csv(dask_events) == to_csv(local_events)
    assert [str(p) for p in on_dask] == [str(p) for p in local] == [
        "broken.txt: this is a PDF, not a text or HTML article"]
