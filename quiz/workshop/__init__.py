"""Workshops: the model and its plan, its queries, the simulator, the web server and what a
participant sees. Everything but the screens (those are quiz.ui.workshop).
"""
