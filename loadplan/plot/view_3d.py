"""The 3D view of one container: every drum as a low-poly cylinder in the container's wireframe."""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

import numpy as np

from loadplan.plot.style import (DOOR, MM, WALL, colors_for, container_of, face_colors, get_ax,
                                 placements_of, sku_legend, view_title)

__all__ = ["view3d", "Camera", "cylinder_polys", "cylinder_normals", "BACK_FACE", "covered_caps"]


def cylinder_polys(placements: np.ndarray, sides: int) -> tuple[np.ndarray, np.ndarray]:
    """Low-poly cylinders: per drum ``sides`` side quads and two caps.

    Returns polygons ``(n * (sides + 2), sides, 3)`` in metres (quads padded
    by repeating corners, so everything fits one array) and the index of the
    drum each polygon belongs to.
    """
    n = len(placements)
    k = sides
    t = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    r = placements["diameter"] / MM / 2.0
    hh = placements["height"] / MM / 2.0
    centre = np.stack([placements["x"], placements["y"], placements["z"]], -1) / MM
    # local frame: ring in the (u, v) plane, axis along w
    ring = np.zeros((n, k, 3))  # offsets of the ring from the axis
    axis_vec = np.zeros((n, 3))
    for name, w, (iu, iv) in (("z", 2, (0, 1)), ("x", 0, (1, 2)), ("y", 1, (0, 2))):
        sel = placements["axis"] == name
        if not sel.any():
            continue
        ring[sel, :, iu] = r[sel, None] * c[None, :]
        ring[sel, :, iv] = r[sel, None] * s[None, :]
        axis_vec[sel, w] = hh[sel]
    bottom = centre[:, None, :] + ring - axis_vec[:, None, :]  # (n, k, 3)
    top = centre[:, None, :] + ring + axis_vec[:, None, :]
    nxt = np.roll(np.arange(k), -1)
    quads = np.stack([bottom, bottom[:, nxt], top[:, nxt], top], axis=2)  # (n, k, 4, 3)
    reps = np.full(4, k // 4)
    reps[: k % 4] += 1
    quads = np.repeat(quads, reps, axis=2)  # (n, k, k, 3)
    polys = np.concatenate([quads, bottom[:, None], top[:, None]], axis=1)  # (n, k+2, k, 3)
    owner = np.repeat(np.arange(n), k + 2)
    return polys.reshape(n * (k + 2), k, 3), owner


@dataclasses.dataclass(frozen=True)
class Camera:
    """Where the 3D view looks from.

    Attributes
    ----------
    elev, azim : float
        Camera angles in degrees (default: from above the door side).
    zoom : float
        Passed to :meth:`~mpl_toolkits.mplot3d.axes3d.Axes3D.set_box_aspect`;
        larger fills more of the axes (a long container leaves room).
    """

    elev: float = 28.0
    azim: float = -58.0
    zoom: float = 1.45


def view3d(
    load: Any,
    *,
    ax: Any = None,
    colors: Mapping[str, Any] | None = None,
    sides: int | None = None,
    legend: bool = True,
    title: bool = True,
    camera: Camera = Camera(),
    rasterized: bool = False,
) -> Any:
    """3D view: every drum as a low-poly cylinder inside the container's wireframe.

    All drums go into one :class:`~mpl_toolkits.mplot3d.art3d.Poly3DCollection`
    (depth-sorted per face), so a few thousand drums draw in seconds.

    Parameters
    ----------
    load : ContainerLoad
        The load to draw.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        Pre-existing 3D axes; otherwise the current figure's 3D axes or a new
        one (``projection="3d"``).
    colors : mapping, optional
        ``{sku: colour}``; by default :func:`sku_colors` of the load's SKUs.
    sides : int, optional
        Polygon sides per cylinder (default 12, 8 above 1,500 drums).
    legend, title : bool, default True
        Add a SKU legend and a title.
    camera : Camera, optional
        Camera angles and zoom (default ``Camera()``: from above the door side).
    rasterized : bool, default False
        Draw the drums as an image in vector output (PDF/SVG): much smaller
        and faster files for thousands of drums.

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
        Axes in metres; the doors are the red frame at x = length.

    Raises
    ------
    ValueError
        If ``ax`` is not a 3D axes.
    """
    placements = placements_of(load)
    container = container_of(load)
    ax = get_ax(ax, projection="3d")
    if getattr(ax, "name", None) != "3d":
        raise ValueError("ax must be a 3D axes (projection='3d')")
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    colors = colors_for(placements, colors)
    n = len(placements)
    if sides is None:
        sides = 12 if n <= 1500 else 8
    sides = max(int(sides), 4)
    if n:
        polys, faces = _shaded_cylinders(placements, colors, sides, camera)
        coll = Poly3DCollection(polys, facecolors=faces, edgecolors="none", linewidths=0.0,
                                rasterized=rasterized, zorder=2)
        ax.add_collection3d(coll, autolim=False)  # the limits are set below
    _wireframe(ax, container, camera)
    L, W, H = container.length / MM, container.width / MM, container.height / MM
    ax.set_xlim(0, L)
    ax.set_ylim(0, W)
    ax.set_zlim(0, H)
    ax.set_box_aspect((L, W, H), zoom=camera.zoom)
    ax.view_init(elev=camera.elev, azim=camera.azim)
    ax.set_xlabel("x (m)", labelpad=6)
    ax.set_ylabel("y (m)", labelpad=-2)
    ax.set_zlabel("z (m)", labelpad=-2)
    ax.tick_params(labelsize="x-small", pad=0)
    if title:
        ax.set_title(view_title(load, "3D view"), fontsize="medium")
    if legend:
        sku_legend(ax, colors, placements, orientation_key=False)
    return ax


def cylinder_normals(placements: np.ndarray, sides: int) -> np.ndarray:
    """Outward unit normals of the polygons of :func:`cylinder_polys`, in the same order.

    Side quad ``j`` faces the middle of its arc; the two caps face along the
    drum's axis (bottom, then top).
    """
    n, k = len(placements), sides
    mid = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False) + np.pi / k
    normals = np.zeros((n, k + 2, 3))
    for name, w, (iu, iv) in (("z", 2, (0, 1)), ("x", 0, (1, 2)), ("y", 1, (0, 2))):
        sel = placements["axis"] == name
        normals[sel, :k, iu] = np.cos(mid)
        normals[sel, :k, iv] = np.sin(mid)
        normals[sel, k, w] = -1.0
        normals[sel, k + 1, w] = 1.0
    return normals.reshape(n * (k + 2), 3)


def covered_caps(placements: np.ndarray) -> np.ndarray:
    """Which caps (bottom, top) of each drum touch the cap of a like drum: never visible.

    Two drums with the same axis, diameter and centre line that meet end to
    end (a stack of standing drums, a row of drums lying along x) share one
    disc inside their union: neither cap can be seen from anywhere. Matched
    to 0.01 mm.

    Parameters
    ----------
    placements : numpy.ndarray
        The drums.

    Returns
    -------
    numpy.ndarray
        Boolean ``(n, 2)``: column 0 the cap at the low end of the axis
        (polygon ``sides`` of :func:`cylinder_polys`), column 1 the high end.
    """
    n = len(placements)
    out = np.zeros((n, 2), dtype=bool)
    if n == 0:
        return out
    def cmm(a: np.ndarray) -> list[int]:  # mm to whole 0.01 mm
        return np.round(np.asarray(a, dtype=float) * 100.0).astype(np.int64).tolist()

    x, y, z = placements["x"], placements["y"], placements["z"]
    axis = placements["axis"]
    centre = np.where(axis == "x", x, np.where(axis == "y", y, z))
    u = np.where(axis == "x", y, x)  # the two other coordinates
    v = np.where(axis == "z", y, z)
    half = placements["height"] / 2.0
    keys = list(zip(axis.tolist(), cmm(u), cmm(v), cmm(placements["diameter"])))
    lows = [k + (c,) for k, c in zip(keys, cmm(centre - half))]
    highs = [k + (c,) for k, c in zip(keys, cmm(centre + half))]
    starts, ends = set(lows), set(highs)
    out[:, 0] = [k in ends for k in lows]  # another drum ends where this one starts
    out[:, 1] = [k in starts for k in highs]
    return out


BACK_FACE = -0.3
"""Polygons whose normal makes a cosine below this with the direction to the camera are
left out: the drum's own front faces hide them (the margin covers the perspective)."""


def _shaded_cylinders(placements: np.ndarray, colors: Mapping[str, Any], sides: int,
                      camera: Camera) -> tuple[np.ndarray, np.ndarray]:
    """The cylinders' polygons that can face the camera and their colours, shaded by a fixed light."""
    n = len(placements)
    polys, owner = cylinder_polys(placements, sides)
    faces = face_colors(placements, colors)[owner]
    # simple fixed shading: side faces by where they point, caps lighter
    t = np.linspace(0.0, 2.0 * np.pi, sides, endpoint=False)
    side_shade = 0.62 + 0.38 * (0.5 + 0.5 * np.cos(t - np.deg2rad(camera.azim + 60.0)))
    shade = np.tile(np.concatenate([side_shade, [0.55, 1.0]]), n)
    faces = faces.copy()
    faces[:, :3] = np.clip(faces[:, :3] * shade[:, None], 0.0, 1.0)
    seen = cylinder_normals(placements, sides) @ _towards_camera(camera) > BACK_FACE
    inside = np.zeros((n, sides + 2), dtype=bool)
    inside[:, sides:] = covered_caps(placements)
    seen &= ~inside.reshape(-1)
    return polys[seen], faces[seen]


def _towards_camera(camera: Camera) -> np.ndarray:
    """Unit vector from the scene towards the camera."""
    e, a = np.deg2rad(camera.elev), np.deg2rad(camera.azim)
    return np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])


def _wireframe(ax: Any, container: Any, camera: Camera) -> None:
    """The container's edges and the door frame.

    Edges on the faces that look at the camera are in front of every drum
    (the drums are inside the box), the others behind.
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection

    L, W, H = container.length / MM, container.width / MM, container.height / MM
    ax.computed_zorder = False
    view = _towards_camera(camera)
    size = np.array([L, W, H])
    near = np.where(view > 0, size, 0.0)  # the coordinate of each front face
    corners = np.array([[x, y, z] for x in (0, L) for y in (0, W) for z in (0, H)])
    front, back = [], []
    for i in range(8):
        for j in range(i + 1, 8):
            if np.count_nonzero(corners[i] != corners[j]) != 1:
                continue
            same = corners[i] == corners[j]  # the two faces the edge lies on
            on_front = any(same[k] and corners[i][k] == near[k] for k in range(3))
            (front if on_front else back).append(corners[[i, j]])
    if back:
        ax.add_collection3d(Line3DCollection(back, colors=WALL, linewidths=0.6, zorder=1))
    if front:
        ax.add_collection3d(Line3DCollection(front, colors=WALL, linewidths=0.9, zorder=3))
    dw, dh = container.door_width / MM, container.door_height / MM
    y0, y1 = (W - dw) / 2, (W + dw) / 2
    door = np.array([[L, y0, 0], [L, y0, dh], [L, y1, dh], [L, y1, 0]])
    ax.add_collection3d(Line3DCollection([door[[0, 1]], door[[1, 2]], door[[2, 3]]], colors=DOOR,
                                         linewidths=1.6, zorder=3 if view[0] > 0 else 1))
