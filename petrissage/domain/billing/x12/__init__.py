"""X12 837P (005010X222A1) writer: model dataclasses, segment builders, envelope."""
