/*
 * What patterns.c (the matcher, find, match, gmatch) shares with patterns_gsub.c.
 * Not part of the module's public header: Swift never sees these.
 */
#ifndef CLUA_PATTERNS_INTERNAL_H
#define CLUA_PATTERNS_INTERNAL_H

#include "CLuaShim.h"
#include <stddef.h>

/* How deep the matcher may recurse (Lua's own bound, so the same patterns are refused). */
#define CLUA_PM_MAX_DEPTH 200
/* Captures per pattern (Lua's LUA_MAXCAPTURES). */
#define CLUA_PM_MAX_CAPTURES 32
/* Steps between two charges against the run's limits. */
#define CLUA_PM_QUANTUM 4096
/* Capture lengths that are not lengths. */
#define CLUA_PM_CAP_OPEN (-1)     /* '(' seen, ')' not yet */
#define CLUA_PM_CAP_POSITION (-2) /* '()' */

typedef struct {
    const char *init;
    ptrdiff_t len; /* a length, CLUA_PM_CAP_OPEN or CLUA_PM_CAP_POSITION */
} clua_pm_capture;

/* One matching job: a subject, a pattern, the captures of the current attempt. */
typedef struct {
    lua_State *L;
    const char *s_init; /* subject (NUL-terminated, as every Lua string) */
    const char *s_end;
    const char *p_end;  /* pattern end (NUL-terminated too) */
    int depth;          /* recursion levels left */
    int level;          /* captures in use */
    long steps;         /* work not yet charged */
    clua_pm_capture cap[CLUA_PM_MAX_CAPTURES];
} clua_pm_state;

void clua_pm_init(clua_pm_state *ms, lua_State *L, const char *s, size_t ls, const char *p, size_t lp);
/* Forgets the captures of the previous attempt. */
void clua_pm_reset(clua_pm_state *ms);
/* Matches pattern p (up to ms->p_end) at s: the end of the match, or NULL. */
const char *clua_pm_match(clua_pm_state *ms, const char *s, const char *p);

/* Charges the steps counted so far, in whole quanta; raises when a limit has tripped. */
void clua_pm_flush(clua_pm_state *ms);
/* Charges every step still counted; called when a library call has done its work. */
void clua_pm_settle(clua_pm_state *ms);

static inline void clua_pm_charge(clua_pm_state *ms, size_t n) {
    ms->steps += (long)n;
    if (ms->steps >= CLUA_PM_QUANTUM) clua_pm_flush(ms);
}

static inline void clua_pm_tick(clua_pm_state *ms) {
    if (++ms->steps >= CLUA_PM_QUANTUM) clua_pm_flush(ms);
}

/*
 * Capture i of the match s..e (i == 0 without captures: the whole match). Returns its
 * length with its text in *start, or CLUA_PM_CAP_POSITION after pushing the position.
 */
ptrdiff_t clua_pm_capture_at(clua_pm_state *ms, int i, const char *s, const char *e, const char **start);
/* Pushes capture i as a value. */
void clua_pm_push_capture(clua_pm_state *ms, int i, const char *s, const char *e);
/* Pushes all captures (or the whole match when there are none and s != NULL). */
int clua_pm_push_captures(clua_pm_state *ms, const char *s, const char *e);

/* string.gsub (patterns_gsub.c). */
int clua_pm_gsub(lua_State *L);

#endif
