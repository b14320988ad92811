#ifndef PORTICO_CSQLITE_SHIM_H
#define PORTICO_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is the destructor `(sqlite3_destructor_type)-1`, a cast Swift cannot import.
/// Binding with it makes SQLite copy the bytes before the call returns, so Swift buffers may be temporary.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// Extended result codes are `(SQLITE_CONSTRAINT | (8<<8))`-style macros, which Swift does not import.
enum {
    CSQLITE_CONSTRAINT_CHECK = SQLITE_CONSTRAINT_CHECK,
    CSQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT_FOREIGNKEY,
    CSQLITE_CONSTRAINT_NOTNULL = SQLITE_CONSTRAINT_NOTNULL,
    CSQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY,
    CSQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE,
};

#endif
