"""Billing pages under /billing/."""

from __future__ import annotations

from django.urls import path

from petrissage.billing import patient_views, setup_views, views

urlpatterns = [
    path("", views.work_queue, name="billing_queue"),
    path("claims/<int:claim_id>/", views.claim_detail, name="billing_claim"),
    path("claims/<int:claim_id>/scrub/", views.claim_scrub, name="billing_claim_scrub"),
    path("claims/<int:claim_id>/payment/", views.claim_payment, name="billing_claim_payment"),
    path("claims/<int:claim_id>/correct/", views.claim_correct, name="billing_claim_correct"),
    path("claims/<int:claim_id>/cms1500.pdf", views.claim_cms1500, name="billing_claim_cms1500"),
    path("export/", views.export_837p, name="billing_export"),
    path("batches/<int:batch_id>/", views.batch_download, name="billing_batch"),
    path("remittances/", views.remittances, name="billing_remittances"),
    path(
        "remittances/<int:remittance_id>/",
        views.remittance_detail,
        name="billing_remittance",
    ),
    path("aging/", views.aging, name="billing_aging"),
    path("setup/", setup_views.billing_setup, name="billing_setup"),
    path("patients/<int:patient_id>/", patient_views.patient_panel, name="billing_patient_panel"),
    path(
        "patients/<int:patient_id>/packages/",
        patient_views.package_sell,
        name="billing_package_sell",
    ),
    path(
        "patients/<int:patient_id>/superbill.pdf",
        patient_views.superbill_pdf,
        name="billing_superbill",
    ),
    path("invoices/<int:invoice_id>/", patient_views.invoice_detail, name="billing_invoice"),
    path("invoices/<int:invoice_id>/pdf", patient_views.invoice_pdf, name="billing_invoice_pdf"),
    path(
        "invoices/<int:invoice_id>/payment/",
        patient_views.invoice_payment,
        name="billing_invoice_payment",
    ),
]
