"""The longest text a stored session keeps, per field: one definition for importers and tables."""

from __future__ import annotations

#: A session's name: a track name, a workout title (runready_heuristic: longer is not a title).
SESSION_NAME_MAX_CHARS = 200
#: An exercise's name as logged ("Squat (Barbell)").
EXERCISE_NAME_MAX_CHARS = 200
#: The sport as the file names it ("running/trail", a GPX <type>, a Strava Activity Type).
SPORT_MAX_CHARS = 60
#: The file's own id of an activity (a TCX Id, a Strava activity id, a Hevy title and start).
EXTERNAL_ID_MAX_CHARS = 64
