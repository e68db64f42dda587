/*
 * The sandboxed standard library. What stays: base, coroutine, table, string, math,
 * utf8, and of os only time, date, clock and difftime. What changes, and why:
 *
 * - load: text chunks only, at most CLUA_MAX_CHUNK bytes (the parser runs with the
 *   hook off, so its input is bounded instead);
 * - xpcall: the message handler runs after the error has unwound, as an ordinary call
 *   with the hook on. Stock Lua runs it inside the hook when the hook raised the error,
 *   with hooks off, where a plugin could loop forever;
 * - setmetatable: refuses __gc. Finalizers run with hooks off (also at lua_close);
 * - collectgarbage: "count" only;
 * - table.sort: long arrays without a comparator get a Lua comparator, so the hook
 *   can interrupt the sort;
 * - dofile, loadfile, string.dump, warn and the io, os (rest), debug and package
 *   libraries are absent. print and require are provided by the host.
 */
#include "CLuaShim.h"
#include <string.h>

#define CLUA_MAX_CHUNK (4u * 1024u * 1024u)
#define CLUA_SORT_NATIVE_MAX 20000

/* ---- load ---- */

typedef struct {
    size_t total;
    int slot;
} clua_reader_state;

static const char *clua_capped_reader(lua_State *L, void *ud, size_t *size) {
    clua_reader_state *st = (clua_reader_state *)ud;
    luaL_checkstack(L, 2, "too many nested functions");
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *size = 0;
        return NULL;
    }
    if (!lua_isstring(L, -1)) luaL_error(L, "reader function must return a string");
    lua_replace(L, st->slot);
    const char *s = lua_tolstring(L, st->slot, size);
    st->total += *size;
    if (st->total > CLUA_MAX_CHUNK) luaL_error(L, "load: chunk is larger than %d bytes", (int)CLUA_MAX_CHUNK);
    return s;
}

static int clua_safe_load(lua_State *L) {
    size_t len = 0;
    const char *s = lua_tolstring(L, 1, &len);
    const char *mode = luaL_optstring(L, 3, "t");
    int env = !lua_isnone(L, 4) ? 4 : 0;
    int status;
    if (strchr(mode, 't') == NULL) {
        luaL_pushfail(L);
        lua_pushliteral(L, "binary chunks are not allowed in Refer plugins (load mode must include 't')");
        return 2;
    }
    if (s != NULL) {
        const char *chunkname = luaL_optstring(L, 2, "=(load)");
        if (len > CLUA_MAX_CHUNK) {
            luaL_pushfail(L);
            lua_pushfstring(L, "load: chunk is larger than %d bytes", (int)CLUA_MAX_CHUNK);
            return 2;
        }
        status = luaL_loadbufferx(L, s, len, chunkname, "t");
    } else {
        const char *chunkname = luaL_optstring(L, 2, "=(load)");
        luaL_checktype(L, 1, LUA_TFUNCTION);
        clua_reader_state st = { 0, 5 };
        lua_settop(L, 5);
        status = lua_load(L, clua_capped_reader, &st, chunkname, "t");
    }
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env != 0) {
        lua_pushvalue(L, env);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
}

/* ---- xpcall ---- */

static int clua_finish_xpcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        /* stack: f, handler, true, errorobject — call handler(errorobject) normally. */
        lua_pushvalue(L, 2);
        lua_insert(L, -2);
        lua_call(L, 1, 1);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int clua_safe_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 0, 2, clua_finish_xpcall);
    return clua_finish_xpcall(L, status, 2);
}

/* ---- setmetatable ---- */

static int clua_safe_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in Refer plugins (finalizers run outside the plugin's limits)");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* ---- collectgarbage ---- */

static int clua_safe_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "count");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not allowed in Refer plugins; only \"count\" is", opt);
    int k = lua_gc(L, LUA_GCCOUNT, 0);
    int b = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
}

/* ---- table.sort ---- */

static int clua_safe_sort(lua_State *L) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_isnoneornil(L, 2)
        && lua_rawlen(L, 1) > CLUA_SORT_NATIVE_MAX) {
        /* A Lua comparator runs Lua instructions at every comparison, so the count
         * hook can stop a long sort (a C comparator would not give it the chance). */
        lua_settop(L, 1);
        const char *less = "local a, b = ... return a < b";
        if (luaL_loadbufferx(L, less, strlen(less), "=(table.sort comparator)", "t") != LUA_OK) return lua_error(L);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

/* ---- string.rep ---- */

/* Same results as the stock string.rep, but fills the result by doubling copies, so
 * even a 60 MB result takes milliseconds inside C, where the hook cannot stop it. */
static int clua_safe_rep(lua_State *L) {
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l | lsep) == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t unit = l + lsep;
    if (unit < l || (size_t)n > (((size_t)-1 >> 1) - lsep) / unit)
        return luaL_error(L, "resulting string too large");
    size_t total = (size_t)n * unit - lsep;
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, total);
    memcpy(p, s, l);
    if (lsep > 0 && total > l) memcpy(p + l, sep, lsep);
    size_t filled = total < unit ? total : unit;
    while (filled < total) {
        size_t chunk = filled <= total - filled ? filled : total - filled;
        memcpy(p + filled, p, chunk);
        filled += chunk;
    }
    luaL_pushresultsize(&b, total);
    return 1;
}

/* ---- assembly ---- */

static void clua_remove_field(lua_State *L, int t, const char *name) {
    t = lua_absindex(L, t);
    lua_pushnil(L);
    lua_setfield(L, t, name);
}

void clua_open_sandbox_libs(lua_State *L) {
    static const luaL_Reg libs[] = {
        { LUA_GNAME, luaopen_base },
        { LUA_COLIBNAME, luaopen_coroutine },
        { LUA_TABLIBNAME, luaopen_table },
        { LUA_STRLIBNAME, luaopen_string },
        { LUA_MATHLIBNAME, luaopen_math },
        { LUA_UTF8LIBNAME, luaopen_utf8 },
        { LUA_OSLIBNAME, luaopen_os },
        { NULL, NULL }
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    /* No module table to walk: tracebacks then never iterate plugin-made tables. */
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);

    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    clua_remove_field(L, g, "dofile");
    clua_remove_field(L, g, "loadfile");
    clua_remove_field(L, g, "warn");
    clua_remove_field(L, g, "print");
    clua_remove_field(L, g, "require");
    lua_pushcfunction(L, clua_safe_load); lua_setfield(L, g, "load");
    lua_pushcfunction(L, clua_safe_xpcall); lua_setfield(L, g, "xpcall");
    lua_pushcfunction(L, clua_safe_setmetatable); lua_setfield(L, g, "setmetatable");
    lua_pushcfunction(L, clua_safe_collectgarbage); lua_setfield(L, g, "collectgarbage");

    lua_getfield(L, g, LUA_STRLIBNAME);
    clua_remove_field(L, -1, "dump");
    lua_pushcfunction(L, clua_safe_rep);
    lua_setfield(L, -2, "rep");
    lua_pop(L, 1);

    lua_getfield(L, g, LUA_TABLIBNAME);
    lua_getfield(L, -1, "sort");
    lua_pushcclosure(L, clua_safe_sort, 1);
    lua_setfield(L, -2, "sort");
    lua_pop(L, 1);

    /* os: only the clock and calendar functions. */
    lua_getfield(L, g, LUA_OSLIBNAME);
    int os = lua_gettop(L);
    lua_newtable(L);
    static const char *keep[] = { "time", "date", "clock", "difftime", NULL };
    for (const char **k = keep; *k; k++) {
        lua_getfield(L, os, *k);
        lua_setfield(L, -2, *k);
    }
    lua_setfield(L, g, LUA_OSLIBNAME);
    lua_pop(L, 1);

    clua_open_bounded_patterns(L);
    lua_pop(L, 1); /* global table */
}
