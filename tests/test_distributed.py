from timeline.distributed import extract_path_dask
from timeline.export import to_csv
from timeline.pipeline import SEEDS_DIR, extract_path


def test_dask_gives_the_same_events_as_the_default_engine(tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"%PDF-1.4")
    for article in SEEDS_DIR.iterdir():
        (tmp_path / article.name).write_bytes(article.read_bytes())
    problems = []
    on_dask = extract_path_dask(tmp_path, on_problem=problems.append)
    local = extract_path(tmp_path)
    assert to_csv(on_dask) == to_csv(local)
    assert any("broken.txt" in p for p in problems)
