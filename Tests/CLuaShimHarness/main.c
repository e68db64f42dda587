/*
 * Stand-alone harness for the bounded pattern functions (Sources/CLuaShim/patterns*.c).
 * Not a SwiftPM target: scripts/check-patterns.sh compiles it with patterns*.c,
 * limits.c and sandbox.c against the system Lua and runs patterns-differential.lua.
 *
 * The state is a plain one (luaL_openlibs) with the counting allocator of limits.c.
 * Before the bounded functions are installed, the stock ones are kept in the global
 * table `stock`; afterwards the bounded ones are in `bounded` (and in `string`).
 * `limited(opts, fn)` runs fn under limits (opts.seconds, opts.budget, opts.ceiling)
 * and returns ok, error-or-first-result, elapsed seconds; it disarms and clears the
 * limits in C before any further Lua instruction runs, since a tripped limit raises on
 * every instruction. `install_keeps_stack` and `sandbox_installs_bounded` tell the
 * script whether clua_open_bounded_patterns left the stack as it found it and whether
 * clua_open_sandbox_libs puts the bounded functions into its `string` table.
 */
#include "CLuaShim.h"
#include <stdio.h>
#include <stdlib.h>

static clua_limits limits;

static void copy_functions(lua_State *L, const char *into) {
    static const char *names[] = { "find", "match", "gmatch", "gsub", NULL };
    lua_newtable(L);
    lua_getglobal(L, "string");
    for (const char **n = names; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_setfield(L, -3, *n);
    }
    lua_pop(L, 1);
    lua_setglobal(L, into);
}

static int limited(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_getfield(L, 1, "seconds");
    lua_getfield(L, 1, "budget");
    lua_getfield(L, 1, "ceiling");
    double seconds = lua_tonumber(L, -3);
    long long budget = (long long)lua_tointeger(L, -2);
    size_t ceiling = (size_t)lua_tointeger(L, -1);
    lua_settop(L, 2);
    double start = clua_monotonic();
    limits.deadline = seconds > 0 ? start + seconds : 0;
    limits.budget = budget;
    limits.instructions = 0;
    limits.ceiling = ceiling > 0 ? limits.used + ceiling : 0;
    limits.tripped = CLUA_TRIP_NONE;
    limits.armed = 1;
    clua_sethook(L);
    int status = lua_pcall(L, 0, 1, 0);
    double elapsed = clua_monotonic() - start;
    limits.armed = 0;
    limits.tripped = CLUA_TRIP_NONE;
    limits.deadline = 0;
    limits.budget = 0;
    limits.ceiling = 0;
    lua_sethook(L, NULL, 0, 0);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, -2);
    lua_pushnumber(L, elapsed);
    return 3;
}

/*
 * The sandbox installs the bounded functions: a state opened by clua_open_sandbox_libs
 * has the same C functions in `string` as `bounded` in L, and a balanced stack.
 */
static int open_sandbox(lua_State *S) {
    clua_open_sandbox_libs(S);
    lua_pushinteger(S, lua_gettop(S));
    return 1;
}

static int check_sandbox(lua_State *L) {
    static const char *names[] = { "find", "match", "gmatch", "gsub", NULL };
    clua_limits other = { 0 };
    lua_State *S = clua_newstate(&other);
    int failed = 0;
    lua_pushcfunction(S, open_sandbox);
    if (lua_pcall(S, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "clua_open_sandbox_libs: %s\n", lua_tostring(S, -1));
        lua_close(S);
        return 1;
    }
    if (lua_tointeger(S, -1) != 0) failed++; /* values open_sandbox found left on its stack */
    lua_pop(S, 1);
    lua_getglobal(S, "string");
    lua_getglobal(L, "bounded");
    for (const char **n = names; *n; n++) {
        lua_getfield(S, -1, *n);
        lua_getfield(L, -1, *n);
        if (lua_tocfunction(S, -1) == NULL || lua_tocfunction(S, -1) != lua_tocfunction(L, -1)) failed++;
        lua_pop(S, 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_close(S);
    return failed;
}

static int traceback(lua_State *L) {
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s patterns-differential.lua\n", argv[0]);
        return 2;
    }
    lua_State *L = clua_newstate(&limits);
    if (L == NULL) return 2;
    luaL_openlibs(L);
    copy_functions(L, "stock");
    lua_pushglobaltable(L); /* as clua_open_sandbox_libs calls it */
    clua_open_bounded_patterns(L);
    int balanced = lua_gettop(L) == 1;
    lua_pop(L, 1);
    copy_functions(L, "bounded");
    lua_register(L, "limited", limited);
    lua_pushboolean(L, balanced);
    lua_setglobal(L, "install_keeps_stack");
    lua_pushboolean(L, check_sandbox(L) == 0);
    lua_setglobal(L, "sandbox_installs_bounded");

    lua_pushcfunction(L, traceback);
    if (luaL_loadfile(L, argv[1]) != LUA_OK || lua_pcall(L, 0, 1, -2) != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        lua_close(L);
        return 2;
    }
    int failed = (int)lua_tointeger(L, -1);
    lua_close(L);
    return failed == 0 ? 0 : 1;
}
