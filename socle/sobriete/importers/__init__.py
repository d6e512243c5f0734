"""Inventory import formats. Each reader turns a file (or the GLPI API) into numbered raw rows
(``list[tuple[int, dict]]``, canonical column names); ``rows.clean_row`` validates one row.
Formats register in ``READERS`` (kind -> dotted path of a ``read(data: bytes) -> list`` callable).
"""

READERS = {
    "csv": "socle.sobriete.importers.tabular.read_csv",
    "ods": "socle.sobriete.importers.tabular.read_ods",
    "glpi_csv": "socle.sobriete.importers.tabular.read_csv",
    "glpi_agent": "socle.sobriete.importers.glpi_agent.read",
}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


class ImportFileError(ValueError):
    """The whole file is unusable (encoding, size, no known column): said in French."""
