"""`quiz draft`: a first pack from a news article, sentence by sentence, for a person to review;
and `quiz draft --evaluate`, which scores the drafter against labelled packs.
"""
