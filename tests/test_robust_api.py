"""API misuse and names: plan_many names the failing order and keeps the good plans,
--stops can name the stop without a destination, names are drawn as written."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import loadplan as lp
from loadplan.cli import main
from loadplan.scale import PlanManyError, plan_many


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _orders():
    return [[lp.Drum("A", 585, 880, quantity=3)], [1, 2], [lp.Drum("B", 585, 880, quantity=2)],
            [lp.Drum("C", 585, 880, quantity=2, destination="X")]]


@pytest.mark.parametrize("threads", [False, True])
def test_plan_many_names_the_failing_order_and_keeps_the_rest(threads):
    kwargs = {"containers": ("20GP",)}
    with pytest.raises(PlanManyError) as info:
        if threads:
            with ThreadPoolExecutor(max_workers=2) as pool:
                plan_many(_orders(), executor=pool, **kwargs)
        else:
            plan_many(_orders(), **kwargs)
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error) == ("1 of 4 orders could not be planned (3 planned; they are in .results)\n"
                          "orders[1]: drums[0] must be a Drum, got int")
    assert sorted(error.errors) == [1]
    assert error.results[1] is None
    good = [lp.plan(o, **kwargs).to_json() for o in _orders() if o != [1, 2]]
    assert [r.to_json() for r in error.results if r is not None] == good


def test_plan_many_reports_every_bad_order():
    orders = [[lp.Drum("A", 585, 880)], "x"]
    with pytest.raises(TypeError, match=r"orders\[1\] must be a sequence of Drum, got str"):
        plan_many(orders)
    with pytest.raises(PlanManyError) as info:
        plan_many([[lp.Drum("A", 585, 880)], [], [lp.Drum("B", 585, 880)]], containers=("99XX",))
    assert sorted(info.value.errors) == [0, 1, 2]
    assert str(info.value).splitlines()[0] == ("3 of 3 orders could not be planned "
                                               "(0 planned; they are in .results)")


# ---------------------------------------------------------------------------
# --stops: "-" is the stop of lines without a destination
# ---------------------------------------------------------------------------

HEADER = "sku,diameter_mm,height_mm,weight_kg,quantity,destination"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.csv").write_text(HEADER + "\nA,585,880,10,20,Surabaya\nB,585,880,10,15,\n",
                                    encoding="utf-8")
    return tmp_path


def test_stops_name_lines_without_destination(folder, capsys):
    # a value starting with "-" needs the "=" form (argparse would take it for an option)
    for stops, order in (("--stops=-,Surabaya", (None, "Surabaya")),
                         ("--stops=Surabaya,-", ("Surabaya", None))):
        code, out, err = _cli(capsys, "plan", "o.csv", "--multi-drop", stops, "-o", "p.json")
        assert (code, err) == (0, "")
        plan = lp.LoadPlan.from_json((folder / "p.json").read_text(encoding="utf-8"))
        assert plan.placed_count == 35 and len(plan.loads) == 1
        assert plan.loads[0].destinations == order
        assert lp.verify(plan) == []


def test_stops_missing_the_no_destination_stop_says_how_to_name_it(folder, capsys):
    code, _, err = _cli(capsys, "plan", "o.csv", "--multi-drop", "--stops", "Surabaya", "-o", "p.json")
    assert code == 2
    assert err == ("loadplan: error: --stops does not name the destination(s) - of the order "
                   "(write - for the lines without a destination)\n")
    assert not (folder / "p.json").exists()


def test_stops_dash_is_ambiguous_when_a_destination_is_named_dash(folder, capsys):
    (folder / "o.csv").write_text(HEADER + "\nA,585,880,10,20,-\nB,585,880,10,15,\n", encoding="utf-8")
    code, _, err = _cli(capsys, "plan", "o.csv", "--multi-drop", "--stops=-", "-o", "p.json")
    assert code == 2
    assert err == ("loadplan: error: --stops: '-' means the lines without a destination, but the "
                   "order also has a destination named '-'; rename it\n")


def test_stops_are_normalised_like_destinations(folder, capsys):
    (folder / "o.csv").write_text(HEADER + "\nA,585,880,10,20,Zu\u0308rich\n", encoding="utf-8")
    code, _, err = _cli(capsys, "plan", "o.csv", "--multi-drop", "--stops", "Z\u00fcrich",
                        "-o", "p.json")
    assert (code, err) == (0, "")


# ---------------------------------------------------------------------------
# Names are drawn as written: no math text
# ---------------------------------------------------------------------------

def test_dollar_names_are_literal_in_the_report(tmp_path):
    names = ["A$x^2$", "B$\\undefined{$"]
    drums = [lp.Drum(n, 585, 880, quantity=3, destination="$\\frac{1}{0}$") for n in names]
    plan = lp.plan(drums, multi_drop=False)
    path = lp.report(plan, tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for name in names + ["$\\frac{1}{0}$"]:
        assert name in text, name


def test_dollar_names_are_literal_in_plots():
    import io

    import matplotlib

    matplotlib.use("Agg")
    from loadplan import plot

    plan = lp.plan([lp.Drum("A$x^2$", 585, 880, quantity=3, destination="$\\frac{1}{0}$")])
    with plot.unicode_text():
        ax = plot.top_view(plan.loads[0])
        texts = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
        assert all(not t.get_parse_math() for t in ax.figure.findobj(matplotlib.text.Text))
        ax.figure.savefig(io.BytesIO(), format="png")
    assert any("A$x^2$" in t for t in texts), texts
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
    assert json.loads(plan.to_json())["loads"][0]["placements"][0]["sku"] == "A$x^2$"


# Found by tests/test_planner_mixed.py's random orders (the sku did not name the weight):
# read_order refuses one sku with two weights or sizes ("row 3: sku 'S' has a different
# weight than on row 2"); plan() used to accept it and return a plan its own verifier
# condemned. It refuses it now, naming both lines.
def test_plan_refuses_one_sku_with_two_types():
    with pytest.raises(ValueError, match=r"^drums\[1\]: sku 'S' has a different weight than drums\[0\] "
                                         r"\(3\.0 vs 1\.5\); one sku is one drum type$"):
        lp.plan([lp.Drum("S", 180, 300, 1.5, quantity=1, destination="X"),
                 lp.Drum("S", 180, 300, 3.0, quantity=1, destination="X")])


def test_plan_names_the_drum_too_small_for_the_engine():
    # the same range as read_order checks at the door (docs/decisions.md "Supported ranges"),
    # named by the drum's index and sku instead of a message from deep inside the fill
    with pytest.raises(ValueError, match=r"^drums\[1\] \(sku 'tiny'\): Ø50 x 50 mm is too small: up to "
                                         r"776,760 would fit a 40HC by volume; the supported limit is "
                                         r"100,000 drums of one type per container$"):
        lp.plan([lp.Drum("ok", 585, 880, 1.0, quantity=1), lp.Drum("tiny", 50, 50, 1.0, quantity=10)])


def test_ten_small_drums_are_planned_and_verified():
    # the work follows the order, not the container's capacity (a 20GP holds ~25,000 of them)
    p = lp.plan([lp.Drum("S", 110, 200, 1.0, quantity=10)])
    assert (p.placed_count, p.unplaced_count, p.violations) == (10, 0, ())
    assert [load.container.name for load in p.loads] == ["20GP"]
    assert lp.verify(p) == []
