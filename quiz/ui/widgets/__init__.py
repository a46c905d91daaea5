"""Widgets shared by several screens: the highlighted passage, the feedback panel, answer buttons.

They render engine results (spans, feedback) as text; content is never parsed as markup.
"""
