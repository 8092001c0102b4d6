"""runready: may I run after leg day? Explained, evidence-based advice for athletes who lift and run."""

__version__ = "0.1.0"
