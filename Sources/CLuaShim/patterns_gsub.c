/*
 * string.gsub on the bounded matcher (see patterns.c for the design).
 *
 * The result is built in a luaL_Buffer, so its growth goes through the state's
 * allocator and counts against the memory ceiling; replacement functions and table
 * lookups run as ordinary Lua calls, under the count hook.
 */
#include "patterns_internal.h"
#include <ctype.h>
#include <string.h>

/* Appends the replacement string (argument 3) for the match s..e, expanding %0-%9 and %%. */
static void pm_add_template(clua_pm_state *ms, luaL_Buffer *b, const char *s, const char *e) {
    size_t left;
    const char *t = lua_tolstring(ms->L, 3, &left);
    const char *esc;
    clua_pm_charge(ms, left / 8 + 1);
    while ((esc = memchr(t, '%', left)) != NULL) {
        int d = (unsigned char)esc[1]; /* the terminating NUL after a final '%' */
        luaL_addlstring(b, t, (size_t)(esc - t));
        if (d == '%') {
            luaL_addchar(b, '%');
        } else if (d == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit(d)) {
            const char *cap;
            ptrdiff_t len = clua_pm_capture_at(ms, d - '1', s, e, &cap);
            if (len == CLUA_PM_CAP_POSITION) luaL_addvalue(b); /* the pushed position */
            else luaL_addlstring(b, cap, (size_t)len);
        } else {
            luaL_error(ms->L, "invalid use of '%c' in replacement string", '%');
        }
        left -= (size_t)(esc + 2 - t);
        t = esc + 2;
    }
    luaL_addlstring(b, t, left);
}

/* Appends the replacement for the match s..e. Returns whether it differs from the match. */
static int pm_add_replacement(clua_pm_state *ms, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = ms->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = clua_pm_push_captures(ms, s, e);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        clua_pm_push_capture(ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        pm_add_template(ms, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) { /* nil or false: keep the matched text */
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

int clua_pm_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *last = NULL; /* end of the previous match */
    int kind = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    int anchored = (*p == '^');
    lua_Integer n = 0;
    int changed = 0;
    clua_pm_state ms;
    luaL_Buffer b;
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_buffinit(L, &b);
    clua_pm_init(&ms, L, src, ls, p, lp);
    if (anchored) p++;
    while (n < max_n) {
        clua_pm_reset(&ms);
        const char *e = clua_pm_match(&ms, src, p);
        if (e != NULL && e != last) { /* 5.4: no empty match where the last one ended */
            n++;
            changed |= pm_add_replacement(&ms, &b, src, e, kind);
            src = last = e;
        } else if (src < ms.s_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchored) break;
    }
    clua_pm_settle(&ms);
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, src, (size_t)(ms.s_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}
