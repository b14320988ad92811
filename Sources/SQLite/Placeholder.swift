// SQLite: placeholder, replaced by the SQLite implementation.
