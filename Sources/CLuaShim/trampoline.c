/*
 * The only path from Lua into Swift. Swift reports an error by returning a status;
 * this C code then raises it, so lua_error never unwinds a Swift frame.
 */
#include "CLuaShim.h"

static clua_host_dispatch clua_dispatch_fn = NULL;
static clua_host_release clua_release_fn = NULL;

void clua_set_dispatch(clua_host_dispatch d, clua_host_release r) {
    clua_dispatch_fn = d;
    clua_release_fn = r;
}

/* __gc of the retainer upvalue: gives the Swift closure's reference back. */
static int clua_release_retainer(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot != NULL && *slot != NULL && clua_release_fn != NULL) {
        clua_release_fn(*slot);
        *slot = NULL;
    }
    return 0;
}

static int clua_trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    void *ctx = slot ? *slot : NULL;
    if (ctx == NULL) return luaL_error(L, "host function is no longer available");
    int arg = 0;
    int n = clua_dispatch_fn(L, ctx, &arg);
    if (n >= 0) return n;
    if (n == CLUA_CALL_ARGERROR) {
        return luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    if (n == CLUA_CALL_ERROR && lua_type(L, -1) == LUA_TSTRING) {
        /* Prefix the position of the Lua code that called us, as Lua's own functions do. */
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

void clua_pushhostfunction(lua_State *L, void *ctx) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = ctx;
    if (luaL_newmetatable(L, "refer.retainer")) {
        lua_pushcfunction(L, clua_release_retainer);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, clua_trampoline, 1);
}

int clua_msghandler(lua_State *L) {
    clua_limits *lim = clua_getlimits(L);
    if (lim) lim->suspended++;
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "refer.traceback");
    if (lim) lim->suspended--;
    lua_settop(L, 1);
    return 1;
}

int clua_pcall_traced(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, clua_msghandler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

/* ---- host objects as userdata ---- */

static int clua_hostobject_gc(lua_State *L) {
    return clua_release_retainer(L);
}

void clua_pushhostobject(lua_State *L, void *object) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = object;
}

void clua_pushhostobjectgc(lua_State *L) {
    lua_pushcfunction(L, clua_hostobject_gc);
}

void *clua_tohostobject(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
    lua_pushliteral(L, "__refer_host");
    int marked = lua_rawget(L, -2) == LUA_TBOOLEAN && lua_toboolean(L, -1);
    lua_pop(L, 2);
    if (!marked) return NULL;
    void **slot = (void **)lua_touserdata(L, idx);
    return slot ? *slot : NULL;
}

static int clua_tostring_fn(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int clua_pcall_tostring(lua_State *L) {
    lua_pushcfunction(L, clua_tostring_fn);
    lua_insert(L, -2);
    return lua_pcall(L, 1, 1, 0);
}
