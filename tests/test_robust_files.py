"""Robustness of files: outputs never replace inputs, only regular files are written,
every write is atomic, reads are bounded by bytes read, CSV cells are inert."""

from __future__ import annotations

import json
import os
import threading

import pytest

import loadplan as lp
from loadplan.cli import main
from loadplan.io import (
    MAX_ORDER_BYTES,
    OrderError,
    OutputError,
    atomic_path,
    atomic_write,
    check_output,
    csv_safe,
    placements_csv,
    read_order,
    write_placements_csv,
)
from loadplan.model import ContainerLoad, LoadPlan, make_placements

ORDER = "sku,diameter_mm,height_mm,quantity\nA,585,880,2\n"


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _small_plan(sku: str = "A", dest: str | None = None) -> LoadPlan:
    p = make_placements([[292.5, 292.5, 440.0]], "z", sku=sku, diameter=585, height=880,
                        weight=10, destination=dest)
    return LoadPlan([ContainerLoad("20GP", p, 80, (dest,))], [])


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.csv").write_text(ORDER, encoding="utf-8")
    (tmp_path / "costs.json").write_text('{"20GP": 1800}', encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------------------
# No output replaces an input or another output
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["-o", "costs.json", "--costs", "costs.json"],
     "costs.json: would overwrite an input file (costs.json)"),
    (["-o", "p.json", "--csv", "costs.json", "--costs", "costs.json"],
     "costs.json: would overwrite an input file (costs.json)"),
    (["-o", "./sub/../order.csv"], "./sub/../order.csv: would overwrite an input file (order.csv)"),
    (["-o", "p.json", "--report", "./p.json"],
     "./p.json: the same file is given twice as an output (p.json)"),
    (["-o", ""], "output file name is empty"),
    (["-o", "p.json", "--csv", ""], "output file name is empty"),
])
def test_outputs_never_replace_inputs(folder, capsys, args, message):
    (folder / "sub").mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    code, out, err = _cli(capsys, "plan", "order.csv", *args)
    assert code == 2
    assert err == f"loadplan: error: {message}\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_hard_link_to_the_order_is_refused(folder, capsys):
    os.link(folder / "order.csv", folder / "alias.csv")
    code, _, err = _cli(capsys, "plan", "order.csv", "-o", "alias.csv")
    assert code == 2
    assert err == "loadplan: error: alias.csv: would overwrite an input file (order.csv)\n"
    assert (folder / "order.csv").read_text(encoding="utf-8") == ORDER


def test_symlink_to_the_costs_is_refused(folder, capsys):
    os.symlink("costs.json", folder / "link.json")
    code, _, err = _cli(capsys, "plan", "order.csv", "--costs", "costs.json", "-o", "link.json")
    assert code == 2
    assert err == ("loadplan: error: link.json: is a symbolic link; "
                   "outputs are written only as regular files\n")
    assert (folder / "costs.json").read_text(encoding="utf-8") == '{"20GP": 1800}'


# ---------------------------------------------------------------------------
# Only regular files are written
# ---------------------------------------------------------------------------

def test_fifo_device_directory_and_dangling_link_are_refused(folder, capsys):
    os.mkfifo(folder / "fifo")
    os.symlink("nowhere.json", folder / "dangling.json")
    (folder / "dir").mkdir()
    cases = {
        "fifo": "fifo: is a named pipe (FIFO)",
        "/dev/null": "/dev/null: is a device",
        "dangling.json": "dangling.json: is a symbolic link",
        "dir": "dir: is a directory",
    }
    for path, what in cases.items():
        code, _, err = _cli(capsys, "plan", "order.csv", "-o", path)
        assert code == 2, path
        assert err == f"loadplan: error: {what}; outputs are written only as regular files\n"
    assert os.path.islink(folder / "dangling.json") and not (folder / "nowhere.json").exists()
    import stat

    assert stat.S_ISFIFO(os.lstat(folder / "fifo").st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("writer", ["atomic_write", "report", "csv"])
def test_api_writers_refuse_non_regular_files(folder, writer):
    os.mkfifo(folder / "fifo")
    with pytest.raises(OutputError, match=r"^fifo: is a named pipe \(FIFO\); outputs are written only"):
        if writer == "atomic_write":
            atomic_write("fifo", "x")
        elif writer == "report":
            lp.report(_small_plan(), "fifo")
        else:
            write_placements_csv(_small_plan(), "fifo")


def test_check_output_refuses_missing_folder(folder):
    with pytest.raises(OutputError, match=r"^nodir/p\.json: folder nodir does not exist$"):
        check_output("nodir/p.json")


# ---------------------------------------------------------------------------
# Atomic writes; temporary names never shown; long names work
# ---------------------------------------------------------------------------

def test_report_failure_leaves_the_old_pdf(folder, monkeypatch):
    from loadplan.reporting import pdf as reporting

    (folder / "old.pdf").write_bytes(b"%PDF-old")

    def broken(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(reporting, "summary_page", broken)
    with pytest.raises(RuntimeError, match="drawing failed"):
        lp.report(_small_plan(), "old.pdf")
    assert (folder / "old.pdf").read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in folder.iterdir()) == ["costs.json", "old.pdf", "order.csv"]


def test_errors_name_the_target_not_the_temporary_file(folder):
    with pytest.raises(OSError) as info:
        with atomic_path("out.json") as tmp:
            raise OSError(28, "No space left on device", str(tmp))
    assert info.value.filename == "out.json"
    assert ".tmp" not in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == ["costs.json", "order.csv"]


@pytest.mark.parametrize("length", [237, 250, 255])
def test_long_file_names_work(folder, capsys, length):
    name = "p" * (length - 5) + ".json"
    assert len(name) == length
    atomic_write(name, "x")
    assert (folder / name).read_text() == "x"
    csv_name = "c" * (length - 4) + ".csv"
    code, out, err = _cli(capsys, "plan", "order.csv", "-o", name, "--csv", csv_name)
    assert (code, err) == (0, "")
    assert json.loads((folder / name).read_text(encoding="utf-8"))["placed_count"] == 2
    assert (folder / csv_name).read_text(encoding="utf-8").count("\n") == 3
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]


def test_temporary_name_is_short(folder):
    with atomic_path("x" * 250 + ".png") as tmp:
        assert tmp.name.startswith(".lp-") and tmp.name.endswith(".tmp.png")
        assert len(tmp.name) <= 24


# ---------------------------------------------------------------------------
# CSV injection (OWASP): formula cells get a leading quote
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("-2+3", "'-2+3"),
    ("+41 phone", "'+41 phone"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("  =1+1", "'  =1+1"),
    ("D-200", "D-200"),
    ("Zürich", "Zürich"),
])
def test_csv_safe(text, expected):
    assert csv_safe(text) == expected


def test_placements_csv_escapes_formulas():
    plan = _small_plan(sku="=cmd|' /C calc'!A0", dest="@SUM(A1)")
    rows = placements_csv(plan).splitlines()
    assert rows[1] == "1,20GP,0,'=cmd|' /C calc'!A0,'@SUM(A1),z,292.5,292.5,440.0,585.0,880.0,10.0"


# ---------------------------------------------------------------------------
# Bounded reads
# ---------------------------------------------------------------------------

def test_dev_zero_order_is_refused_by_bytes_read():
    limit = f"{MAX_ORDER_BYTES:,}"
    with pytest.raises(OrderError, match=rf"^/dev/zero: file too large \(more than {limit} bytes; "
                                         r"the limit is 64 MiB\)$"):
        read_order("/dev/zero")


def test_large_file_message_is_not_a_file_name_complaint(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(MAX_ORDER_BYTES + 1)  # sparse: no disk used
    with pytest.raises(OrderError, match=r"big\.csv: file too large \(more than 67,108,864 bytes"):
        read_order(big)


def test_fifo_order_is_read_bounded(tmp_path):
    fifo = tmp_path / "order.csv"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(ORDER.encode())

    thread = threading.Thread(target=feed)
    thread.start()
    drums = read_order(fifo)
    thread.join()
    assert [(d.sku, d.quantity) for d in drums] == [("A", 2)]


def test_verify_reads_plan_bounded(folder, capsys, monkeypatch):
    import loadplan.io

    monkeypatch.setattr(loadplan.io, "MAX_PLAN_BYTES", 1000)
    code, _, err = _cli(capsys, "verify", "/dev/zero")
    assert code == 2
    assert err == ("loadplan: error: /dev/zero: file too large (more than 1,000 bytes; "
                   "the limit is 0 MiB)\n")


def test_verify_rejects_duplicate_keys(folder, capsys):
    text = _small_plan().to_json()
    assert text.count('"loads":[') == 1 and text.endswith("}")
    doubled = text[:-1] + ',"loads":[]}'
    (folder / "p.json").write_text(doubled, encoding="utf-8")
    code, _, err = _cli(capsys, "verify", "p.json")
    assert code == 2
    assert err == "loadplan: error: p.json: invalid JSON: duplicate key 'loads' in a JSON object\n"
    with pytest.raises(ValueError, match=r"duplicate key 'loads'"):
        LoadPlan.from_json(doubled)


# ---------------------------------------------------------------------------
# Order-file messages
# ---------------------------------------------------------------------------

def test_unterminated_quote_names_its_row():
    text = 'sku,diameter_mm,height_mm,quantity\nA,500,500,1\n"B,500,500,1\nC,500,500,1\n'
    with pytest.raises(OrderError, match=r"^order: row 3: malformed CSV \(unexpected end of data\)$"):
        read_order(text)


def test_huge_json_quantity_names_the_field():
    text = '{"drums": [{"sku": "A", "diameter": 500, "height": 500, "quantity": %s}]}' % ("9" * 5001)
    with pytest.raises(OrderError, match=r"^order: drum 1 \(drums\[0\]\): quantity must be at most "
                                         r"1,000,000 \(got a number of 5,001 digits\)$"):
        read_order(text)
