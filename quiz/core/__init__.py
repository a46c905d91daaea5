"""The pure domain: packs as played, scoring, the quiz engine, records, the study schedule, history
figures, names and wording. No file formats, SQLite, command line, Textual or Rich in here.
"""
