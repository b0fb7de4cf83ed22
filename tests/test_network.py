from collections import Counter

import numpy as np
import pandas as pd
import pytest

from timeline.filters import events_frame
from timeline.network import MAX_NODES, build_network, busiest, force_layout, meetings


def frame_of(*actor_lists) -> pd.DataFrame:
    return pd.DataFrame({"actors": [list(actors) for actors in actor_lists]})


@pytest.mark.parametrize("events,actors,pairs", [
    ([("A", "B"), ("B", "A"), ("A",)], {"A": 3, "B": 2}, {("A", "B"): 2}),
    ([("C", "B", "A")], {"A": 1, "B": 1, "C": 1}, {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1}),
    ([("A", "A")], {"A": 1}, {}),
    ([()], {}, {}),
], ids=["pair-twice", "three-make-three-pairs", "repeated-name-once", "no-actor"])
def test_meetings(events, actors, pairs):
    assert meetings(frame_of(*events)) == (Counter(actors), Counter(pairs))


def test_busiest_caps_the_nodes_and_keeps_the_pinned():
    actors = Counter({f"P{i:03d}": 1000 - i for i in range(MAX_NODES + 5)})
    names = busiest(actors, pinned=("P064", "Nobody"))
    assert len(names) == MAX_NODES and names[:2] == ["P064", "P000"]


def test_linked_actors_are_drawn_closer_than_strangers():
    names = ["A", "B", "C", "D"]
    position = dict(zip(names, force_layout(names, Counter({("A", "B"): 5, ("C", "D"): 1}))))
    near = np.linalg.norm(position["A"] - position["B"])
    assert near < np.linalg.norm(position["A"] - position["C"])
    assert near < np.linalg.norm(position["B"] - position["D"])


def test_the_layout_is_repeatable_and_fits_the_frame():
    names = [f"P{i}" for i in range(12)]
    pairs = Counter({(f"P{i}", f"P{i + 1}"): i + 1 for i in range(11)})
    first, second = force_layout(names, pairs), force_layout(names, pairs)
    assert np.array_equal(first, second)
    assert np.abs(first).max() == pytest.approx(1.0)


def test_nodes_carry_their_names_and_every_pair_has_a_hover(seed_events):
    figure = build_network(events_frame(seed_events))
    nodes = figure.data[-1]
    actors, pairs = meetings(events_frame(seed_events))
    assert sorted(nodes.customdata) == sorted(actors)
    hovers = next(t for t in figure.data if t.mode == "markers").hovertext
    assert len(hovers) == len(pairs) and any(h.startswith("Wang Yi – Sergei Lavrov: ") or
                                             h.startswith("Sergei Lavrov – Wang Yi: ") for h in hovers)


def test_names_are_escaped_and_hidden_actors_are_counted():
    many = frame_of(*[("<b>x</b>", f"P{i:03d}") for i in range(MAX_NODES + 3)])
    figure = build_network(many)
    assert "&lt;b&gt;x&lt;/b&gt;" in figure.data[-1].text and "<b>x</b>" not in figure.data[-1].text
    assert "4 less active actors not shown" in figure.layout.title.text


def test_no_actor_explains_itself():
    assert "No named actors" in build_network(frame_of(())).layout.annotations[0].text
