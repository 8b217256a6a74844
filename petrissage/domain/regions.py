"""Coded body regions for the body chart (front and back views, 200 x 480 viewBox).

Each region has a stable code ("upper-trapezius-left"), a plain label, the view(s) it is
drawn on, laterality, an *area* (the coarse group contraindication rules match on) and a
SNOMED CT body-structure code with the laterality qualifier.

Code rule (DESIGN.md): never invent a code. Every SNOMED CT code below was seen in the
public artefact named in `snomed_source`. Where no code for the exact structure could be
confirmed, the region carries the nearest confirmed *broader* structure and
`snomed_match == "broader"` (e.g. levator scapulae -> Neck structure). `verified` is False
only for a region whose code could not be confirmed at all (none at present; the flag is
kept so a future region can be added honestly before its code is found).

Drawing convention: the figure faces the viewer on the front view (the patient's right is
on the viewer's left) and faces away on the back view (the patient's right is on the
viewer's right). Shapes are given once for the viewer's left side and mirrored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

View = Literal["front", "back", "both"]
Laterality = Literal["left", "right", "midline"]
DrawnView = Literal["front", "back"]

AREAS: tuple[str, ...] = (
    "head",
    "neck",
    "shoulder",
    "upper back",
    "lower back",
    "trunk",
    "arm",
    "hand",
    "hip",
    "thigh",
    "leg",
    "foot",
)

# Laterality qualifiers, seen in the eHealth Belgium DRP laterality ValueSet (hl7-be) and
# the HL7 radiotherapy TG263 -> SNOMED CT ConceptMap.
LEFT = ("7771000", "Left")
RIGHT = ("24028007", "Right")
BILATERAL = ("51440002", "Bilateral")

_DICOM_REGION = "DICOM PS3.16 CID 4031 Common Anatomic Region (bvdh/dicom-terminology-in-fhir)"
_DICOM_MUSCLE = "DICOM PS3.16 CID 6116 Muscular Anatomy (bvdh/dicom-terminology-in-fhir)"
_TG263 = "HL7 radiotherapy IG ConceptMap TG263 -> SNOMED CT"
_BE_DRP = "eHealth Belgium DRP body-site ValueSet (hl7-be)"
_PUBLIC_TEXT = "public FHIR/SNOMED CT artefacts (immunization-site table; finding-site rules)"


class UnknownRegion(KeyError):
    """Raised for a region code that is not in the table."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"Unknown body region {self.code!r}; see petrissage.domain.regions.all_regions()."


@dataclass(frozen=True)
class Snomed:
    code: str
    display: str
    source: str


@dataclass(frozen=True)
class Shape:
    """One SVG element of a region on one view: an ellipse or a polygon."""

    view: DrawnView
    kind: Literal["ellipse", "polygon"]
    ellipse: tuple[float, float, float, float] = (0, 0, 0, 0)  # cx, cy, rx, ry
    points: tuple[tuple[float, float], ...] = ()

    def attrs(self) -> dict[str, str]:
        """SVG attributes for the element named by `kind`."""
        if self.kind == "ellipse":
            cx, cy, rx, ry = self.ellipse
            return {"cx": _num(cx), "cy": _num(cy), "rx": _num(rx), "ry": _num(ry)}
        return {"points": " ".join(f"{_num(x)},{_num(y)}" for x, y in self.points)}

    def mirrored(self) -> Shape:
        if self.kind == "ellipse":
            cx, cy, rx, ry = self.ellipse
            return Shape(self.view, "ellipse", ellipse=(VIEWBOX_WIDTH - cx, cy, rx, ry))
        points = tuple((VIEWBOX_WIDTH - x, y) for x, y in self.points)
        return Shape(self.view, "polygon", points=points)


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    view: View
    laterality: Laterality
    area: str
    snomed_code: str
    snomed_display: str
    snomed_match: Literal["exact", "broader"]
    snomed_source: str
    shapes: tuple[Shape, ...]
    verified: bool = True

    @property
    def laterality_code(self) -> str | None:
        """SNOMED CT laterality qualifier (None for midline structures)."""
        return {"left": LEFT[0], "right": RIGHT[0]}.get(self.laterality)

    @property
    def laterality_display(self) -> str | None:
        return {"left": LEFT[1], "right": RIGHT[1]}.get(self.laterality)


VIEWBOX_WIDTH = 200
VIEWBOX_HEIGHT = 480
VIEWBOX = f"0 0 {VIEWBOX_WIDTH} {VIEWBOX_HEIGHT}"


def _num(value: float) -> str:
    return f"{value:g}"


def _ell(cx: float, cy: float, rx: float, ry: float) -> tuple[str, tuple[float, ...]]:
    return ("ellipse", (cx, cy, rx, ry))


def _poly(*points: float) -> tuple[str, tuple[float, ...]]:
    return ("polygon", points)


def _shape(view: DrawnView, spec: tuple[str, tuple[float, ...]]) -> Shape:
    kind, numbers = spec
    if kind == "ellipse":
        cx, cy, rx, ry = numbers
        return Shape(view, "ellipse", ellipse=(cx, cy, rx, ry))
    pairs = tuple(zip(numbers[0::2], numbers[1::2], strict=True))
    return Shape(view, "polygon", points=pairs)


def _views(view: View) -> tuple[DrawnView, ...]:
    return ("front", "back") if view == "both" else (view,)


def _lateral_shapes(
    view: View, side: Laterality, spec: tuple[str, tuple[float, ...]]
) -> tuple[Shape, ...]:
    """Shapes for one side; `spec` is drawn on the viewer's left and mirrored as needed."""
    shapes = []
    for drawn in _views(view):
        base = _shape(drawn, spec)
        on_viewer_left = (drawn == "front") == (side == "right")
        shapes.append(base if on_viewer_left else base.mirrored())
    return tuple(shapes)


# SNOMED CT body structures used below, with where each was seen.
NECK = Snomed("45048000", "Neck structure", _DICOM_REGION)
HEAD = Snomed("69536005", "Head structure", _DICOM_REGION)
SCALP = Snomed("41695006", "Scalp structure", _TG263)
TEMPORALIS = Snomed("52927003", "Structure of temporalis muscle", _TG263)
MASSETER = Snomed("79368004", "Masseter muscle structure", _TG263)
SCM = Snomed("22823000", "Structure of sternocleidomastoid muscle", _TG263)
TRAPEZIUS = Snomed("31764008", "Trapezius muscle", _DICOM_MUSCLE)
ERECTOR_SPINAE = Snomed("44947003", "Erector spinae muscle", _DICOM_MUSCLE)
LATISSIMUS = Snomed("15665001", "Latissimus dorsi muscle", _DICOM_MUSCLE)
DELTOID = Snomed("35259002", "Deltoid muscle", _DICOM_MUSCLE)
PECTORALIS = Snomed("60005003", "Pectoralis major muscle", _DICOM_MUSCLE)
BACK_OF_TRUNK = Snomed("727234005", "Entire back of trunk", _BE_DRP)
LOWER_BACK = Snomed("37822005", "Lower back structure", _PUBLIC_TEXT)
SACRUM = Snomed("54735007", "Sacrum", _DICOM_REGION)
BUTTOCK = Snomed("46862004", "Buttock structure", _PUBLIC_TEXT)
SHOULDER = Snomed("16982005", "Shoulder region structure", _DICOM_REGION)
UPPER_ARM = Snomed("40983000", "Upper arm", _DICOM_REGION)
ELBOW = Snomed("127949000", "Elbow region structure", _BE_DRP)
FOREARM = Snomed("14975008", "Forearm structure", _DICOM_REGION)
WRIST = Snomed("74670003", "Wrist joint", _DICOM_REGION)
HAND = Snomed("85562004", "Hand structure", _DICOM_REGION)
ABDOMEN = Snomed("818981001", "Abdomen", _DICOM_REGION)
HIP = Snomed("29836001", "Hip region structure", _DICOM_REGION)
THIGH = Snomed("68367000", "Thigh structure", _DICOM_REGION)
KNEE = Snomed("72696002", "Knee region structure", _DICOM_REGION)
SHIN = Snomed("78234002", "Shin structure", _BE_DRP)
CALF = Snomed("244015008", "Entire calf of leg", _BE_DRP)
ANKLE = Snomed("344001", "Ankle region structure", _BE_DRP)
FOOT = Snomed("56459004", "Foot structure", _DICOM_REGION)

THORAX = Snomed("51185008", "Thoracic structure", _BE_DRP)

_Row = tuple[str, str, View, str, Snomed, str]

# Paired regions: (code stem, label, view, area, SNOMED CT structure, exact/broader).
_PAIRED: tuple[_Row, ...] = (
    ("temporalis", "Temporalis", "front", "head", TEMPORALIS, "exact"),
    ("masseter", "Masseter / jaw", "front", "head", MASSETER, "exact"),
    ("scm", "Front of neck (SCM)", "front", "neck", SCM, "exact"),
    ("upper-trapezius", "Upper trapezius", "back", "neck", TRAPEZIUS, "broader"),
    ("levator-scapulae", "Levator scapulae", "back", "neck", NECK, "broader"),
    ("deltoid", "Deltoid", "both", "shoulder", DELTOID, "exact"),
    ("rotator-cuff", "Shoulder / rotator cuff", "back", "shoulder", SHOULDER, "broader"),
    ("pectorals", "Pectorals", "front", "trunk", PECTORALIS, "exact"),
    ("rhomboids", "Rhomboids", "back", "upper back", BACK_OF_TRUNK, "broader"),
    ("latissimus-dorsi", "Latissimus dorsi", "back", "upper back", LATISSIMUS, "exact"),
    ("lumbar-paraspinals", "Lumbar paraspinals", "back", "lower back", ERECTOR_SPINAE, "broader"),
    ("quadratus-lumborum", "Quadratus lumborum", "back", "lower back", LOWER_BACK, "broader"),
    ("gluteals", "Gluteals", "back", "hip", BUTTOCK, "exact"),
    ("biceps", "Biceps / front of upper arm", "front", "arm", UPPER_ARM, "broader"),
    ("triceps", "Triceps / back of upper arm", "back", "arm", UPPER_ARM, "broader"),
    ("elbow", "Elbow", "both", "arm", ELBOW, "exact"),
    ("forearm-flexors", "Forearm flexors", "front", "arm", FOREARM, "broader"),
    ("forearm-extensors", "Forearm extensors", "back", "arm", FOREARM, "broader"),
    ("wrist", "Wrist", "front", "hand", WRIST, "exact"),
    ("hand", "Hand", "both", "hand", HAND, "exact"),
    ("hip", "Hip / hip flexors", "front", "hip", HIP, "exact"),
    ("quadriceps", "Quadriceps", "front", "thigh", THIGH, "broader"),
    ("adductors", "Adductors / inner thigh", "front", "thigh", THIGH, "broader"),
    ("it-band", "IT band / outer thigh", "front", "thigh", THIGH, "broader"),
    ("hamstrings", "Hamstrings", "back", "thigh", THIGH, "broader"),
    ("knee", "Knee", "front", "leg", KNEE, "exact"),
    ("anterior-shin", "Anterior shin", "front", "leg", SHIN, "exact"),
    ("calf", "Calf (gastrocnemius / soleus)", "back", "leg", CALF, "exact"),
    ("ankle", "Ankle", "front", "foot", ANKLE, "exact"),
    ("foot", "Top of foot", "front", "foot", FOOT, "broader"),
    ("plantar-fascia", "Sole / plantar fascia", "back", "foot", FOOT, "broader"),
)

# Midline regions: (code, label, view, area, SNOMED CT structure, exact/broader).
_MIDLINE: tuple[_Row, ...] = (
    ("scalp", "Scalp", "back", "head", SCALP, "exact"),
    ("suboccipitals", "Suboccipitals", "back", "neck", NECK, "broader"),
    ("cervical-paraspinals", "Cervical paraspinals", "back", "neck", ERECTOR_SPINAE, "broader"),
    (
        "thoracic-paraspinals",
        "Thoracic paraspinals",
        "back",
        "upper back",
        ERECTOR_SPINAE,
        "broader",
    ),
    ("sacrum", "Sacrum", "back", "lower back", SACRUM, "exact"),
    ("abdomen", "Abdomen", "front", "trunk", ABDOMEN, "exact"),
    ("sternum-chest", "Centre of chest", "front", "trunk", THORAX, "broader"),
)

# Shapes: paired ones are drawn on the viewer's left and mirrored; midline ones as given.
_SHAPES: dict[str, tuple[str, tuple[float, ...]]] = {
    "temporalis": _ell(84, 30, 6, 9),
    "masseter": _ell(88, 52, 5, 7),
    "scm": _poly(89, 62, 95, 62, 97, 80, 91, 80),
    "upper-trapezius": _poly(93, 82, 62, 90, 64, 98, 94, 92),
    "levator-scapulae": _ell(87, 72, 4, 8),
    "deltoid": _ell(56, 104, 10, 14),
    "rotator-cuff": _ell(73, 110, 9, 11),
    "pectorals": _ell(80, 112, 16, 12),
    "rhomboids": _poly(94, 98, 84, 100, 84, 126, 94, 128),
    "latissimus-dorsi": _poly(66, 128, 92, 140, 90, 174, 70, 170),
    "lumbar-paraspinals": _poly(88, 178, 97, 178, 97, 214, 88, 214),
    "quadratus-lumborum": _poly(74, 180, 86, 180, 86, 212, 76, 212),
    "gluteals": _ell(80, 240, 17, 17),
    "biceps": _ell(50, 140, 7, 20),
    "triceps": _ell(50, 140, 7, 20),
    "elbow": _ell(46, 168, 6, 6),
    "forearm-flexors": _poly(40, 176, 52, 176, 48, 218, 38, 218),
    "forearm-extensors": _poly(40, 176, 52, 176, 48, 218, 38, 218),
    "wrist": _ell(40, 227, 6, 5),
    "hand": _ell(38, 247, 8, 14),
    "hip": _ell(76, 228, 10, 12),
    "quadriceps": _poly(70, 250, 90, 250, 89, 330, 76, 330),
    "adductors": _poly(92, 252, 99, 252, 98, 315, 91, 318),
    "it-band": _poly(63, 248, 68, 248, 74, 330, 70, 330),
    "hamstrings": _poly(72, 262, 97, 262, 95, 335, 77, 335),
    "knee": _ell(84, 345, 10, 10),
    "anterior-shin": _poly(80, 360, 90, 360, 88, 430, 82, 430),
    "calf": _ell(84, 392, 11, 28),
    "ankle": _ell(84, 445, 7, 5),
    "foot": _ell(82, 463, 9, 11),
    "plantar-fascia": _ell(84, 463, 8, 11),
    "scalp": _ell(100, 28, 20, 17),
    "suboccipitals": _ell(100, 58, 14, 4),
    "cervical-paraspinals": _poly(95, 64, 105, 64, 105, 84, 95, 84),
    "thoracic-paraspinals": _poly(95, 96, 105, 96, 105, 174, 95, 174),
    "sacrum": _poly(90, 220, 110, 220, 100, 246),
    "abdomen": _poly(76, 135, 124, 135, 126, 205, 74, 205),
    "sternum-chest": _poly(96, 98, 104, 98, 104, 130, 96, 130),
}


def _region(
    code: str, label: str, row: _Row, side: Laterality, shapes: tuple[Shape, ...]
) -> Region:
    _, _, view, area, sct, match = row
    return Region(
        code=code,
        label=label,
        view=view,
        laterality=side,
        area=area,
        snomed_code=sct.code,
        snomed_display=sct.display,
        snomed_match="exact" if match == "exact" else "broader",
        snomed_source=sct.source,
        shapes=shapes,
    )


def _build() -> dict[str, Region]:
    table: dict[str, Region] = {}
    for row in _PAIRED:
        stem, label, view = row[0], row[1], row[2]
        for side in ("left", "right"):
            shapes = _lateral_shapes(view, side, _SHAPES[stem])
            table[f"{stem}-{side}"] = _region(
                f"{stem}-{side}", f"{label}, {side}", row, side, shapes
            )
    for row in _MIDLINE:
        code, label, view = row[0], row[1], row[2]
        shapes = tuple(_shape(v, _SHAPES[code]) for v in _views(view))
        table[code] = _region(code, label, row, "midline", shapes)
    return table


_REGIONS = _build()

# A plain silhouette per view for the template to draw under the regions.
OUTLINE: tuple[tuple[str, tuple[float, ...]], ...] = (
    _ell(100, 36, 22, 27),  # head
    _poly(90, 60, 110, 60, 112, 84, 88, 84),  # neck
    _poly(62, 86, 138, 86, 132, 230, 68, 230),  # trunk
    _poly(46, 92, 62, 88, 58, 176, 36, 176),  # right/left upper arm (viewer's left)
    _poly(154, 92, 138, 88, 142, 176, 164, 176),  # upper arm (viewer's right)
    _poly(36, 176, 54, 176, 46, 262, 28, 258),  # forearm and hand (viewer's left)
    _poly(164, 176, 146, 176, 154, 262, 172, 258),  # forearm and hand (viewer's right)
    _poly(68, 230, 99, 230, 96, 470, 72, 475),  # leg (viewer's left)
    _poly(132, 230, 101, 230, 104, 470, 128, 475),  # leg (viewer's right)
)  # fmt: skip


def outline_shapes(view: DrawnView) -> tuple[Shape, ...]:
    """The body silhouette for one view."""
    return tuple(_shape(view, spec) for spec in OUTLINE)


def region(code: str) -> Region:
    """The region with this code; raises UnknownRegion for an unknown code."""
    try:
        return _REGIONS[code]
    except KeyError:
        raise UnknownRegion(code) from None


def is_region(code: str) -> bool:
    return code in _REGIONS


def all_regions() -> tuple[Region, ...]:
    return tuple(_REGIONS.values())


def regions_in_area(area: str, side: Laterality | None = None) -> tuple[Region, ...]:
    """Regions of an area; with `side`, only that side's regions (midline excluded)."""
    if area not in AREAS:
        raise ValueError(f"Unknown body area {area!r}; areas are: {', '.join(AREAS)}.")
    return tuple(
        r for r in _REGIONS.values() if r.area == area and (side is None or r.laterality == side)
    )


def regions_on_view(view: DrawnView) -> tuple[Region, ...]:
    return tuple(r for r in _REGIONS.values() if any(s.view == view for s in r.shapes))
