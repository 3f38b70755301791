"""Check boxes and radio buttons whose state is a character, not only a colour.

Textual draws the same X or dot in a ticked and an unticked button and tells them apart by
colour alone; under NO_COLOR, on a monochrome screen or to a colour-blind user they look the
same. These draw the mark only when the button is on.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedCheckbox(Checkbox):
    """A checkbox that shows an X only when ticked."""

    def on_mount(self) -> None:
        self.watch(self, "value", self._mark, init=True)

    def _mark(self, ticked: bool) -> None:
        self.BUTTON_INNER = "X" if ticked else " "
        self.refresh()


class MarkedRadioButton(RadioButton):
    """A radio button that shows its dot only when it is the one chosen."""

    def on_mount(self) -> None:
        self.watch(self, "value", self._mark, init=True)

    def _mark(self, chosen: bool) -> None:
        self.BUTTON_INNER = "●" if chosen else " "
        self.refresh()
