"""A no-op marker for translatable text.

The rules package must not import Flask or Flask-Babel, yet everything it says to a person
has to be translated. So every user-facing literal is written as ``N_("...")``: at import time
the marker returns the English text unchanged (the msgid); ``pybabel extract -k N_`` finds
the strings; the web layer passes the stored msgid through ``gettext`` when it renders.

Write each sentence whole. If a value must go inside, use a named placeholder
(``%(name)s``), never concatenation.
"""


def N_(message: str) -> str:
    """Mark ``message`` for translation and return it unchanged."""
    return message
