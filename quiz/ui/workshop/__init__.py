"""The workshop's Textual apps: room mode for a projector and the host's dashboard (participants
use a web page, quiz.workshop.web_app), with their screens and widgets.
"""
