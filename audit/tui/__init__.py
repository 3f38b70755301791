"""The Textual front end. Imported only when `audit` opens the full-screen app."""
