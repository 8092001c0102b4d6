"""runready: may I run after leg day? Explained advice for athletes who lift and run."""

__version__ = "0.1.0"
