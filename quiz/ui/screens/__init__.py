"""One module per screen of the app: home, item (question and feedback in place), end, review,
history, learner, how it works, confirm.

Screens render engine results and post quiz.ui.messages; the app decides where to go next.
"""
