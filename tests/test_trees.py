"""The trees walked in memory (`directory.trees`): what the facets' order, depths and counts rest on."""

from types import SimpleNamespace

from directory.trees import Tree, upward


def node(pk, parent_id=None):
    return SimpleNamespace(pk=pk, parent_id=parent_id)


def test_a_walk_up_gives_the_node_and_those_above_it_nearest_first():
    parents = {3: 2, 2: 1, 1: None}

    assert list(upward(3, parents.get)) == [3, 2, 1]


def test_a_walk_up_stops_at_a_loop_and_gives_each_node_once():
    parents = {1: 2, 2: 3, 3: 1}

    assert list(upward(1, parents.get)) == [1, 2, 3]


def test_a_walk_up_tells_model_like_nodes_apart_by_their_pk():
    top = SimpleNamespace(pk=1, parent=None)
    middle = SimpleNamespace(pk=2, parent=top)
    top.parent = SimpleNamespace(pk=2, parent=top)  # the same row as `middle`, read again

    assert [found.pk for found in upward(middle, lambda found: found.parent)] == [2, 1]


def test_depth_first_keeps_the_order_given_among_nodes_with_the_same_parent():
    tree = Tree([node(1), node(2, 1), node(3), node(4, 1), node(5, 4)])

    assert [found.pk for found in tree.depth_first()] == [1, 2, 4, 5, 3]
    assert [tree.depth(pk) for pk in (1, 2, 4, 5, 3)] == [0, 1, 1, 2, 0]


def test_depth_first_leaves_out_nodes_in_a_loop():
    tree = Tree([node(1), node(2, 3), node(3, 2)])

    assert [found.pk for found in tree.depth_first()] == [1]
