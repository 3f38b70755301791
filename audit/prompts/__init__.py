"""The questionary interview. Imported only by `audit interview`."""
