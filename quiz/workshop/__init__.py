"""Workshops: the model, what participants do and its plan, its queries and rows, the simulator,
the hosted workshop's addresses, limits, web page and web host, following it, and what a
participant sees. No Textual screens (quiz.ui.workshop).
"""
