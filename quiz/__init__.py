"""A media-literacy trainer: who says so, and how would anyone check?"""

__version__ = "0.1.0"
