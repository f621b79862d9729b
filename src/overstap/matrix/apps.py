from django.apps import AppConfig


class MatrixConfig(AppConfig):
    name = "overstap.matrix"
    label = "matrix"
    verbose_name = "Overstapmatrix"

    def ready(self) -> None:
        # Load and validate the matrix now, so a malformed data file stops start-up instead of a page later.
        from .loader import get_matrix

        get_matrix()
