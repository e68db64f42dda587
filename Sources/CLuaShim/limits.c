/*
 * Per-state limits: a counting allocator with a ceiling, and a count hook that
 * enforces the instruction budget, the wall-clock deadline and cancellation.
 *
 * Once a limit trips it stays tripped, and the hook then fires on every instruction
 * of every coroutine, so a plugin's pcall cannot swallow the stop and carry on.
 */
#include "CLuaShim.h"
#include <stdlib.h>
#include <stdio.h>
#include <time.h>

double clua_monotonic(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

const char *clua_trip_name(clua_trip t) {
    switch (t) {
    case CLUA_TRIP_MEMORY: return "memory limit";
    case CLUA_TRIP_INSTRUCTIONS: return "instruction limit";
    case CLUA_TRIP_DEADLINE: return "time limit";
    case CLUA_TRIP_CANCELLED: return "cancellation";
    default: return "limit";
    }
}

static void clua_hook(lua_State *L, lua_Debug *ar);

/* Makes the running threads stop at their next instruction (safe from any point of
 * the VM, as lua.c does from a signal handler). */
static void clua_stop_soon(clua_limits *lim) {
    if (lim->main) lua_sethook(lim->main, clua_hook, LUA_MASKCOUNT, 1);
    if (lim->current && lim->current != lim->main) lua_sethook(lim->current, clua_hook, LUA_MASKCOUNT, 1);
}

/* Remembers where Lua code was when memory ran out: Lua raises memory errors without
 * a position or a message handler. lua_getstack and lua_getinfo("Sl") do not allocate. */
static void clua_note_position(clua_limits *lim) {
    lua_State *L = lim->current ? lim->current : lim->main;
    lua_Debug ar;
    lim->where[0] = '\0';
    if (L == NULL) return;
    for (int level = 0; level < 32 && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(lim->where, sizeof lim->where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

/* Large allocations are where C library code does slow work (string building):
 * check the deadline there too, not only every CLUA_HOOK_QUANTUM instructions. */
#define CLUA_LARGE_ALLOCATION (256u * 1024u)

static void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_limits *lim = (clua_limits *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        lim->used -= old;
        free(ptr);
        return NULL;
    }
    if (nsize > old && lim->ceiling != 0 && lim->suspended == 0
        && lim->used - old + nsize > lim->ceiling) {
        if (lim->armed && lim->tripped == CLUA_TRIP_NONE) {
            lim->tripped = CLUA_TRIP_MEMORY;
            clua_note_position(lim);
            clua_stop_soon(lim);
        }
        return NULL;
    }
    if (nsize >= CLUA_LARGE_ALLOCATION && lim->armed && lim->tripped == CLUA_TRIP_NONE
        && lim->deadline > 0 && clua_monotonic() > lim->deadline) {
        lim->tripped = CLUA_TRIP_DEADLINE;
        clua_stop_soon(lim);
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) return NULL;
    lim->used = lim->used - old + nsize;
    if (lim->used > lim->peak) lim->peak = lim->used;
    return p;
}

static int clua_panic(lua_State *L) {
    /* Never reached by design: the host only calls Lua through lua_pcall. */
    (void)L;
    abort();
}

lua_State *clua_newstate(clua_limits *limits) {
    lua_State *L = lua_newstate(clua_alloc, limits);
    if (L != NULL) {
        lua_atpanic(L, clua_panic);
        limits->main = L;
    }
    return L;
}

clua_limits *clua_getlimits(lua_State *L) {
    void *ud = NULL;
    lua_Alloc f = lua_getallocf(L, &ud);
    if (f != clua_alloc) return NULL;
    return (clua_limits *)ud;
}

/* Checks the limits; returns non-zero when one has tripped. */
static int clua_check(clua_limits *lim, long long steps) {
    if (lim->tripped != CLUA_TRIP_NONE) return 1;
    lim->instructions += steps;
    if (lim->cancel) lim->tripped = CLUA_TRIP_CANCELLED;
    else if (lim->budget > 0 && lim->instructions > lim->budget) lim->tripped = CLUA_TRIP_INSTRUCTIONS;
    else if (lim->deadline > 0 && clua_monotonic() > lim->deadline) lim->tripped = CLUA_TRIP_DEADLINE;
    return lim->tripped != CLUA_TRIP_NONE;
}

static void clua_hook(lua_State *L, lua_Debug *ar) {
    clua_limits *lim = clua_getlimits(L);
    if (lim == NULL || !lim->armed) return;
    lim->current = L;
    if (!clua_check(lim, CLUA_HOOK_QUANTUM)) return;
    /* From now on, stop this thread at every instruction. */
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, 1);
    lim->suspended++;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
        lua_pushfstring(L, "%s:%d: %s exceeded", ar->short_src, ar->currentline, clua_trip_name(lim->tripped));
    } else {
        lua_pushfstring(L, "%s exceeded", clua_trip_name(lim->tripped));
    }
    lim->suspended--;
    lua_error(L);
}

void clua_sethook(lua_State *L) {
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, CLUA_HOOK_QUANTUM);
}

int clua_limits_charge(lua_State *L, long steps) {
    clua_limits *lim = clua_getlimits(L);
    if (lim == NULL || !lim->armed) return 0;
    return clua_check(lim, steps);
}

int clua_limits_raise(lua_State *L) {
    clua_limits *lim = clua_getlimits(L);
    clua_trip t = lim ? lim->tripped : CLUA_TRIP_NONE;
    /* Like the hook: a pcall that catches this must not buy more instructions. */
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, 1);
    if (lim) lim->suspended++;
    luaL_where(L, 1);
    lua_pushfstring(L, "%s exceeded", clua_trip_name(t));
    lua_concat(L, 2);
    if (lim) lim->suspended--;
    return lua_error(L);
}
