/*
 * CLuaRows: query rows straight into Lua tables.
 *
 * A plugin walking 100,000 referrals spent most of its time turning each row into Swift
 * values and each value into a Lua value. This reader steps a prepared, bound SQLite
 * statement and builds each row's table in C. Values it does not take as they are (a
 * date written in another form, an unknown word, a NULL where none belongs, text that
 * is not UTF-8) stop it on that row, so that the host reads the row its own way: the
 * host's reading stays the one definition of what a row means.
 *
 * Nothing here raises a Lua error: the reader runs inside Swift frames (LUA-NOTES.md).
 */
#ifndef CLUAROWS_H
#define CLUAROWS_H

#include "../../CLua/shim.h"

struct sqlite3_stmt;

/** How a column becomes a field. */
enum {
    CLUA_ROWS_INTEGER = 0, /* sqlite3_column_int64 -> integer */
    CLUA_ROWS_REAL = 1,    /* sqlite3_column_double -> float */
    CLUA_ROWS_TEXT = 2,    /* UTF-8 text -> string */
    CLUA_ROWS_DATE = 3,    /* "YYYY-MM-DD HH:MM:SS[.SSS]" (or with T), UTC -> integer seconds */
    CLUA_ROWS_WORD = 4,    /* text that is a key of the column's word table -> that key's value */
    CLUA_ROWS_NULLABLE = 0x10 /* or'ed with a kind: NULL leaves the field out */
};

/** Why the reader stopped. */
enum {
    CLUA_ROWS_FULL = 0,  /* `limit` rows read; the statement was not stepped further */
    CLUA_ROWS_DONE = 1,  /* the statement has no more rows */
    CLUA_ROWS_OTHER = 2, /* the current row has a value the reader does not take (column in `column`) */
    CLUA_ROWS_ERROR = 3  /* sqlite3_step failed (its result in `code`), or the Lua stack could not grow */
};

typedef struct {
    int rows;                /* rows appended */
    int column;              /* CLUA_ROWS_OTHER: the column (0-based) */
    int code;                /* CLUA_ROWS_ERROR: sqlite3_step's result (0 when the stack could not grow) */
    long long last_id;       /* column 0 of the last row appended */
} clua_rows_result;

/**
 * Steps `stmt` (prepared and bound) up to `limit` times and appends each row's table to
 * the table at `page`, at positions `after + 1`, `after + 2`, ...
 *
 * `kinds[c]` says how column c becomes a field; `keys` is a table whose item c + 1 is
 * column c's field name (a string); `words` is a table whose item c + 1, for each
 * CLUA_ROWS_WORD column c, maps each accepted text to the value to store (itself).
 * `meta` (0 for none) is the metatable every row gets. Indices may be relative.
 */
int clua_rows_read(lua_State *L, struct sqlite3_stmt *stmt, const unsigned char *kinds, int ncolumns,
                   int keys, int words, int meta, int page, lua_Integer after, int limit,
                   clua_rows_result *result);

/**
 * Reads a date as the store writes it (UTCDateText.parseStored): 19 or 23 bytes,
 * "YYYY-MM-DD HH:MM:SS" or with 'T', and optionally ".SSS"; returns 1 and the whole
 * seconds since 1970 (milliseconds dropped), or 0 for anything else.
 */
int clua_rows_parse_date(const unsigned char *text, int count, long long *seconds);

#endif
