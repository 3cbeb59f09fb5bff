"""SQLModel tables and enums.

Import table classes from their modules (``models.case``, ``models.party`` …) or all of them
through ``models.tables``; ``models.enums`` stays free of SQL imports.
"""
