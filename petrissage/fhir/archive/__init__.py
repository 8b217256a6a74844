"""Petrissage records carried in export_fhir / import_fhir (Basic + petrissage-record)."""
