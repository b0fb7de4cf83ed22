"""The real command line, in a subprocess."""
import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from contextlib import closing

import pytest
from conftest import needs_permissions

from timeline.cli import main
from timeline.export import COLUMNS, split_list
from timeline.pipeline import SEEDS_DIR
from timeline.store import Store

ROOT = SEEDS_DIR.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "timeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_extract_prints_the_csv_contract():
    result = run("extract", "seeds")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 20


def test_extract_writes_json_to_a_file(tmp_path):
    out = tmp_path / "events.json"
    assert run("extract", "seeds", "--format", "json", "--out", str(out)).returncode == 0
    events = json.loads(out.read_text())
    assert all(event["sources"][0]["sentence"] for event in events)


@pytest.mark.parametrize("args", [
    ("extract", "no/such/folder"),
    ("extract", "seeds", "--format", "xml"),
    ("extract", "seeds", "--frobnicate"),
    ("frobnicate",),
    ("export", "--year", "nineteen"),
    ("extract", "seeds", "--out", "/no/such/dir/out.csv"),
], ids=["missing-path", "bad-format", "bad-option", "bad-command", "bad-year", "unwritable-out"])
def test_user_errors_exit_2_with_one_line(args, tmp_path):
    result = run(*args, "--db", str(tmp_path / "x.sqlite")) if args[0] == "export" else run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("timeline: error:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def sources_and_actors(csv_text: str) -> tuple[set[str], set[str]]:
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    return ({s for row in rows for s in row["sources"].split(";")},
            {a for row in rows for a in row["actors"].split(";") if a})


def stored_actors(db) -> set[str]:
    store = Store.open(db)
    try:
        return {a for event in store.events() for a in event.actors}
    finally:
        store.close()


SUMMARY = "timeline: 1 of 3 files could not be read (see the warnings above)"


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bad_file_is_named_the_rest_processed_and_the_exit_code_is_1(command, batch_folder, good_actors,
                                                                       tmp_path):
    (batch_folder / "bad.html").write_bytes(b"%PDF-1.7\x00\x01\x02")
    db = tmp_path / "t.sqlite"
    result = run(command, str(batch_folder), *(["--db", str(db)] if command == "ingest" else []))
    assert result.returncode == 1, result.stderr
    assert "warning: bad.html: this is a PDF, not a text or HTML article" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == SUMMARY
    actors = sources_and_actors(result.stdout)[1] if command == "extract" else stored_actors(db)
    assert actors == good_actors


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_unexpected_error_on_one_file_is_a_warning_not_the_end(command, batch_folder, break_bad_html,
                                                                   good_actors, tmp_path, capsys):
    stage, name = break_bad_html
    db = tmp_path / "t.sqlite"
    code = main([command, str(batch_folder), *(["--db", str(db)] if command == "ingest" else [])])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"warning: {name}: internal error while {stage} (RuntimeError: boom) - please report it" in err
    assert err.strip().splitlines()[-1] == SUMMARY
    if command == "extract":
        assert sources_and_actors(out) == ({"good", "page"}, good_actors)
    else:
        assert stored_actors(db) == good_actors
        assert "2 added, 0 updated, 0 already present: 3 events, 0 undated; 1 problems" in err


def test_a_manifest_row_that_cannot_be_used_is_a_warning_not_a_lost_file(batch_folder, capsys):
    (batch_folder / "bad.html").unlink()
    (batch_folder / "manifest.csv").write_bytes(b"file,published\ngood.txt,yesterday\n")
    assert main(["extract", str(batch_folder)]) == 0
    err = capsys.readouterr().err
    assert "warning: manifest.csv line 2: 'yesterday' is not a date" in err
    assert "could not be read" not in err


def test_ctrl_c_is_not_taken_for_a_bad_file(batch_folder, monkeypatch, capsys):
    import timeline.ingest

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(timeline.ingest, "article_from_bytes", interrupted)
    assert main(["extract", str(batch_folder)]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_ingest_then_export_with_the_pages_filters(tmp_path):
    db = str(tmp_path / "t.sqlite")
    assert run("ingest", "seeds", "--db", db).returncode == 0
    again = run("ingest", "seeds", "--db", db)
    assert "0 added, 0 updated, 5 already present" in again.stderr
    result = run("export", "--db", db, "--actor", "Wang Yi", "--type", "visit")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["type"] == "visit" and "Wang Yi" in row["actors"] for row in rows)


def test_every_command_has_help_with_an_example():
    for command in ("extract", "ingest", "export", "articles", "remove"):
        result = run(command, "--help")
        assert result.returncode == 0 and "example:" in result.stdout


@pytest.mark.parametrize("command", ["extract", "ingest", "remove"])
def test_help_and_readme_give_the_exit_codes(command):
    help_text = run(command, "--help").stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2"):
        assert f"\n  {code}  " in help_text
        assert f"\n| {code} | " in readme


# Input hardening (issue 12): dates, file names, paths and links, through the real command line.
def seeds_dated(folder, published: str):
    """A copy of the seeds whose manifest gives every article `published`."""
    folder.mkdir()
    for file in SEEDS_DIR.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    rows = list(csv.DictReader(io.StringIO((SEEDS_DIR / "manifest.csv").read_text(encoding="utf-8"))))
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as manifest:
        writer = csv.DictWriter(manifest, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "published": published} for row in rows)
    return folder


@pytest.mark.parametrize("published", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_seeds_dated_out_of_range_extract_ingest_and_export(published, tmp_path, capsys):
    folder = seeds_dated(tmp_path / "seeds", published)
    db = str(tmp_path / "t.sqlite")
    assert main(["extract", str(folder)]) == 0
    out, err = capsys.readouterr()
    extracted = list(csv.DictReader(io.StringIO(out)))
    assert extracted and f"warning: manifest.csv line 2: {published} is " in err
    assert main(["ingest", str(folder), "--db", db]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(exported) == len(extracted)


VISIT = b"Russian President Vladimir Putin visited Beijing on Monday, March 4, 2024.\n"


@pytest.mark.parametrize("name,doc_id", [
    (b"bad\xffname.txt", "bad\\xffname"),
    (b"a;b.txt", "a;b"),
    (b"back\\slash;.txt", "back\\slash;"),
    (b"new\nline.txt", "new\\nline"),
    (b'say "hi" it\'s.txt', 'say "hi" it\'s'),
], ids=["not-utf8", "semicolon", "backslash-semicolon", "newline", "quotes"])
def test_any_file_name_goes_through_extract_ingest_and_export(name, doc_id, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_bytes(VISIT)
    with open(os.path.join(os.fsencode(folder), name), "wb") as file:
        file.write(VISIT + b"The two leaders held talks.\n")  # another article: the store keeps both
    db = str(tmp_path / "t.sqlite")
    assert main(["extract", str(folder)]) == 0
    extracted = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["ingest", str(folder), "--db", db]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for rows in (extracted, exported):  # one visit, reported by both files
        assert [sorted(split_list(row["sources"])) for row in rows] == [sorted(["good", doc_id])]


def a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    return [str(tmp_path / "pipe")]


def a_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(b"file,published\n")
    return [str(tmp_path / "manifest.csv")]


def a_link_out(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "good.txt").write_bytes(VISIT)
    (tmp_path / "secret.txt").write_bytes(b"root:secret")
    (tmp_path / "articles" / "out.txt").symlink_to(tmp_path / "secret.txt")
    return [str(tmp_path / "articles")]


def a_bad_byte(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "onebad.txt").write_bytes("“Welcome”, ".encode() + b"\xff " + VISIT)
    return [str(tmp_path / "articles")]


def a_locked_folder(tmp_path):
    (tmp_path / "locked").mkdir(mode=0)
    return [str(tmp_path / "locked")]


def a_locked_subfolder(tmp_path):
    (tmp_path / "articles" / "locked").mkdir(parents=True, mode=0)
    (tmp_path / "articles" / "good.txt").write_bytes(VISIT)
    return [str(tmp_path / "articles")]


@pytest.mark.parametrize("make,code,message", [
    (a_fifo, 2, "timeline: error: {path}: a pipe, not a file or a folder of articles"),
    (lambda tmp_path: ["/dev/zero"], 2, "timeline: error: /dev/zero: a device, not a file or a folder of articles"),
    (a_manifest, 2, {"extract": "timeline: error: {path}: this is the manifest that dates a folder's articles, not "
                                "an article; give the folder ({folder})",
                     "ingest": "timeline: error: {path}: no row to use; nothing done"}),  # test_ingest: with rows
    (a_link_out, 1, "warning: {path}/out.txt: a link to {folder}/secret.txt, outside {path}; not followed"),
    (a_bad_byte, 0, "warning: onebad.txt: 1 byte not UTF-8, replaced by \ufffd; the rest of the file was read"),
    pytest.param(a_locked_folder, 2, "timeline: error: {path}: the folder cannot be read (Permission denied)",
                 marks=needs_permissions),
    pytest.param(a_locked_subfolder, 1, "warning: {path}/locked: the folder cannot be read (Permission denied); "
                                        "the files in it were skipped", marks=needs_permissions),
], ids=["fifo", "dev-zero", "manifest", "link-out", "bad-byte", "locked-folder", "locked-subfolder"])
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_paths_that_are_no_corpus_get_a_message_and_their_exit_code(command, make, code, message, tmp_path):
    path = make(tmp_path)
    db = ["--db", str(tmp_path / "t.sqlite")] if command == "ingest" else []
    result = run(command, *path, *db)
    assert result.returncode == code, result.stderr
    message = message[command] if isinstance(message, dict) else message
    assert message.format(path=path[0], folder=tmp_path) in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    if code == 2 and command == "ingest":
        assert not (tmp_path / "t.sqlite").exists()  # nothing done: not even an empty store


# ---------------------------------------------------------------- the store, the output and bench's arguments

@pytest.mark.parametrize("args,message", [
    (("export", "--db", "{tmp}/mistyped.sqlite"), "{tmp}/mistyped.sqlite: no such database (python -m timeline "
                                                   "ingest makes one)"),
    (("export", "--db", ""), "argument --db: an empty path is not a database: name a file, or leave --db out for "
                             "the default (see: python -m timeline export --help)"),
    (("ingest", "seeds", "--db", " "), "argument --db: an empty path is not a database: name a file, or leave --db "
                                       "out for the default (see: python -m timeline ingest --help)"),
    (("articles", "--db", "{tmp}/mistyped.sqlite"), "{tmp}/mistyped.sqlite: no such database (python -m "
                                                     "timeline ingest makes one)"),
    (("remove", "x", "--db", "{tmp}/mistyped.sqlite"), "{tmp}/mistyped.sqlite: no such database (python -m "
                                                        "timeline ingest makes one)"),
    (("remove", "--db", "{tmp}/t.sqlite"), "the following arguments are required: ID (see: python -m timeline "
                                           "remove --help)"),
    (("extract", "seeds", "--out", "/dev/full"), "/dev/full: cannot write (No space left on device)"),
    (("bench", "--workers", "0"), "argument --workers: '0' is not a whole number of 1 or more (see: python -m "
                                  "timeline bench --help)"),
    (("bench", "--articles", "-5"), "argument --articles: '-5' is not a whole number of 1 or more (see: python -m "
                                    "timeline bench --help)"),
    (("bench", "--sizes", "abc"), "argument --sizes: 'abc' is not a comma-separated list of whole numbers of 1 or "
                                  "more, e.g. 1000,10000 (see: python -m timeline bench --help)"),
    (("bench", "--sizes", "1000,,10000"), "argument --sizes: '1000,,10000' is not a comma-separated list of whole "
                                          "numbers of 1 or more, e.g. 1000,10000 (see: python -m timeline bench "
                                          "--help)"),
], ids=["missing-db", "empty-db", "blank-db", "articles-missing-db", "remove-missing-db", "remove-no-id",
        "out-dev-full", "bench-no-workers", "bench-negative-articles",
        "bench-sizes-not-numbers", "bench-sizes-empty-item"])
def test_a_mistake_about_the_store_the_output_or_bench_is_one_line_and_nothing_is_made(args, message, tmp_path,
                                                                                      monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main([arg.format(tmp=tmp_path) for arg in args]) == 2
    assert capsys.readouterr().err == f"timeline: error: {message.format(tmp=tmp_path)}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option,value,shown", [
    ("--search", b"caf\xe9", "caf\\xe9"),
    ("--actor", b"\xffWang Yi", "\\xffWang Yi"),
    ("--country", b"CH\xfe", "CH\\xfe"),
], ids=["search-latin-1", "actor-bad-byte", "country-bad-byte"])
def test_a_filter_that_is_not_utf8_is_one_line(option, value, shown, db_path, seed_articles, capsys):
    with closing(Store.open(db_path)) as store:
        store.add_articles(seed_articles[:1])
    # The command line hands bytes that are not UTF-8 to Python as os.fsdecode does.
    assert main(["export", "--db", str(db_path), option, os.fsdecode(value)]) == 2
    assert capsys.readouterr().err == (f"timeline: error: argument {option}: '{shown}' is not UTF-8 text: set the "
                                       "terminal to UTF-8 (see: python -m timeline export --help)\n")


def run_with_stdout(stdout: str) -> subprocess.CompletedProcess:
    """`extract seeds` with its standard output full, closed, or a pipe nobody reads any more."""
    if stdout == "full":
        with open("/dev/full", "wb") as full:
            return subprocess.run([sys.executable, "-m", "timeline", "extract", "seeds"], cwd=ROOT, stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=120)
    if stdout == "closed":
        return subprocess.run(["bash", "-c", 'exec "$@" >&-', "bash", sys.executable, "-m", "timeline", "extract",
                               "seeds"], cwd=ROOT, stderr=subprocess.PIPE, text=True, timeout=120)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone, as `head -1` goes once it has its line
    try:
        return subprocess.run([sys.executable, "-m", "timeline", "extract", "seeds"], cwd=ROOT, stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writer)


@pytest.mark.parametrize("stdout,code,stderr", [
    ("full", 2, "timeline: error: cannot write to standard output (No space left on device)\n"),
    ("closed", 2, "timeline: error: standard output is closed: give --out FILE\n"),
    ("reader-gone", 141, ""),
], ids=["full", "closed", "reader-gone"])
def test_standard_output_that_cannot_be_written_is_said_in_words(stdout, code, stderr):
    result = run_with_stdout(stdout)
    assert (result.returncode, result.stderr) == (code, stderr)


def limit_file_size(size: int):
    """A full disk for this process: writing past `size` bytes fails (EFBIG, as ENOSPC would)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize("previous", [b"previous good output\n", None], ids=["over-a-file", "new-file"])
def test_out_is_written_whole_or_not_at_all(tmp_path, previous):
    out = tmp_path / "events.csv"
    if previous is not None:
        out.write_bytes(previous)
        out.chmod(0o640)
    command = [sys.executable, "-m", "timeline", "extract", "seeds", "--out", str(out)]
    full = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          preexec_fn=limit_file_size(4096))
    assert (full.returncode, full.stderr) == (
        2, f"timeline: error: {out}: cannot write (File too large); any previous file is left as it was\n")
    assert [p.name for p in tmp_path.iterdir()] == ([] if previous is None else ["events.csv"])
    assert previous is None or out.read_bytes() == previous
    assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    assert len(list(csv.DictReader(io.StringIO(out.read_text())))) > 20
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
    assert previous is None or out.stat().st_mode & 0o777 == 0o640


def test_ctrl_c_under_dask_is_one_line_and_code_130(tmp_path):
    """Ctrl-C at the terminal reaches the whole process group, workers included. Sent again every
    half second until the command ends, as a person would press it: one that falls in the second
    the local cluster takes to start is lost, and the corpus is big enough to outlast that. (Dask
    may warn first that its default HTTP port is taken, when another cluster runs at the same time.)"""
    import psutil
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(80):
        for seed in SEEDS_DIR.glob("*.txt"):
            (corpus / f"{seed.stem}-{copy}.txt").write_bytes(seed.read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "timeline", "extract", str(corpus), "--engine", "dask",
                                "--out", str(tmp_path / "events.csv")], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    while process.poll() is None and len(psutil.Process(process.pid).children()) < 2:  # the workers
        time.sleep(0.1)
    while process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(0.5)
        except subprocess.TimeoutExpired:
            pass
    stderr = process.stderr.read()
    assert process.returncode == 130
    assert stderr.endswith("\ntimeline: interrupted\n") or stderr == "timeline: interrupted\n"
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr  # from no process of the group
    assert not (tmp_path / "events.csv").exists()


# Links and feeds (issue 13): arguments the command refuses before it fetches or stores anything.
@pytest.mark.parametrize("args, env, message", [
    ((), {}, "timeline: error: give one file or folder, or one or more links (http:// or https://), or --feed URL"),
    (("seeds", "https://example.com/news"), {},
     "timeline: error: seeds: not a link; give files and folders and links in separate commands"),
    (("seeds", "seeds"), {},
     "timeline: error: give one file or folder, or one or more links (http:// or https://), or --feed URL"),
    (("https://example.com/news",), {"TIMELINE_ALLOW_PRIVATE": "yes"},
     "timeline: error: TIMELINE_ALLOW_PRIVATE='yes': give 1 (all private addresses) or a comma-separated list of "
     "addresses or networks, e.g. 127.0.0.1,10.0.0.0/8"),
], ids=["nothing", "path-and-link", "two-paths", "bad-allow-setting"])
def test_ingest_arguments_for_links_refused_in_one_line(args, env, message, tmp_path):
    db = tmp_path / "t.sqlite"
    result = subprocess.run([sys.executable, "-m", "timeline", "ingest", *args, "--db", str(db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ, **env})
    assert (result.returncode, result.stderr.splitlines()) == (2, [message])
    assert not db.exists()  # nothing done: not even an empty store


# ---------------------------------------------------------------- articles: listed, removed, updated

A_SEED, ITS_PARTNER = "001_9abf8dd859d27d16", "004_2094431c2688f2b4"  # they report one visit together
NO_SUCH = "warning: nope: no such article (python -m timeline articles lists them)"


def listed_ids(db, capsys) -> list[str]:
    assert main(["articles", "--db", str(db)]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.split() == ["id", "date", "outlet", "title", "events"]
    return [line.split()[0] for line in lines]


@pytest.mark.parametrize("ids,code,messages,removed", [
    ([A_SEED], 0, ["1 removed with their {events} events ({db})"], True),
    ([A_SEED, "nope"], 1, [NO_SUCH, "1 removed with their {events} events ({db})"], True),
    (["nope"], 2, [NO_SUCH, "timeline: error: nothing removed: no article has the id given"], False),
], ids=["known", "known-and-unknown", "unknown"])
def test_remove_takes_an_article_and_its_sources_and_names_unknown_ids(ids, code, messages, removed, tmp_path,
                                                                       capsys):
    db = tmp_path / "t.sqlite"
    with closing(Store.open(db)) as store:
        store.add_seeds()
        events = next(row.events for row in store.article_rows() if row.doc_id == A_SEED)
    everything = listed_ids(db, capsys)
    assert main(["remove", *ids, "--db", str(db)]) == code
    assert capsys.readouterr().err.splitlines() == [m.format(events=events, db=db) for m in messages]
    assert listed_ids(db, capsys) == [i for i in everything if not (removed and i == A_SEED)]
    assert main(["export", "--db", str(db)]) == 0
    sources = sources_and_actors(capsys.readouterr().out)[0]
    assert (A_SEED in sources, ITS_PARTNER in sources) == (not removed, True)


def test_a_manifest_added_later_updates_the_stored_article(tmp_path, capsys):
    folder, db = tmp_path / "articles", tmp_path / "t.sqlite"
    folder.mkdir()
    (folder / "talks.txt").write_bytes(b"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov "
                                       b"in Moscow on Monday. Lavrov said Wang would visit Paris next week.")
    outcomes = []
    for manifest in (None, b"file,published,outlet,url,title\ntalks.txt,2024-05-08,TASS,https://tass.com/1,\n", None):
        if manifest:
            (folder / "manifest.csv").write_bytes(manifest)
        assert main(["ingest", str(folder), "--db", str(db)]) == 0
        outcomes.append(capsys.readouterr().err.split(";")[0])
    assert outcomes == ["1 added, 0 updated, 0 already present: 3 events, 3 undated",
                        "0 added, 1 updated, 0 already present: 3 events, 0 undated",
                        "0 added, 0 updated, 1 already present: 3 events, 0 undated"]
    assert main(["articles", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["talks", "2024-05-08", "TASS", "3"]
