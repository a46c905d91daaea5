"""One module per screen of the app: home, how it works, question, feedback, end, review, confirm.

Screens render engine results and post quiz.ui.messages; the app decides where to go next.
"""
