"""Places for the demo clinic: its two locations and the Washington towns its patients
live in. Pure data, no Django. Phone numbers use the 555-0100…0199 range, which is
reserved for fiction, so no demo number reaches a real person."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random


@dataclass(frozen=True)
class DemoLocation:
    name: str
    address_line: str
    city: str
    postal_code: str
    phone: str
    rooms: tuple[str, ...]
    state: str = "WA"


LOCATIONS: tuple[DemoLocation, ...] = (
    DemoLocation(
        name="Seattle – Capitol Hill",
        address_line="1420 E Pine St, Suite 210",
        city="Seattle",
        postal_code="98122",
        phone="(206) 555-0142",
        rooms=("Cedar room", "Sage room", "Fern room"),
    ),
    DemoLocation(
        name="Bellevue",
        address_line="10900 NE 8th St, Suite 1450",
        city="Bellevue",
        postal_code="98004",
        phone="(425) 555-0118",
        rooms=("Alder room", "Madrona room", "Hemlock room"),
    ),
)


@dataclass(frozen=True)
class Town:
    city: str
    area_code: str
    postal_codes: tuple[str, ...]
    weight: int


TOWNS: tuple[Town, ...] = (
    Town(
        "Seattle",
        "206",
        (
            "98102",
            "98103",
            "98105",
            "98107",
            "98112",
            "98115",
            "98117",
            "98118",
            "98122",
            "98144",
            "98199",
        ),
        40,
    ),
    Town("Bellevue", "425", ("98004", "98005", "98006", "98007", "98008"), 16),
    Town("Redmond", "425", ("98052", "98053"), 6),
    Town("Kirkland", "425", ("98033", "98034"), 6),
    Town("Renton", "425", ("98055", "98056", "98057"), 5),
    Town("Issaquah", "425", ("98027", "98029"), 3),
    Town("Sammamish", "425", ("98074", "98075"), 3),
    Town("Mercer Island", "206", ("98040",), 2),
    Town("Shoreline", "206", ("98133", "98155"), 4),
    Town("Burien", "206", ("98146", "98166"), 3),
    Town("Kent", "253", ("98030", "98031", "98032"), 4),
    Town("Tacoma", "253", ("98402", "98403", "98405", "98406"), 3),
    Town("Lynnwood", "425", ("98036", "98037"), 3),
    Town("Everett", "425", ("98201", "98203"), 2),
)

STREETS: tuple[str, ...] = (
    "E Olive Way",
    "15th Ave E",
    "Pine St",
    "Rainier Ave S",
    "Aurora Ave N",
    "NE 65th St",
    "Greenwood Ave N",
    "California Ave SW",
    "Beacon Ave S",
    "NW Market St",
    "Roosevelt Way NE",
    "Lake City Way NE",
    "NE 8th St",
    "148th Ave NE",
    "Bellevue Way NE",
    "Main St",
    "SE 24th St",
    "Lake Washington Blvd",
    "Juanita Dr NE",
    "Avondale Rd NE",
    "Sunset Blvd N",
    "Front St N",
    "228th Ave SE",
    "W Mercer Way",
    "N 175th St",
    "Ambaum Blvd SW",
    "James St",
    "N Pearl St",
    "196th St SW",
    "Colby Ave",
    "Elm Pl",
    "Cedar Ln",
    "Maple Dr",
)

EMPLOYERS: tuple[str, ...] = (
    "Puget Sound Freight Co.",
    "Rainier Valley Builders",
    "Emerald City Logistics",
    "Cascade Ridge Roofing",
    "Evergreen Home Care",
    "Harbor Island Marine Services",
    "Northgate Grocery Co-op",
    "Lakeside School District",
    "Pike Street Bakery",
    "Eastside Warehouse Supply",
    "Sound Transit Maintenance Contractors",
    "Snoqualmie Valley Landscaping",
    "Ballard Fish & Cold Storage",
    "Kent Valley Distribution",
)

AUTO_INSURERS: tuple[str, ...] = (
    "PEMCO Insurance",
    "State Farm",
    "Progressive",
    "Allstate",
    "GEICO",
    "USAA",
)


def demo_phone(rng: Random, area_code: str) -> str:
    """A phone number in the fictional 555-01NN range."""
    return f"({area_code}) 555-01{rng.randint(0, 99):02d}"


def pick_town(rng: Random) -> Town:
    return rng.choices(TOWNS, weights=[town.weight for town in TOWNS])[0]


def street_address(rng: Random) -> str:
    line = f"{rng.randint(100, 24999)} {rng.choice(STREETS)}"
    if rng.random() < 0.3:
        line += f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    return line
