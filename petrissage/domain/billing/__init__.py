"""Billing core: CPT table, units from minutes, NCCI-style edits, 837P writer.

Pure Python; nothing here imports Django (enforced by the import-linter contract).
"""
