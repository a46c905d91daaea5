"""The full-screen Textual app: screens, widgets and styles over the quiz engine.

A thin layer: it renders what quiz.core.engine returns and never scores anything itself.
"""
