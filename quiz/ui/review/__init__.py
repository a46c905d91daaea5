"""The review of a drafted pack on a terminal: the app `quiz review` runs, its screen (also opened
from the home screen), the passage with its word selection, and the editing dialogs.
"""
