"""The workshop's Textual apps: room mode for a projector, the host's dashboard and the
participant app, with their screens and widgets.
"""
