"""The import page: an owner uploads a FHIR R4 Bundle (.json), a bulk NDJSON file or the ZIP
of a whole-practice export and sees the same summary as `manage.py import_fhir`; and
downloads the whole practice as that ZIP (`manage.py export_fhir`, zipped)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from petrissage.audit.services import Actor
from petrissage.fhir.exporting.download import export_file_name, practice_export_zip
from petrissage.fhir.importing.services import fhir_import_upload
from petrissage.practice.access import staff_required
from petrissage.practice.http import StaffRequest
from petrissage.practice.permissions import Action

MAX_UPLOAD = 50 * 1024 * 1024


class FhirUploadForm(forms.Form):
    file = forms.FileField(
        label="FHIR R4 file",
        help_text="A Bundle (.json, transaction or collection), bulk-data NDJSON (.ndjson) or "
        "the .zip of a practice export, up to 50 MB. Importing the same file again changes "
        "nothing.",
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".json", ".ndjson", ".zip")):
            raise forms.ValidationError("Choose a .json Bundle, an .ndjson file or a .zip export.")
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


@require_POST
@staff_required(Action.DATA_EXPORT)
def fhir_export_download(request: StaffRequest) -> FileResponse:
    """Every record of the practice as a ZIP of FHIR R4 NDJSON (audited as fhir.export)."""
    import tempfile

    practice = request.staff.practice
    handle = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 (FileResponse closes it)
    practice_export_zip(
        practice=practice, actor=Actor.for_staff(request.staff, request), into=handle
    )
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=export_file_name(practice))
