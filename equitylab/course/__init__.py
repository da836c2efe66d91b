"""The course: session content (the exercise bank, one module per session), the agenda, student and
instructor notebooks, the handout site and the ``equitylab`` command. It sits above every other layer."""
