"""Checks for uploaded clinical documents: type by content (not by name), size, safe names."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}


def sniff_type(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def safe_display_name(name: str) -> str:
    """The last path component, with anything but letters, digits, dot, dash, underscore
    and space replaced; never empty, at most 120 characters."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")[:120]
    return cleaned or "document"


def check_upload(upload: UploadedFile[bytes], field: str = "document") -> tuple[str, str]:
    """Return (extension, content type) of a PDF/PNG/JPEG upload, or raise naming the field."""
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {field: f"The file is {size / 1_048_576:.1f} MB; the limit is 10 MB."}
        )
    if size == 0:
        raise ValidationError({field: "The file is empty."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_type(head)
    if kind is None:
        raise ValidationError({field: "Upload a PDF, PNG or JPEG file."})
    return kind
