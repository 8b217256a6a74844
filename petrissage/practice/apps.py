from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "petrissage.practice"
    label = "practice"
    verbose_name = "Practices and staff"

    def ready(self) -> None:
        from petrissage.practice import signals  # noqa: F401  (auth events → audit)
