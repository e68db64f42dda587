/*
 * Bounded pattern matching: string.find, match, gmatch and gsub that respect the run's
 * limits.
 *
 * Why: Lua's own matcher runs in C, where the count hook that enforces the instruction
 * budget and the deadline never fires, and a backtracking pattern such as
 * string.rep("a", 50000):find(".-.-.-.-.-.-b") runs for hours. A plugin could stall the
 * host that way. These functions implement the same pattern language (Lua 5.4
 * reference manual, section 6.4.1) with the same results, the same multiple returns
 * and the same error messages, and charge their work against the limits.
 *
 * How:
 * - The matcher backtracks like Lua's and tries alternatives in the same order, so
 *   match positions and captures agree. It is not faster; it is interruptible.
 * - Work is counted in steps: one per entry into the matcher (every continuation after
 *   a quantifier or a capture, every backtrack), one per pattern item tried, one per
 *   subject byte tried against a single-character class, plus the bytes examined by
 *   sets, back-references, %b scans and plain searches. Every CLUA_PM_QUANTUM steps
 *   they are charged through clua_limits_charge; once a limit has tripped,
 *   clua_limits_raise ends the call with the usual "... exceeded" error. When a call
 *   finishes, its remaining steps are charged too, so many short calls add up.
 * - Nothing is malloc'd. The match state lives on the C stack (gmatch keeps two
 *   offsets in a userdata) and gsub builds its result in a luaL_Buffer, which grows
 *   through the state's allocator and so counts against the memory ceiling. Raising
 *   at any step leaks nothing.
 * - The matcher recurses only at captures and quantifiers, at most 200 levels deep
 *   ("pattern too complex", Lua's bound), so the C stack stays small.
 * - Character classes use <ctype.h>, as Lua does (the host runs in the C locale).
 *
 * gsub is in patterns_gsub.c; the shared state is in patterns_internal.h.
 */
#include "patterns_internal.h"
#include <ctype.h>
#include <stdint.h>
#include <string.h>

/* ---- charging ---- */

void clua_pm_flush(clua_pm_state *ms) {
    long due = ms->steps - ms->steps % CLUA_PM_QUANTUM;
    ms->steps -= due;
    if (due > 0 && clua_limits_charge(ms->L, due)) clua_limits_raise(ms->L);
}

void clua_pm_settle(clua_pm_state *ms) {
    long due = ms->steps;
    ms->steps = 0;
    if (due > 0 && clua_limits_charge(ms->L, due)) clua_limits_raise(ms->L);
}

/* ---- single characters ---- */

/* Does byte c belong to the class named by the letter after '%'? Other characters stand for themselves. */
static int pm_in_class(int c, int letter) {
    int in;
    switch (tolower(letter)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    case 'z': in = (c == 0); break; /* deprecated in Lua 5.4 but still accepted */
    default: return letter == c;
    }
    return isupper(letter) ? !in : in != 0;
}

/* Is c in the set that opens with '[' at p and closes with the ']' at close? */
static int pm_in_set(int c, const char *p, const char *close) {
    int found = 1;
    if (p[1] == '^') {
        found = 0;
        p++;
    }
    for (p++; p < close; p++) {
        if (*p == '%') {
            p++;
            if (pm_in_class(c, (unsigned char)*p)) return found;
        } else if (p[1] == '-' && p + 2 < close) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return found;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return found;
        }
    }
    return !found;
}

/*
 * One past the single-character class at p: '.', a literal, a '%' escape or a set.
 * A set's first character (after an optional '^') belongs to it even when it is ']'.
 */
static const char *pm_class_end(clua_pm_state *ms, const char *p) {
    const char *q = p + 1;
    if (*p == '%') {
        if (q == ms->p_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return q + 1;
    }
    if (*p != '[') return q;
    if (*q == '^') q++;
    do {
        if (q == ms->p_end) luaL_error(ms->L, "malformed pattern (missing ']')");
        if (*q++ == '%' && q < ms->p_end) q++; /* an escaped character, maybe ']' */
    } while (*q != ']');
    clua_pm_charge(ms, (size_t)(q - p));
    return q + 1;
}

/* Does the subject byte at s match the class p..ep? Never past the subject's end. */
static int pm_single(clua_pm_state *ms, const char *s, const char *p, const char *ep) {
    clua_pm_tick(ms);
    if (s >= ms->s_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return pm_in_class(c, (unsigned char)p[1]);
    case '[':
        clua_pm_charge(ms, (size_t)(ep - p));
        return pm_in_set(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

/* ---- items that recurse ---- */

/* The class p..ep as often as it matches from s, then the rest, giving back one at a time. */
static const char *pm_greedy(clua_pm_state *ms, const char *s, const char *p, const char *ep) {
    size_t n = 0;
    while (pm_single(ms, s + n, p, ep)) n++;
    for (;;) {
        const char *r = clua_pm_match(ms, s + n, ep + 1);
        if (r != NULL || n == 0) return r;
        n--;
    }
}

/* The rest first, then one more of the class p..ep, and so on. */
static const char *pm_lazy(clua_pm_state *ms, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = clua_pm_match(ms, s, ep + 1);
        if (r != NULL) return r;
        if (!pm_single(ms, s, p, ep)) return NULL;
        s++;
    }
}

static const char *pm_open_capture(clua_pm_state *ms, const char *s, const char *p, ptrdiff_t kind) {
    int i = ms->level;
    if (i >= CLUA_PM_MAX_CAPTURES) luaL_error(ms->L, "too many captures");
    ms->cap[i].init = s;
    ms->cap[i].len = kind;
    ms->level = i + 1;
    const char *r = clua_pm_match(ms, s, p);
    if (r == NULL) ms->level--;
    return r;
}

static const char *pm_close_capture(clua_pm_state *ms, const char *s, const char *p) {
    int i = ms->level - 1;
    while (i >= 0 && ms->cap[i].len != CLUA_PM_CAP_OPEN) i--;
    if (i < 0) luaL_error(ms->L, "invalid pattern capture");
    ms->cap[i].len = s - ms->cap[i].init;
    const char *r = clua_pm_match(ms, s, p);
    if (r == NULL) ms->cap[i].len = CLUA_PM_CAP_OPEN;
    return r;
}

/* ---- items that do not ---- */

/* %1..%9 (digit is the character after '%'): the text of a closed capture again. */
static const char *pm_backref(clua_pm_state *ms, const char *s, int digit) {
    int i = digit - '1';
    if (i < 0 || i >= ms->level || ms->cap[i].len == CLUA_PM_CAP_OPEN)
        luaL_error(ms->L, "invalid capture index %%%d", i + 1);
    ptrdiff_t len = ms->cap[i].len;
    if (len < 0 || ms->s_end - s < len) return NULL; /* a position never matches text */
    clua_pm_charge(ms, (size_t)len);
    return memcmp(ms->cap[i].init, s, (size_t)len) == 0 ? s + len : NULL;
}

/* %bxy with p at x: from an x at s to the y that balances it. */
static const char *pm_balance(clua_pm_state *ms, const char *s, const char *p) {
    if (p >= ms->p_end - 1) luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (*s != p[0]) return NULL; /* at the end *s is the terminating NUL */
    int open = 0;
    for (const char *q = s; q < ms->s_end; q++) {
        clua_pm_tick(ms);
        if (q != s && *q == p[1]) {
            if (--open == 0) return q + 1;
        } else if (*q == p[0]) {
            open++;
        }
    }
    return NULL;
}

/* %f[set] at *pp: the transition from a byte not in the set to one in it (NUL at the ends). */
static int pm_frontier(clua_pm_state *ms, const char **sp, const char **pp) {
    const char *s = *sp, *p = *pp + 2;
    if (*p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
    const char *ep = pm_class_end(ms, p);
    int before = (s == ms->s_init) ? 0 : (unsigned char)s[-1];
    clua_pm_charge(ms, (size_t)(ep - p));
    if (!pm_in_set(before, p, ep - 1) && pm_in_set((unsigned char)*s, p, ep - 1)) {
        *pp = ep;
        return 1;
    }
    *sp = NULL;
    return 0;
}

/* A single-character class at *pp with its optional quantifier. */
static int pm_quantified(clua_pm_state *ms, const char **sp, const char **pp) {
    const char *s = *sp, *p = *pp;
    const char *ep = pm_class_end(ms, p);
    if (!pm_single(ms, s, p, ep)) {
        if (*ep == '*' || *ep == '?' || *ep == '-') { /* zero repetitions will do */
            *pp = ep + 1;
            return 1;
        }
        *sp = NULL;
        return 0;
    }
    switch (*ep) {
    case '?': { /* one, if the rest matches after it; else none */
        const char *r = clua_pm_match(ms, s + 1, ep + 1);
        if (r != NULL) {
            *sp = r;
            return 0;
        }
        *pp = ep + 1;
        return 1;
    }
    case '+': *sp = pm_greedy(ms, s + 1, p, ep); return 0;
    case '*': *sp = pm_greedy(ms, s, p, ep); return 0;
    case '-': *sp = pm_lazy(ms, s, p, ep); return 0;
    default: /* exactly one */
        *sp = s + 1;
        *pp = ep;
        return 1;
    }
}

/* ---- the matcher ---- */

/*
 * Matches the item at *pp against *sp. Returns 1 when both have advanced and matching
 * goes on with the next item, 0 when *sp holds the outcome of the whole match.
 */
static int pm_item(clua_pm_state *ms, const char **sp, const char **pp) {
    const char *s = *sp, *p = *pp;
    clua_pm_tick(ms);
    switch (*p) {
    case '(':
        if (p[1] == ')') *sp = pm_open_capture(ms, s, p + 2, CLUA_PM_CAP_POSITION);
        else *sp = pm_open_capture(ms, s, p + 1, CLUA_PM_CAP_OPEN);
        return 0;
    case ')':
        *sp = pm_close_capture(ms, s, p + 1);
        return 0;
    case '$':
        if (p + 1 != ms->p_end) break; /* a '$' inside the pattern is a literal */
        *sp = (s == ms->s_end) ? s : NULL;
        return 0;
    case '%':
        if (p[1] == 'b') {
            *sp = pm_balance(ms, s, p + 2);
            *pp = p + 4;
            return *sp != NULL;
        }
        if (p[1] == 'f') return pm_frontier(ms, sp, pp);
        if (isdigit((unsigned char)p[1])) {
            *sp = pm_backref(ms, s, (unsigned char)p[1]);
            *pp = p + 2;
            return *sp != NULL;
        }
        break;
    default:
        break;
    }
    return pm_quantified(ms, sp, pp);
}

const char *clua_pm_match(clua_pm_state *ms, const char *s, const char *p) {
    if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
    clua_pm_tick(ms);
    while (p != ms->p_end && pm_item(ms, &s, &p)) {
    }
    ms->depth++;
    return s;
}

void clua_pm_init(clua_pm_state *ms, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    ms->L = L;
    ms->s_init = s;
    ms->s_end = s + ls;
    ms->p_end = p + lp;
    ms->steps = 0;
    clua_pm_reset(ms);
}

void clua_pm_reset(clua_pm_state *ms) {
    ms->level = 0;
    ms->depth = CLUA_PM_MAX_DEPTH;
}

/* ---- captures ---- */

ptrdiff_t clua_pm_capture_at(clua_pm_state *ms, int i, const char *s, const char *e, const char **start) {
    if (i >= ms->level) {
        if (i != 0) luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        *start = s;
        return e - s;
    }
    ptrdiff_t len = ms->cap[i].len;
    *start = ms->cap[i].init;
    if (len == CLUA_PM_CAP_OPEN) luaL_error(ms->L, "unfinished capture");
    if (len == CLUA_PM_CAP_POSITION) lua_pushinteger(ms->L, (lua_Integer)(ms->cap[i].init - ms->s_init) + 1);
    return len;
}

void clua_pm_push_capture(clua_pm_state *ms, int i, const char *s, const char *e) {
    const char *start;
    ptrdiff_t len = clua_pm_capture_at(ms, i, s, e, &start);
    if (len != CLUA_PM_CAP_POSITION) lua_pushlstring(ms->L, start, (size_t)len);
}

int clua_pm_push_captures(clua_pm_state *ms, const char *s, const char *e) {
    int n = (ms->level == 0 && s != NULL) ? 1 : ms->level;
    luaL_checkstack(ms->L, n, "too many captures");
    for (int i = 0; i < n; i++) clua_pm_push_capture(ms, i, s, e);
    return n;
}

/* ---- find and match ---- */

/* The 0-based start for a 1-based, possibly negative init (may lie past the end). */
static size_t pm_start(lua_Integer init, size_t len) {
    if (init > 0) return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len) return 0;
    return len - (size_t)(-init);
}

/* Whether find must treat p as a pattern (Lua searches plainly otherwise). */
static int pm_has_specials(const char *p, size_t lp) {
    static const char specials[] = "^$*+?.([%-";
    for (size_t i = 0; i < lp; i++)
        if (memchr(specials, p[i], sizeof specials - 1) != NULL) return 1;
    return 0;
}

/* The first occurrence of needle in hay, charged per byte compared. */
static const char *pm_plain(clua_pm_state *ms, const char *hay, size_t lh, const char *needle, size_t ln) {
    if (ln == 0) return hay;
    if (ln > lh) return NULL;
    const char *h = hay, *last = hay + (lh - ln);
    while (h <= last) {
        const char *c = memchr(h, needle[0], (size_t)(last - h) + 1);
        /* memchr skips bytes far faster than the matcher tries them: 8 make a step */
        clua_pm_charge(ms, (size_t)((c ? c : last) - h) / 8 + 1);
        if (c == NULL) return NULL;
        size_t k = 1;
        while (k < ln && c[k] == needle[k]) k++;
        clua_pm_charge(ms, k);
        if (k == ln) return c;
        h = c + 1;
    }
    return NULL;
}

/* Pushes the results of a find or match that matched s1..e. */
static int pm_found(clua_pm_state *ms, int find, const char *s1, const char *e) {
    clua_pm_settle(ms);
    if (!find) return clua_pm_push_captures(ms, s1, e);
    lua_pushinteger(ms->L, (lua_Integer)(s1 - ms->s_init) + 1);
    lua_pushinteger(ms->L, (lua_Integer)(e - ms->s_init));
    return clua_pm_push_captures(ms, NULL, NULL) + 2;
}

static int pm_find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = pm_start(luaL_optinteger(L, 3, 1), ls);
    clua_pm_state ms;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    clua_pm_init(&ms, L, s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !pm_has_specials(p, lp))) {
        const char *at = pm_plain(&ms, s + init, ls - init, p, lp);
        if (at != NULL) return pm_found(&ms, 1, at, at + lp);
    } else {
        int anchored = (*p == '^');
        if (anchored) p++; /* ms.p_end stays where it is */
        for (const char *s1 = s + init;; s1++) {
            clua_pm_reset(&ms);
            const char *e = clua_pm_match(&ms, s1, p);
            if (e != NULL) return pm_found(&ms, find, s1, e);
            if (anchored || s1 >= ms.s_end) break;
        }
    }
    clua_pm_settle(&ms);
    luaL_pushfail(L);
    return 1;
}

static int pm_find(lua_State *L) { return pm_find_or_match(L, 1); }

static int pm_match_fn(lua_State *L) { return pm_find_or_match(L, 0); }

/* ---- gmatch ---- */

typedef struct {
    size_t next; /* where the next search starts */
    size_t last; /* end of the previous match; SIZE_MAX before the first */
} pm_gmatch_pos;

static int pm_gmatch_step(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    pm_gmatch_pos *pos = (pm_gmatch_pos *)lua_touserdata(L, lua_upvalueindex(3));
    clua_pm_state ms;
    clua_pm_init(&ms, L, s, ls, p, lp);
    for (size_t at = pos->next; at <= ls; at++) {
        clua_pm_reset(&ms);
        const char *e = clua_pm_match(&ms, s + at, p);
        /* 5.4: an empty match right where the previous one ended does not count */
        if (e != NULL && (size_t)(e - s) != pos->last) {
            pos->next = pos->last = (size_t)(e - s);
            clua_pm_settle(&ms);
            return clua_pm_push_captures(&ms, s + at, e);
        }
    }
    pos->next = ls + 1; /* exhausted: later calls find nothing at once */
    clua_pm_settle(&ms);
    return 0;
}

/* A '^' does not anchor in gmatch: it is matched literally, as in Lua. */
static int pm_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = pm_start(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2); /* subject and pattern become upvalues and stay alive */
    pm_gmatch_pos *pos = (pm_gmatch_pos *)lua_newuserdatauv(L, sizeof *pos, 0);
    pos->next = init > ls ? ls + 1 : init;
    pos->last = SIZE_MAX;
    lua_pushcclosure(L, pm_gmatch_step, 3);
    return 1;
}

/* ---- installation ---- */

void clua_open_bounded_patterns(lua_State *L) {
    static const luaL_Reg fns[] = {
        { "find", pm_find },
        { "match", pm_match_fn },
        { "gmatch", pm_gmatch },
        { "gsub", clua_pm_gsub },
        { NULL, NULL }
    };
    /* The string metatable's __index is this same table, so methods use these too. */
    if (lua_getglobal(L, LUA_STRLIBNAME) == LUA_TTABLE) luaL_setfuncs(L, fns, 0);
    lua_pop(L, 1);
}
