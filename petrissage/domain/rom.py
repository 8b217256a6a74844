"""Reference (normal) active range of motion per joint and movement, in degrees.

Pure Python, no Django. Values are the commonly cited adult normals of the American
Academy of Orthopaedic Surgeons: AAOS, "Joint Motion: Method of Measuring and Recording"
(1965) and Greene & Heckman (eds.), "The Clinical Measurement of Joint Motion" (AAOS 1994),
as reproduced in goniometry textbooks (e.g. Norkin & White, appendix of normative values).
They were not re-checked against the primary books here.

`uncertain=True` marks movements where published normals differ widely between sources
(the spine above all: AAOS, AMA Guides and Magee give different numbers, and many clinics
measure lumbar flexion in centimetres rather than degrees). Show those references as a
guide only. Normal range also falls with age; these are young-adult values.
"""

from __future__ import annotations

from dataclasses import dataclass

# A goniometer reading varies by roughly 5-10 degrees between measurements, so a shortfall
# within this fraction of the reference is not flagged. A house convention, not a clinical
# cut-off.
BELOW_REFERENCE_MARGIN = 0.10

SIDES: tuple[str, ...] = ("", "left", "right")


@dataclass(frozen=True)
class RomReference:
    joint: str  # code, e.g. "shoulder"
    joint_label: str
    movement: str  # code, e.g. "external-rotation"
    movement_label: str
    degrees: int
    uncertain: bool = False
    paired: bool = True  # a left and a right joint (False for the spine)

    @property
    def key(self) -> str:
        return f"{self.joint}:{self.movement}"

    @property
    def label(self) -> str:
        return f"{self.joint_label} {self.movement_label.lower()}"


def _joint(
    joint: str,
    label: str,
    movements: tuple[tuple[str, str, int], ...],
    *,
    uncertain: bool = False,
    paired: bool = True,
) -> tuple[RomReference, ...]:
    return tuple(
        RomReference(joint, label, code, text, degrees, uncertain=uncertain, paired=paired)
        for code, text, degrees in movements
    )


_TABLE: tuple[RomReference, ...] = (
    # Cervical spine: AAOS 1994 values; Magee and the AMA Guides give larger flexion,
    # extension and rotation (e.g. rotation 70-90), hence uncertain.
    *_joint(
        "cervical",
        "Cervical spine",
        (
            ("flexion", "Flexion", 45),
            ("extension", "Extension", 45),
            ("rotation", "Rotation", 60),
            ("lateral-flexion", "Lateral flexion", 45),
        ),
        uncertain=True,
        paired=False,
    ),
    # Thoracolumbar spine as AAOS reports it (flexion 80 is the thoracolumbar total;
    # lumbar-only norms are lower and often recorded in cm), hence uncertain.
    *_joint(
        "lumbar",
        "Lumbar spine",
        (
            ("flexion", "Flexion", 80),
            ("extension", "Extension", 25),
            ("lateral-flexion", "Lateral flexion", 35),
            ("rotation", "Rotation", 45),
        ),
        uncertain=True,
        paired=False,
    ),
    *_joint(
        "shoulder",
        "Shoulder",
        (
            ("flexion", "Flexion", 180),
            ("extension", "Extension", 60),
            ("abduction", "Abduction", 180),
            ("external-rotation", "External rotation", 90),
            ("internal-rotation", "Internal rotation", 70),
        ),
    ),
    *_joint("elbow", "Elbow", (("flexion", "Flexion", 150),)),
    *_joint(
        "forearm",
        "Forearm",
        (("pronation", "Pronation", 80), ("supination", "Supination", 80)),
    ),
    *_joint(
        "wrist",
        "Wrist",
        (
            ("flexion", "Flexion", 80),
            ("extension", "Extension", 70),
            ("radial-deviation", "Radial deviation", 20),
            ("ulnar-deviation", "Ulnar deviation", 30),
        ),
    ),
    *_joint(
        "hip",
        "Hip",
        (
            ("flexion", "Flexion", 120),
            ("abduction", "Abduction", 45),
            ("adduction", "Adduction", 30),
            ("internal-rotation", "Internal rotation", 45),
            ("external-rotation", "External rotation", 45),
        ),
    ),
    # Hip extension: AAOS 30, other sources 10-20.
    *_joint("hip", "Hip", (("extension", "Extension", 30),), uncertain=True),
    *_joint("knee", "Knee", (("flexion", "Flexion", 135),)),
    *_joint(
        "ankle",
        "Ankle",
        (
            ("dorsiflexion", "Dorsiflexion", 20),
            ("plantarflexion", "Plantarflexion", 50),
            ("inversion", "Inversion", 35),
            ("eversion", "Eversion", 15),
        ),
    ),
)

_BY_KEY: dict[str, RomReference] = {ref.key: ref for ref in _TABLE}


class UnknownMovement(KeyError):
    """A joint/movement pair that is not in the table."""

    def __init__(self, joint: str, movement: str) -> None:
        super().__init__(f"{joint}:{movement}")
        self.joint = joint
        self.movement = movement

    def __str__(self) -> str:
        return f"No reference range for {self.joint!r} {self.movement!r}."


def all_references() -> tuple[RomReference, ...]:
    return _TABLE


def reference_for(joint: str, movement: str) -> RomReference:
    try:
        return _BY_KEY[f"{joint}:{movement}"]
    except KeyError:
        raise UnknownMovement(joint, movement) from None


def is_known(joint: str, movement: str) -> bool:
    return f"{joint}:{movement}" in _BY_KEY


def joints() -> tuple[tuple[str, str], ...]:
    """(joint code, label) in table order, each once."""
    seen: dict[str, str] = {}
    for ref in _TABLE:
        seen.setdefault(ref.joint, ref.joint_label)
    return tuple(seen.items())


def is_below_reference(degrees: int, reference: int) -> bool:
    """True when the measured range falls short of the reference by more than the margin."""
    return degrees < reference * (1 - BELOW_REFERENCE_MARGIN)


def percent_of_reference(degrees: int, reference: int) -> int:
    return round(100 * degrees / reference) if reference else 0
