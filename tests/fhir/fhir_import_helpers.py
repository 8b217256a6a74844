"""Helpers for the FHIR import/export tests: run an import, write small hand-made inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from petrissage.audit.services import Actor
from petrissage.fhir.importing.services import fhir_import
from petrissage.fhir.importing.summary import ImportSummary
from petrissage.practice.models import Practice

SYNTHEA = Path("synthea/smart-generated-sample-data-R4")
BULK = Path("synthea/sample-bulk-fhir-datasets-10-patients")
WARFARIN_OSTEOPOROSIS = "Adán_Portillo_22bbe238-220e-495c-8abc-0ce3aa28a605.json"
PREGNANT = "Almeda_Conn_67e13ece-8aed-46fa-ab6c-673137d5460e.json"


def run_import(practice: Practice, *paths: Path) -> ImportSummary:
    return fhir_import(practice=practice, actor=Actor.system(practice), paths=list(paths))


def write_bundle(folder: Path, name: str, resources: list[dict[str, Any]]) -> Path:
    """A transaction Bundle of resources (ours, hand-made), with urn:uuid fullUrls."""
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{r['id']}",
                "resource": r,
                "request": {"method": "POST", "url": r["resourceType"]},
            }
            for r in resources
        ],
    }
    path = folder / name
    path.write_text(json.dumps(bundle), "utf-8")
    return path


def patient(rid: str = "p-1", **overrides: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": rid,
        "identifier": [{"system": "urn:oid:1.2.3.4", "value": f"MRN-{rid}"}],
        "name": [{"use": "official", "family": "Rivera", "given": ["Ana"]}],
        "gender": "female",
        "birthDate": "1980-04-02",
        **overrides,
    }


def condition(rid: str, code: str, display: str, subject: str = "urn:uuid:p-1") -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": rid,
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": "active",
                }
            ]
        },
        "code": {
            "coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}]
        },
        "subject": {"reference": subject},
        "onsetDateTime": "2020-01-05T10:00:00+00:00",
    }
