"""Core values → files other tools read: FIT workouts for watches."""
