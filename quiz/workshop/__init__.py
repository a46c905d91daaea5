"""Workshops: the model and its plan, its queries, the simulator, the addresses and web server of
a hosted workshop, following it, and what a participant sees. No screens (quiz.ui.workshop).
"""
