from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "petrissage.billing"
    label = "billing"
    verbose_name = "Billing: payers, charges, claims, payments and invoices"
