"""The generic exercise engine: the registry, one checker per kind, feedback, and the answer store.

It imports nothing above itself: session content registers its exercises with
:func:`equitylab.checking.registry.exercise`.
"""
from .ask import ask
from .engine import check, progress, room
from .feedback import Feedback
from .registry import Exercise, exercise, exercises, get_exercise

__all__ = ["ask", "check", "progress", "room", "Feedback", "Exercise", "exercise", "exercises", "get_exercise"]
