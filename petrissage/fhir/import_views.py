"""The import page: an owner uploads a FHIR R4 Bundle (.json) or bulk NDJSON file and sees
the same summary as `manage.py import_fhir`."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import render

from petrissage.audit.services import Actor
from petrissage.fhir.importing.services import fhir_import_upload
from petrissage.practice.access import staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

MAX_UPLOAD = 50 * 1024 * 1024


class FhirUploadForm(forms.Form):
    file = forms.FileField(
        label="FHIR R4 file",
        help_text="A Bundle (.json, transaction or collection) or bulk-data NDJSON (.ndjson), "
        "up to 50 MB. Importing the same file again changes nothing.",
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".json", ".ndjson")):
            raise forms.ValidationError("Choose a .json Bundle or an .ndjson file.")
        if (upload.size or 0) > MAX_UPLOAD:
            raise forms.ValidationError("The file is over 50 MB; use manage.py import_fhir.")
        return upload


@staff_required(Action.DATA_IMPORT)
def fhir_import_page(request: StaffRequest) -> HttpResponse:
    form = FhirUploadForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        summary = fhir_import_upload(
            practice=request.staff.practice,
            actor=Actor.for_staff(request.staff, request),
            name=upload.name or "upload.json",
            content=upload.read(),
        )
        form = FhirUploadForm()
    template = "fhir/import.html#area" if request.htmx else "fhir/import.html"
    return render(request, template, {"form": form, "summary": summary})
