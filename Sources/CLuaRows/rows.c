/*
 * The page reader: SQLite rows to Lua tables without host values in between.
 */
#include "CLuaRows.h"
#include <sqlite3.h>
#include <string.h>

/* `width` decimal digits at `start`, or -1. */
static long long clua_rows_digits(const unsigned char *s, int start, int width) {
    long long value = 0;
    for (int i = start; i < start + width; i++) {
        int d = (int)s[i] - '0';
        if (d < 0 || d > 9) return -1;
        value = value * 10 + d;
    }
    return value;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
   (UTCDateText.daysSince1970; `/` truncates toward zero in both languages). */
static long long clua_rows_days(long long year, long long month, long long day) {
    long long y = month <= 2 ? year - 1 : year;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long year_of_era = y - era * 400;
    long long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

int clua_rows_parse_date(const unsigned char *s, int n, long long *seconds) {
    if (n != 19 && n != 23) return 0;
    if (s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return 0;
    long long year = clua_rows_digits(s, 0, 4), month = clua_rows_digits(s, 5, 2), day = clua_rows_digits(s, 8, 2);
    long long hour = clua_rows_digits(s, 11, 2), minute = clua_rows_digits(s, 14, 2), second = clua_rows_digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return 0;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return 0;
    if (n == 23 && (s[19] != '.' || clua_rows_digits(s, 20, 3) < 0)) return 0;
    /* The host rounds the instant down to whole seconds: with 0-999 ms that is `second`. */
    *seconds = clua_rows_days(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return 1;
}

/* Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or values above
   U+10FFFF): what Swift's String keeps as it is rather than repairing. */
static int clua_rows_utf8(const unsigned char *s, int n) {
    int i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        int len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else return 0;
        if (i + len > n) return 0;
        if (s[i + 1] < lo || s[i + 1] > hi) return 0;
        for (int k = 2; k < len; k++) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
        }
        i += len;
    }
    return 1;
}

/* The most columns a row may have, and the most words all word columns may have. */
#define CLUA_ROWS_MAX_COLUMNS 64
#define CLUA_ROWS_MAX_WORDS 64

/* What one call reads with: the field names and the accepted words, each pushed once
   on the stack so that a row copies them (lua_pushvalue) instead of looking them up. */
typedef struct {
    int keys;                                   /* stack index of column 0's name */
    int first[CLUA_ROWS_MAX_COLUMNS];           /* a word column's first word */
    int count[CLUA_ROWS_MAX_COLUMNS];           /* ... and how many it has */
    const char *word[CLUA_ROWS_MAX_WORDS];      /* the accepted text (a key of the word table) */
    size_t length[CLUA_ROWS_MAX_WORDS];
    int value[CLUA_ROWS_MAX_WORDS];             /* stack index of the value to store */
} clua_rows_plan;

/* Pushes the names and words of `plan`; 0 when the stack cannot grow or there are too
   many words. The word tables stay reachable from `words`, so their keys stay valid. */
static int clua_rows_prepare(lua_State *L, const unsigned char *kinds, int ncolumns, int keys, int words,
                             clua_rows_plan *plan) {
    if (!lua_checkstack(L, ncolumns + CLUA_ROWS_MAX_WORDS + 8)) return 0;
    plan->keys = lua_gettop(L) + 1;
    for (int c = 0; c < ncolumns; c++) lua_rawgeti(L, keys, c + 1);
    int n = 0;
    for (int c = 0; c < ncolumns; c++) {
        plan->first[c] = n;
        plan->count[c] = 0;
        if ((kinds[c] & 0x0F) != CLUA_ROWS_WORD) continue;
        if (lua_rawgeti(L, words, c + 1) != LUA_TTABLE) {
            lua_pop(L, 1);
            continue;  /* no words: every value of the column goes to the host */
        }
        int table = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, table) != 0) {
            if (lua_type(L, -2) != LUA_TSTRING || n == CLUA_ROWS_MAX_WORDS) {
                lua_pop(L, 3);
                return 0;
            }
            plan->word[n] = lua_tolstring(L, -2, &plan->length[n]);
            /* Keep the value below the table and the key. */
            lua_insert(L, table);
            table++;
            plan->value[n] = table - 1;
            n++;
            plan->count[c]++;
        }
        lua_pop(L, 1);  /* the word table (still held by `words`) */
    }
    return 1;
}

/* Pushes the value of column c; 0 (nothing pushed) when the reader does not take it.
   The value comes from sqlite3_column_value: one checked call per column, where
   sqlite3_column_type and then _int64 or _text and _bytes made two or three (the
   statement is stepped by one thread, so the unprotected value is safe to read). */
static int clua_rows_push(lua_State *L, sqlite3_value *value, int c, int kind, int type, const clua_rows_plan *plan) {
    switch (kind) {
    case CLUA_ROWS_INTEGER:
        lua_pushinteger(L, (lua_Integer)sqlite3_value_int64(value));
        return 1;
    case CLUA_ROWS_REAL:
        lua_pushnumber(L, (lua_Number)sqlite3_value_double(value));
        return 1;
    case CLUA_ROWS_TEXT: {
        const unsigned char *text = sqlite3_value_text(value);
        int n = sqlite3_value_bytes(value);
        if (text == NULL || !clua_rows_utf8(text, n)) return 0;
        lua_pushlstring(L, (const char *)text, (size_t)n);
        return 1;
    }
    case CLUA_ROWS_DATE: {
        if (type != SQLITE_TEXT) return 0;
        const unsigned char *text = sqlite3_value_text(value);
        long long seconds;
        if (text == NULL || !clua_rows_parse_date(text, sqlite3_value_bytes(value), &seconds)) return 0;
        lua_pushinteger(L, (lua_Integer)seconds);
        return 1;
    }
    case CLUA_ROWS_WORD: {
        if (type != SQLITE_TEXT) return 0;
        const unsigned char *text = sqlite3_value_text(value);
        if (text == NULL) return 0;
        size_t n = (size_t)sqlite3_value_bytes(value);
        for (int w = plan->first[c]; w < plan->first[c] + plan->count[c]; w++) {
            if (plan->length[w] == n && memcmp(plan->word[w], text, n) == 0) {
                lua_pushvalue(L, plan->value[w]);
                return 1;
            }
        }
        return 0;
    }
    default:
        return 0;
    }
}

int clua_rows_read(lua_State *L, struct sqlite3_stmt *stmt, const unsigned char *kinds, int ncolumns,
                   int keys, int words, int meta, int page, lua_Integer after, int limit,
                   clua_rows_result *result) {
    result->rows = 0;
    result->column = -1;
    result->code = 0;
    if (ncolumns < 1 || ncolumns > CLUA_ROWS_MAX_COLUMNS) return CLUA_ROWS_ERROR;
    int base = lua_gettop(L);
    keys = lua_absindex(L, keys);
    words = lua_absindex(L, words);
    page = lua_absindex(L, page);
    if (meta != 0) meta = lua_absindex(L, meta);
    clua_rows_plan plan;
    if (!clua_rows_prepare(L, kinds, ncolumns, keys, words, &plan)) {
        lua_settop(L, base);
        return CLUA_ROWS_ERROR;
    }
    int status = CLUA_ROWS_FULL;
    int types[CLUA_ROWS_MAX_COLUMNS];
    sqlite3_value *values[CLUA_ROWS_MAX_COLUMNS];
    while (result->rows < limit) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) {
            status = CLUA_ROWS_DONE;
            break;
        }
        if (rc != SQLITE_ROW) {
            result->code = rc;
            status = CLUA_ROWS_ERROR;
            break;
        }
        /* Size the table for the fields it will hold: NULLs leave theirs out. */
        int present = 0;
        for (int c = 0; c < ncolumns; c++) {
            values[c] = sqlite3_column_value(stmt, c);
            types[c] = sqlite3_value_type(values[c]);
            if (types[c] != SQLITE_NULL) present++;
            else if (!(kinds[c] & CLUA_ROWS_NULLABLE)) {
                result->column = c;
                status = CLUA_ROWS_OTHER;
                break;
            }
        }
        if (status == CLUA_ROWS_OTHER) break;
        int row = lua_gettop(L) + 1;
        lua_createtable(L, 0, present);
        for (int c = 0; c < ncolumns; c++) {
            if (types[c] == SQLITE_NULL) continue;
            lua_pushvalue(L, plan.keys + c);
            if (!clua_rows_push(L, values[c], c, kinds[c] & 0x0F, types[c], &plan)) {
                lua_settop(L, row - 1);
                result->column = c;
                status = CLUA_ROWS_OTHER;
                break;
            }
            lua_rawset(L, row);
        }
        if (status == CLUA_ROWS_OTHER) break;
        if (meta != 0) {
            lua_pushvalue(L, meta);
            lua_setmetatable(L, row);
        }
        result->rows++;
        lua_rawseti(L, page, after + result->rows);
        result->last_id = sqlite3_column_int64(stmt, 0);
    }
    lua_settop(L, base);
    return status;
}
