"""The learner's progress on disk: the SQLite file, its schema and migrations, connections,
recording answers, progress queries and planning a resumed run.
"""
