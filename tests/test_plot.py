"""loadplan.plot and loadplan.display under the Agg backend."""

from __future__ import annotations

import base64
import io
import re
import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from loadplan import plot  # noqa: E402
from loadplan.containers import CONTAINERS  # noqa: E402
from loadplan.model import PLACEMENT_DTYPE, ContainerLoad, LoadPlan, Unplaced, make_placements  # noqa: E402


RNG_SEED = 20251127  # conftest's rng fixture draws this file's cases from this seed


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _columns(x0, nx, ny, d, h, layers, *, axis="z", sku="A", dest=None, weight=10.0):
    """Square grid of drums from x0: standing columns, or lying rows stacked."""
    pts = []
    for i in range(nx):
        for j in range(ny):
            for k in range(layers):
                if axis == "z":
                    pts.append((x0 + d / 2 + i * d, d / 2 + j * d, h / 2 + k * h))
                elif axis == "x":
                    pts.append((x0 + h / 2 + i * h, d / 2 + j * d, d / 2 + k * d))
                else:
                    pts.append((x0 + d / 2 + i * d, h / 2 + j * h, d / 2 + k * d))
    return make_placements(pts, axis, sku=sku, diameter=d, height=h, weight=weight,
                           destination=dest)


def _mixed_load(dest="Shenzhen"):
    a = _columns(0, 4, 4, 585, 880, 2, axis="z", sku="STAND", dest=dest)
    b = _columns(2400, 3, 4, 585, 880, 3, axis="x", sku="LYING", dest=dest)
    c = _columns(5100, 1, 2, 585, 880, 1, axis="y", sku="ACROSS", dest=dest)
    p = np.concatenate([a, b, c])
    p["step"] = np.arange(len(p))
    return ContainerLoad("20GP", p, upper_bound=len(p) + 5, destinations=(dest,),
                         notes=("Chock the lying rows at the doors.",))


def _two_stop_load():
    a = _columns(0, 10, 7, 320, 600, 3, sku="DJ60", dest="Shanghai", weight=6.0)
    b = _columns(3200, 10, 9, 240, 400, 5, sku="DJ40", dest="Surabaya", weight=3.0)
    p = np.concatenate([a, b])
    p["step"] = np.arange(len(p))
    return ContainerLoad("40HC", p, upper_bound=len(p) + 40, destinations=("Surabaya", "Shanghai"))


def _plan():
    return LoadPlan([_mixed_load("Shenzhen"), _two_stop_load()],
                    [Unplaced("DJ30", "Shanghai", 7, "no room left")], cost=4200.0)


def _stand_in(load):
    """Only what the plot functions may rely on: container and placements."""
    c = load.container
    container = types.SimpleNamespace(name=c.name, length=c.length, width=c.width, height=c.height,
                                      door_width=c.door_width, door_height=c.door_height)
    return types.SimpleNamespace(container=container, placements=np.array(load.placements))


def _drawn(ax):
    return len(ax.collections) + len(ax.patches)


# ------------------------------------------------------------------- top / side
@pytest.mark.parametrize("func", [plot.top_view, plot.side_view])
def test_draws_on_given_axes_and_returns_it(func):
    fig, ax = plt.subplots()
    load = _mixed_load()
    out = func(load, ax=ax)
    assert out is ax
    assert _drawn(ax) >= 2  # container outline + drums
    drums = [c for c in ax.collections if len(c.get_paths()) == load.count]
    assert drums, "one collection holds every drum"
    assert ax.get_xlabel().endswith("(m)") and ax.get_ylabel().endswith("(m)")
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["ACROSS", "LYING", "STAND", "standing", "lying (lighter)"]
    # lying drums are a lighter shade of their SKU's colour
    faces = drums[0].get_facecolors()
    assert len(faces) == load.count
    assert faces.sum(axis=1).max() > faces.sum(axis=1).min()


@pytest.mark.parametrize("func", [plot.top_view, plot.side_view, plot.view3d])
def test_without_ax_uses_pyplot(func):
    plt.figure()
    ax = func(_mixed_load())
    assert ax.figure is plt.gcf()
    assert _drawn(ax) >= 1


@pytest.mark.parametrize("func", [plot.top_view, plot.side_view, plot.view3d])
def test_stand_in_is_enough(func):
    ax = func(_stand_in(_two_stop_load()))
    assert ax.get_title().startswith("40HC")


def test_top_view_shapes_follow_the_axis():
    load = _mixed_load()
    ax = plot.top_view(load, ax=plt.figure().add_subplot())
    drums = next(c for c in ax.collections if len(c.get_paths()) == load.count)
    p = load.placements
    # drawn lower first: map each path back by its centre and extent
    for path in drums.get_paths():
        v = path.vertices[:-1] if len(path.vertices) > 32 else path.vertices
        cx, cy = v[:, 0].mean() * 1000, v[:, 1].mean() * 1000
        i = int(np.argmin((p["x"] - cx) ** 2 + (p["y"] - cy) ** 2))
        ex = np.ptp(v[:, 0]) * 1000
        want = p["height"][i] if p["axis"][i] == "x" else p["diameter"][i]
        assert ex == pytest.approx(want, rel=0.02)


def test_lying_drums_are_lighter():
    load = _mixed_load()
    colors = plot.sku_colors(["STAND", "LYING", "ACROSS"])
    p = load.placements
    faces = plot.style.face_colors(p, colors, tint_lying=True)
    plain = plot.style.face_colors(p, colors)
    lying = p["axis"] != "z"
    assert np.all(faces[lying, :3] > plain[lying, :3] - 1e-12)
    assert np.any(faces[lying, :3] > plain[lying, :3])
    np.testing.assert_array_equal(faces[~lying], plain[~lying])


def test_top_view_layers():
    load = _mixed_load()
    levels = plot.layer_levels(load)
    # standing 2 high (0, 880), lying 3 high (0, 585, 1170)
    np.testing.assert_allclose(levels, [0.0, 585.0, 880.0, 1170.0])
    ax = plot.top_view(load, layer=0, ax=plt.figure().add_subplot())
    on_floor = int(np.isclose(load.placements["z"] - np.where(load.placements["axis"] == "z",
                                                               load.placements["height"],
                                                               load.placements["diameter"]) / 2, 0).sum())
    assert max(len(c.get_paths()) for c in ax.collections) == on_floor
    assert "layer 1 of 4" in ax.get_title()
    plot.top_view(load, layer=-1, ax=plt.figure().add_subplot())
    with pytest.raises(IndexError, match="^layer 4 out of range: the load has 4 layers$"):
        plot.top_view(load, layer=4)


def test_side_view_marks_stops_and_zones():
    ax = plot.side_view(_two_stop_load(), ax=plt.figure().add_subplot())
    texts = [t.get_text() for t in ax.texts]
    assert "stop 1: Surabaya" in texts and "stop 2: Shanghai" in texts
    assert any(t.startswith("DJ60 standing") for t in texts)
    assert "doors" in texts and "front wall" in texts


def test_empty_load_draws_container_only():
    load = ContainerLoad("20GP", np.zeros(0, PLACEMENT_DTYPE), upper_bound=0, destinations=(None,))
    for func in (plot.top_view, plot.side_view):
        ax = func(load, ax=plt.figure().add_subplot())
        assert len(ax.patches) >= 1
    plot.view3d(load, ax=plt.figure().add_subplot(projection="3d"))


def test_bad_load_is_a_value_error():
    with pytest.raises(ValueError, match="placements"):
        plot.top_view(types.SimpleNamespace(container=CONTAINERS["20GP"], placements=None))


# ------------------------------------------------------------------- 3D
def test_view3d_draws_cylinders_on_given_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    load = _mixed_load()
    out = plot.view3d(load, ax=ax, sides=10)
    assert out is ax
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    polys = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
    fig.canvas.draw()  # 3D paths are projected at draw time
    # faces turned away from the camera are left out (each drum's front hides them)
    cam = plot.Camera()
    e, a = np.deg2rad(cam.elev), np.deg2rad(cam.azim)
    eye = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])
    seen = plot.view_3d.cylinder_normals(load.placements, 10) @ eye > plot.view_3d.BACK_FACE
    assert load.count * 6 < seen.sum() < load.count * (10 + 2)
    # ... and so are caps inside a stack or row (touching a like drum's cap)
    caps = plot.view_3d.covered_caps(load.placements)
    assert caps.any()
    inside = np.zeros((load.count, 12), dtype=bool)
    inside[:, 10:] = caps
    assert len(polys) == 1 and len(polys[0].get_paths()) == int((seen & ~inside.ravel()).sum())


def test_view3d_leaves_out_only_faces_turned_away():
    p = np.zeros(3, PLACEMENT_DTYPE)
    p["axis"] = ["z", "x", "y"]
    p["diameter"], p["height"] = 500.0, 800.0
    normals = plot.view_3d.cylinder_normals(p, 8).reshape(3, 10, 3)
    # sides face the middle of their arc, caps along the axis: unit vectors
    np.testing.assert_allclose(np.linalg.norm(normals, axis=-1), 1.0)
    np.testing.assert_allclose(normals[0, 8], [0, 0, -1])
    np.testing.assert_allclose(normals[1, 9], [1, 0, 0])
    np.testing.assert_allclose(normals[2, 8], [0, -1, 0])
    np.testing.assert_allclose(normals[0, 0], [np.cos(np.pi / 8), np.sin(np.pi / 8), 0], atol=1e-12)
    # outward: every polygon's normal points from the drum's centre to the polygon
    p["x"], p["y"], p["z"] = [1000.0, 2000.0, 3000.0], 1000.0, 600.0
    polys, owner = plot.view_3d.cylinder_polys(p, 8)
    centres = np.stack([p["x"], p["y"], p["z"]], -1)[owner] / 1000.0
    outward = np.einsum("ij,ij->i", polys.mean(axis=1) - centres, normals.reshape(-1, 3))
    assert (outward > 0).all()


def test_view3d_draws_3000_drums():
    # how long it takes is measured in benchmarks/, not asserted here
    d, h = 180.0, 300.0
    grid = np.stack(np.meshgrid(np.arange(60) * d + d / 2, np.arange(10) * d + d / 2,
                                np.arange(5) * h + h / 2, indexing="ij"), -1).reshape(-1, 3)
    load = ContainerLoad("40HC", make_placements(grid, "z", sku="A", diameter=d, height=h),
                         len(grid), (None,))
    fig = Figure(figsize=(10, 5))
    ax = plot.view3d(load, ax=fig.add_subplot(projection="3d"))
    fig.savefig(io.BytesIO(), format="png", dpi=80)
    assert load.count == 3000
    assert ax.collections


def test_view3d_rejects_2d_axes():
    with pytest.raises(ValueError, match="3D"):
        plot.view3d(_mixed_load(), ax=plt.figure().add_subplot())


def test_cylinders_are_where_the_drums_are(rng):
    n = 40
    p = np.zeros(n, PLACEMENT_DTYPE)
    p["sku"] = "R"
    p["axis"] = rng.choice(["x", "y", "z"], n)
    p["x"], p["y"], p["z"] = rng.uniform(500, 2000, (3, n))
    p["diameter"], p["height"] = rng.uniform(100, 600, (2, n))
    polys, owner = plot.view_3d.cylinder_polys(p, 8)
    for i in range(n):
        pts = polys[owner == i].reshape(-1, 3) * 1000
        ext = pts.max(0) - pts.min(0)
        want = np.full(3, p["diameter"][i])
        want["xyz".index(p["axis"][i])] = p["height"][i]
        # an octagon spans between d cos(22.5°) and d
        assert np.all(ext <= want + 1e-6) and np.all(ext >= want * np.cos(np.pi / 8) - 1e-6)
        np.testing.assert_allclose((pts.max(0) + pts.min(0)) / 2,
                                   [p["x"][i], p["y"][i], p["z"][i]], atol=p["diameter"][i] / 2)


# ------------------------------------------------------------------- overview, colours
def test_plan_overview_returns_a_figure():
    fig = plot.plan_overview(_plan())
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.collections]
    assert len(axes) == 4  # top + side per container
    assert "7 unplaced" in fig._suptitle.get_text()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert any("20GP" in t and "volume" in t for t in titles)
    fig.canvas.draw()


def test_colours_are_deterministic_and_shared():
    a = plot.sku_colors(["b", "a", "c", "a"])
    assert a == plot.sku_colors(["c", "b", "a"])
    assert len(set(a.values())) == 3
    many = plot.sku_colors([f"S{i}" for i in range(30)])
    assert len(set(many.values())) == 30


def test_missing_matplotlib_names_the_fix(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot.top_view(_mixed_load())


# ------------------------------------------------------------------- display
def _png_of(html):
    m = re.search(r'src="data:image/png;base64,([^"]+)"', html)
    assert m, "inline PNG"
    data = base64.b64decode(m.group(1))
    assert data.startswith(b"\x89PNG")
    return data


def test_load_html_has_table_and_picture():
    from loadplan.display import load_html

    load = _mixed_load()
    html = load_html(load)
    assert "<table" in html and "20GP" in html and "Shenzhen" in html
    assert f"{load.count:,}" in html
    _png_of(html)
    assert load._repr_html_() == html
    assert plt.get_fignums() == []  # pyplot untouched


def test_plan_html_lists_containers_and_unplaced():
    from loadplan.display import plan_html

    plan = _plan()
    html = plan_html(plan)
    assert html.count("<tr>") >= 1 + 2 + 1  # header + containers + unplaced
    assert "no room left" in html and "4,200.00" in html
    _png_of(html)
    assert plan._repr_html_() == html


def test_html_escapes_names():
    from loadplan.display import load_html

    p = _columns(0, 1, 1, 500, 500, 1, sku="<b>x</b>", dest="A&B")
    html = load_html(ContainerLoad("20GP", p, upper_bound=1, destinations=("A&B",)))
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "A&amp;B" in html


def test_html_with_names_in_any_script():
    p = make_placements([[300.0, 300.0, 300.0]], "z", sku="鼓", diameter=600, height=600,
                        destination="上海")
    load = ContainerLoad("20GP", p, 10, ("上海",))
    assert "上海" in load._repr_html_() and "<img" in load._repr_html_()
    assert "上海" in LoadPlan((load,), ())._repr_html_()
