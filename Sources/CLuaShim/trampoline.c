/*
 * The only path from Lua into Swift. Swift reports an error by returning a status;
 * this C code then raises it, so lua_error never unwinds a Swift frame.
 */
#include "CLuaShim.h"

static clua_host_dispatch clua_dispatch_fn = NULL;

void clua_set_dispatch(clua_host_dispatch d) { clua_dispatch_fn = d; }

static int clua_trampoline(lua_State *L) {
    void *ctx = lua_touserdata(L, lua_upvalueindex(1));
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
    lua_pushlightuserdata(L, ctx);
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
