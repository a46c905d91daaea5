"""Pack files in and out: safe YAML loading, the pydantic file format and its checks, the article
and its sentences, the pack cache, exports, spreadsheet import and the drafter.
"""
