"""ParIndex: the platform with which a province runs its Administrative Reform Index."""

__version__ = "0.1.0"
