"""Tests for the ``loadplan`` command, each run as a new process in a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLITAR = ROOT / "examples" / "blitar_djembe.csv"
HEADER = "sku,diameter_mm,height_mm,weight_kg,quantity,destination"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("LOADPLAN_DEBUG", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(*args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``loadplan ARGS`` as a new process; check it never prints a traceback."""
    proc = subprocess.run([sys.executable, "-m", "loadplan.cli", *map(str, args)], cwd=cwd,
                          env=_env(), input=stdin, capture_output=True, timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8")  # type: ignore[assignment]
    proc.stderr = proc.stderr.decode("utf-8")  # type: ignore[assignment]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return proc


def assert_usage_error(proc: subprocess.CompletedProcess, *words: str, lines: int = 1) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip().splitlines()
    assert len(err) == lines, proc.stderr
    assert all(line.startswith("loadplan: error: ") for line in err), proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)


# ---------------------------------------------------------------------------
# Start-up: --help is fast and imports nothing heavy
# ---------------------------------------------------------------------------

HEAVY = ("numpy", "numba", "loadplan.pack", "loadplan.kernels", "matplotlib", "shapely")


def _heavy_after(code: str) -> list[str]:
    probe = (code + "\nimport sys, json\n"
             f"print(json.dumps(sorted(m for m in sys.modules if m in {HEAVY!r} "
             f"or m.split('.')[0] in {HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", probe], env=_env(), capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_cli_is_light():
    assert _heavy_after("import loadplan.cli") == []


@pytest.mark.parametrize("argv", [["--help"], ["plan", "--help"], ["fit", "--help"],
                                  ["verify", "--help"], ["demo", "--help"], ["--version"]])
def test_help_imports_nothing_heavy(argv):
    code = ("import contextlib, io\nfrom loadplan.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main({argv!r}) == 0")
    assert _heavy_after(code) == []


def test_help_lists_the_commands(tmp_path):
    # how fast --help answers is measured in benchmarks/ (cold start); here: that it
    # answers, and (above) that it imports nothing heavy
    proc = run("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for command in ("fit", "plan", "verify", "demo"):
        assert command in proc.stdout


@pytest.mark.parametrize("command", ["fit", "plan", "verify", "demo"])
def test_subcommand_help(tmp_path, command):
    proc = run(command, "--help", cwd=tmp_path)
    assert proc.returncode == 0 and "usage: loadplan " + command in proc.stdout
    assert proc.stderr == ""


def test_version(tmp_path):
    proc = run("--version", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("loadplan ")


# ---------------------------------------------------------------------------
# Usage errors: exit 2, one line on stderr
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    ([], ["required: COMMAND"]),
    (["pack"], ["invalid choice: 'pack'"]),
    (["fit", "--height", "880"], ["--diameter"]),
    (["fit", "--diameter", "abc", "--height", "880"], ["diameter must be a number"]),
    (["fit", "--diameter", "nan", "--height", "880"], ["diameter must be finite"]),
    (["fit", "--diameter", "585", "--height", "inf"], ["height must be finite"]),
    (["fit", "--diameter", "0", "--height", "880"], ["diameter must be positive"]),
    (["fit", "--diameter", "-585", "--height", "880"], ["diameter must be positive"]),
    (["fit", "--diameter", "585", "--height", "880", "--weight", "-1"], ["weight must not be negative"]),
    (["fit", "--diameter", "585", "--height", "880", "--axes", "z,q"], ["axes"]),
    (["fit", "--diameter", "585", "--height", "880", "--axes", ""], ["axes"]),
    (["fit", "--diameter", "585", "--height", "880", "--container", "99XX"], ["unknown container '99XX'"]),
    (["fit", "--diameter", "585", "--height", "880", "--container", "20GP,40HC"], ["one container"]),
    (["fit", "--diameter", "585", "--height", "880", "--max-layers", "0"], ["max-layers"]),
    (["fit", "--diameter", "585", "--height", "880", "--bogus"], ["unrecognized arguments: --bogus"]),
    (["plan", "order.csv"], ["-o/--output"]),
    (["plan", "order.csv", "-o", "p.json", "--containers", "20GP,99XX"], ["unknown container '99XX'"]),
    (["plan", "order.csv", "-o", "p.json", "--containers", ","], ["no container"]),
    (["plan", "order.csv", "-o", "p.json", "--stops", "A,B"], ["--stops needs --multi-drop"]),
    (["plan", "order.csv", "-o", "p.json", "--multi-drop", "--stops", "A,A"], ["twice"]),
    (["plan", "order.csv", "-o", "nodir/p.json"], ["does not exist"]),
    (["plan", "order.csv", "-o", "p.json", "--csv", "p.json"], ["twice"]),
    (["plan", "order.csv", "-o", "order.csv"], ["order.csv: would overwrite an input file (order.csv)"]),
    (["plan", "order.csv", "-o", "."], ["is a directory"]),
    (["plan", "missing.csv", "-o", "p.json"], ["missing.csv", "no such file"]),
    (["plan", "order.csv", "-o", "p.json", "--costs", "missing.json"], ["missing.json", "no such file"]),
    (["verify"], ["PLAN.json"]),
    (["verify", "missing.json"], ["missing.json", "no such file"]),
])
def test_usage_errors(tmp_path, args, words):
    (tmp_path / "order.csv").write_text(HEADER + "\nA,585,880,220,10,X\n", encoding="utf-8")
    proc = run(*args, cwd=tmp_path)
    assert_usage_error(proc, *words)
    assert not (tmp_path / "p.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.csv"]


# ---------------------------------------------------------------------------
# Bad orders: exit 2, one line per bad row, nothing written
# ---------------------------------------------------------------------------

BAD_ORDERS = [
    ("empty.csv", b"", ["empty order"], 1),
    ("header.csv", (HEADER + "\r\n").encode(), ["no drum rows"], 1),
    ("nocol.csv", b"sku,diameter_mm,quantity\nA,1,1\n", ["row 1", "height_mm"], 1),
    ("text.csv", (HEADER + "\nA,big,880,1,1,X\n").encode(), ["row 2", "diameter_mm", "number"], 1),
    ("nan.csv", (HEADER + "\nA,nan,880,1,1,X\nB,585,inf,1,1,X\n").encode(), ["row 2", "row 3", "finite"], 2),
    ("size.csv", (HEADER + "\nA,0,880,1,1,X\nB,585,-880,1,1,X\n").encode(), ["row 2", "row 3", "positive"], 2),
    ("frac.csv", (HEADER + "\nA,585,880,1,2.5,X\n").encode(), ["row 2", "quantity", "whole number"], 1),
    ("absurd.csv", (HEADER + "\nA,585,880,1,99999999999,X\n").encode(), ["row 2", "quantity", "at most"], 1),
    ("many.csv", (HEADER + "\nA,x,1,1,1,\nB,585,880,1,1,\nC,1,1,1,0,\nD,1,1,-1,1,\n").encode(),
     ["row 2", "row 4", "row 5"], 3),
    ("bad.json", b'{"drums": [{"sku": "A", "diameter": 585', ["invalid JSON", "line 1"], 1),
    ("fields.json", json.dumps({"drums": [{"sku": "A", "diameter": 585, "height": 0, "quantity": 1}]}).encode(),
     ["drum 1 (drums[0])", "height", "positive"], 1),
    ("garbage.csv", bytes(range(256)) * 4, ["not UTF-8"], 1),
    ("garbage.json", b"\x00\x01\x02binary\xff", ["not UTF-8"], 1),
    ("cp1252.csv", (HEADER + "\nA,585,880,1,1,K\xf6ln\n").encode("cp1252"), ["not UTF-8", "CSV UTF-8"], 1),
]


@pytest.mark.parametrize("name, content, words, lines", BAD_ORDERS, ids=[b[0] for b in BAD_ORDERS])
def test_bad_order_files(tmp_path, name, content, words, lines):
    order = tmp_path / name
    order.write_bytes(content)
    (tmp_path / "plan.json").write_text("old plan")
    proc = run("plan", name, "-o", "plan.json", "--csv", "placements.csv", cwd=tmp_path)
    assert_usage_error(proc, *words, lines=lines)
    assert (tmp_path / "plan.json").read_text() == "old plan"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "plan.json"])


@pytest.mark.parametrize("costs, words", [
    ('{"99XX": 100}', ["unknown container '99XX'"]),
    ('{"20GP": -5}', ["negative"]),
    ("{oops", ["invalid JSON"]),
])
def test_bad_costs(tmp_path, costs, words):
    (tmp_path / "order.csv").write_text(HEADER + "\nA,585,880,220,10,X\n")
    (tmp_path / "costs.json").write_text(costs)
    proc = run("plan", "order.csv", "--costs", "costs.json", "-o", "plan.json", cwd=tmp_path)
    assert_usage_error(proc, *words)
    assert not (tmp_path / "plan.json").exists()


@pytest.mark.parametrize("content, words", [
    (b"", ["invalid JSON"]),
    (b"{not json", ["invalid JSON", "line 1"]),
    (b"[1, 2, 3]", ["not a loadplan plan"]),
    (b'{"drums": []}', ["not a loadplan plan"]),
    (b"\x89PNG\r\n\x1a\n\xff\xfe", ["not a plan file"]),
    (b'{"loads": [{"container": "nope"}], "unplaced": []}', ["not a valid loadplan plan"]),
    (b'{"loads": 5}', ["not a valid loadplan plan"]),
])
def test_verify_bad_files(tmp_path, content, words):
    (tmp_path / "plan.json").write_bytes(content)
    assert_usage_error(run("verify", "plan.json", cwd=tmp_path), *words)


def test_verify_directory(tmp_path):
    (tmp_path / "d").mkdir()
    assert_usage_error(run("verify", "d", cwd=tmp_path), "is a directory")


# ---------------------------------------------------------------------------
# End to end (once the planner, fill and verify exist)
# ---------------------------------------------------------------------------

def test_fit_text_and_json(tmp_path):
    proc = run("fit", "--diameter", "585", "--height", "880", "--weight", "220", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "upper bound" in proc.stdout and "20GP" in proc.stdout
    proc = run("fit", "--diameter", "585", "--height", "880", "--weight", "220", "--container", "40hc",
               "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["container"] == "40HC"
    assert 0 < result["count"] <= result["upper_bound"]
    assert result["gap"] == result["upper_bound"] - result["count"]
    assert sum(result["by_axis"].values()) == result["count"]
    assert result["cargo_weight"] == pytest.approx(220 * result["count"])


def test_fit_standing_only_and_too_big(tmp_path):
    proc = run("fit", "--diameter", "585", "--height", "880", "--axes", "z", "--json", cwd=tmp_path)
    result = json.loads(proc.stdout)
    assert proc.returncode == 0 and set(result["by_axis"]) == {"z"}
    proc = run("fit", "--diameter", "3000", "--height", "3000", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["count"] == 0


def test_plan_blitar_end_to_end(tmp_path):
    proc = run("plan", BLITAR, "-o", "plan.json", "--csv", "placements.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "6,000 of 6,000 drums" in proc.stdout
    from loadplan.model import LoadPlan

    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan.placed_count == 6000 and not plan.unplaced
    rows = (tmp_path / "placements.csv").read_text(encoding="utf-8").strip().splitlines()
    assert len(rows) == 1 + 6000
    proc = run("verify", "plan.json", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == "OK", proc.stdout + proc.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_plan_unicode_excel_order_and_unplaced(tmp_path):
    text = ("sku;diameter_mm;height_mm;weight_kg;quantity;destination\r\n"
            "DJ40;240;400;3,0;50;深圳\r\n"
            "HUGE;3000;3000;10;2;深圳\r\n")
    (tmp_path / "order.csv").write_bytes(("\ufeff" + text).encode("utf-8"))
    proc = run("plan", "order.csv", "-o", "plan.json", "--csv", "p.csv", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "UNPLACED" in proc.stdout and "HUGE" in proc.stdout
    from loadplan.model import LoadPlan

    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert [(u.sku, u.destination, u.quantity) for u in plan.unplaced] == [("HUGE", "深圳", 2)]
    assert plan.placed_count == 50
    assert all(load.destinations == ("深圳",) for load in plan.loads)
    assert "深圳" in (tmp_path / "p.csv").read_text(encoding="utf-8")


def test_plan_from_stdin_json_with_costs_and_containers(tmp_path):
    order = {"drums": [{"sku": "D200", "diameter": 585, "height": 880, "weight": 220, "quantity": 30}]}
    (tmp_path / "costs.json").write_text('{"20GP": 1000, "40HC": 1800}')
    proc = run("plan", "-", "--containers", "20gp,40HC", "--costs", "costs.json", "-o", "plan.json",
               cwd=tmp_path, stdin=json.dumps(order).encode())
    assert proc.returncode == 0, proc.stderr
    from loadplan.model import LoadPlan

    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text())
    assert plan.placed_count == 30
    assert plan.cost == pytest.approx(1000.0)
    assert [load.container.name for load in plan.loads] == ["20GP"]


def test_plan_summary_stays_short(tmp_path):
    (tmp_path / "order.csv").write_text(HEADER + "\nD200,585,880,220,2000,X\n")
    proc = run("plan", "order.csv", "--containers", "40GP", "-o", "plan.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    from loadplan.model import LoadPlan

    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text())
    assert len(plan.loads) > 10  # payload-limited: many identical containers
    lines = proc.stdout.splitlines()
    # totals, two lines for the containers (16 alike, the last), bound, verdict, files
    assert len(lines) == 6, proc.stdout
    n = len(plan.loads)
    assert lines[3].startswith(f"  X: {n} containers; at least {plan.container_bounds[0].lower_bound}"
                               " needed")
    assert lines[4] == "  verified: sound"
    # payload-limited: 26,730 kg // 220 kg = 121 a container; 2,000 = 16 x 121 + 64
    assert n == 17
    assert lines[1].startswith("     1-16. 40GP  -> X: 121 drums each, 26,620 kg,"), proc.stdout
    assert lines[2].startswith("       17. 40GP  -> X: 64 drums, 14,080 kg,"), proc.stdout


def test_plan_multi_drop(tmp_path):
    (tmp_path / "order.csv").write_text(HEADER + "\nA,320,600,6,40,Surabaya\nB,240,400,3,60,Shenzhen\n")
    proc = run("plan", "order.csv", "--multi-drop", "--stops", "Surabaya,Shenzhen", "-o", "plan.json",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    from loadplan.model import LoadPlan

    plan = LoadPlan.from_json((tmp_path / "plan.json").read_text())
    assert len(plan.loads) == 1 and plan.placed_count == 100
    proc = run("plan", "order.csv", "--multi-drop", "--stops", "Surabaya", "-o", "plan2.json", cwd=tmp_path)
    assert_usage_error(proc, "Shenzhen")  # a stop is missing: bad input
    assert not (tmp_path / "plan2.json").exists()


def test_verify_finds_violations(tmp_path):
    import numpy as np

    from loadplan.model import ContainerLoad, LoadPlan, make_placements

    overlap = make_placements(np.array([[300.0, 300.0, 440.0], [400.0, 300.0, 440.0]]), "z", sku="A",
                              diameter=585, height=880)
    plan = LoadPlan((ContainerLoad("20GP", overlap, 80, (None,)),), ())
    (tmp_path / "bad.json").write_text(plan.to_json())
    proc = run("verify", "bad.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.strip() and "OK" != proc.stdout.strip()
    assert "violation" in proc.stderr


def test_demo(tmp_path):
    proc = run("demo", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "plan.json").exists()


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("loadplan")
    if exe is None:
        pytest.skip("the loadplan console script is not on PATH (package not pip-installed)")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0 and "verify" in proc.stdout


# ---------------------------------------------------------------------------
# In-process: the top-level error handling
# ---------------------------------------------------------------------------

def test_internal_error_is_one_line_exit_3(monkeypatch, capsys, tmp_path):
    from loadplan import cli

    def broken(args):
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setattr("loadplan.cli.verify.run", broken)
    monkeypatch.delenv("LOADPLAN_DEBUG", raising=False)
    assert cli.main(["verify", str(tmp_path / "x.json")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error: RuntimeError: kaboom" in err[0]
    monkeypatch.setenv("LOADPLAN_DEBUG", "1")
    with pytest.raises(RuntimeError, match="^kaboom\nsecond line$"):
        cli.main(["verify", str(tmp_path / "x.json")])


def test_value_error_from_a_command_is_bad_input(monkeypatch, capsys):
    from loadplan import cli

    def bad(args):
        raise ValueError("stops does not cover the destination(s) 'X'")

    monkeypatch.setattr("loadplan.cli.verify.run", bad)
    assert cli.main(["verify", "p.json"]) == 2
    assert capsys.readouterr().err == "loadplan: error: stops does not cover the destination(s) 'X'\n"


def test_keyboard_interrupt(monkeypatch, capsys):
    from loadplan import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("loadplan.cli.verify.run", interrupted)
    assert cli.main(["verify", "p.json"]) == 130


# ---------------------------------------------------------------------------
# Fuzz: a damaged plan file gives 0, 1 or 2 from `verify`, never a crash
# ---------------------------------------------------------------------------

def _valid_plan_doc() -> dict:
    from loadplan.model import ContainerLoad, LoadPlan, Unplaced, make_placements

    p = make_placements([[300, 300, 440], [900, 300, 440]], "z", sku="A", diameter=585, height=880,
                        weight=1, destination="X")
    plan = LoadPlan((ContainerLoad("20GP", p, 80, ("X",)),), (Unplaced("B", "X", 1, "too big"),), cost=5.0)
    return json.loads(plan.to_json())


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _paths(value, prefix + (i,))


def _damage(doc, path, value, delete):
    import copy

    doc = copy.deepcopy(doc)
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


# verify.py's NumPy code warns (invalid cast, overflow) on absurd sizes/coordinates such as 1e154;
# it still returns the violations. Reported to its owner; other warnings still fail the test.
@pytest.mark.filterwarnings("ignore::RuntimeWarning:loadplan.verification")
def test_fuzz_verify_damaged_plans(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from loadplan import cli

    base = _valid_plan_doc()
    paths = list(_paths(base))
    leaf = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=5)
            | st.sampled_from(["x", "z", "20GP", "99XX", "", "loadplan.plan"]) | st.just([]) | st.just({}))
    folder = tmp_path_factory.mktemp("fuzz")
    target = folder / "plan.json"

    @settings(max_examples=int(os.environ.get('LOADPLAN_FUZZ_EXAMPLES', 150)), deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(path=st.sampled_from(paths), value=leaf, delete=st.booleans())
    def check(path, value, delete):
        doc = _damage(base, path, value, delete and bool(path))
        target.write_text(json.dumps(doc))
        code = cli.main(["verify", str(target)])
        assert code in (0, 1, 2), (path, value, delete)

    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        check()


def test_report_and_nothing_half_written_when_an_output_fails(tmp_path, monkeypatch, capsys):
    import errno

    import loadplan.reporting
    from loadplan import cli

    order = tmp_path / "order.csv"
    order.write_text(HEADER + "\nA,585,880,220,30,X\n")
    out = [str(tmp_path / n) for n in ("plan.json", "p.csv", "p.pdf")]
    args = ["plan", str(order), "-o", out[0], "--csv", out[1], "--report", out[2]]
    assert cli.main(args) == 0
    assert Path(out[2]).read_bytes().startswith(b"%PDF")
    assert json.loads(Path(out[0]).read_text())["placed_count"] == 30
    before = {p: Path(p).read_bytes() for p in out}
    capsys.readouterr()

    def disk_full(plan, path):
        Path(path).write_bytes(b"%PDF-half")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(loadplan.reporting, "report", disk_full)
    order.write_text(HEADER + "\nA,585,880,220,31,X\n")
    assert cli.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0]
    assert {p: Path(p).read_bytes() for p in out} == before  # old outputs untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.csv", "p.csv", "p.pdf", "plan.json"]


def test_verify_against_the_order(tmp_path):
    import numpy as np

    from loadplan.model import ContainerLoad, LoadPlan, make_placements

    two = make_placements(np.array([[292.5, 292.5, 440.0], [877.5, 292.5, 440.0]]), "z", sku="A",
                          diameter=585, height=880, weight=220, destination="Köln")
    (tmp_path / "plan.json").write_text(LoadPlan((ContainerLoad("20GP", two, 80, ("Köln",)),), ()).to_json(),
                                        encoding="utf-8")
    (tmp_path / "good.csv").write_text(HEADER + "\nA,585,880,220,2,Köln\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text(HEADER + ",orientations\nA,585,880,220,3,Köln,x\n", encoding="utf-8")
    proc = run("verify", "plan.json", "--order", "good.csv", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == "OK", proc.stdout + proc.stderr
    proc = run("verify", "plan.json", "--order", "bad.csv", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert sum("not allowed for 'A'" in line for line in lines) == 2, lines
    assert any("2 placed + 0 unplaced != 3 ordered" in line for line in lines), lines
    assert all(line.startswith(("container 1 (20GP)", "plan:")) for line in lines), lines
    assert_usage_error(run("verify", "plan.json", "--order", "missing.csv", cwd=tmp_path), "missing.csv")


def test_a_closed_pipe_is_not_an_error():
    """``loadplan fit ... | head -0``: the reader is gone before the answer is printed."""
    proc = subprocess.Popen([sys.executable, "-m", "loadplan.cli", "fit", "--diameter", "585",
                             "--height", "880", "--container", "20GP", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with proc:
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=300) == 0
    assert "Broken pipe" not in err and "error" not in err
