"""Reviewing a drafted pack without a screen: the session (items in review order, checked edits,
undo, saving), the words of a passage a selection moves over, and where a cue is likely to be.
"""
