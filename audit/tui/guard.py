"""Store and answer errors become a message on screen, never a traceback that ends the app.

Whatever the failure (the store locked by another program, a full disk, a damaged file), the
screen stays up, nothing already saved is touched, and the user can try again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.app import App
from textual.widget import Widget

from audit.domain.answers import AnswerError
from audit.storage.files import StoreError

# What a save can fail with: shown on screen, never a traceback.
SAVE_ERRORS = (StoreError, AnswerError)

P = ParamSpec("P")
R = TypeVar("R")
N = TypeVar("N", bound=App[Any] | Widget)  # both can notify


def shows_errors(method: Callable[Concatenate[N, P], R]) -> Callable[Concatenate[N, P], R | None]:
    def guarded(self: N, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except SAVE_ERRORS as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
            return None

    functools.update_wrapper(guarded, method)  # in place: keeps the name Textual looks up
    return guarded
