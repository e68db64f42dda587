/*
 * CLuaShim: the C side of Refer's Lua bridge.
 *
 * - static inline wrappers for the parts of the Lua API that are macros, which Swift
 *   cannot import (named clua_*);
 * - the per-state limits (memory ceiling through a counting allocator, instruction
 *   budget and wall-clock deadline through a count hook);
 * - the trampoline through which Lua calls Swift: Swift returns a status, and only C
 *   ever calls lua_error, so no longjmp crosses a Swift frame (LUA-NOTES.md).
 */
#ifndef CLUASHIM_H
#define CLUASHIM_H

#include "../../CLua/shim.h"
#include <stddef.h>
#include <stdint.h>

/* ---------- limits ---------- */

/** Why a run was stopped. */
typedef enum {
    CLUA_TRIP_NONE = 0,
    CLUA_TRIP_MEMORY = 1,
    CLUA_TRIP_INSTRUCTIONS = 2,
    CLUA_TRIP_DEADLINE = 3,
    CLUA_TRIP_CANCELLED = 4
} clua_trip;

/**
 * The limits of one state. It is the allocator's user data, so every thread
 * (coroutine) of the state finds it through lua_getallocf.
 */
typedef struct clua_limits {
    size_t used;            /* bytes currently allocated */
    size_t peak;            /* highest `used` seen */
    size_t ceiling;         /* 0 = no ceiling */
    int suspended;          /* > 0 while the host builds values: ceiling not applied */
    long long instructions; /* instructions counted so far (in quanta) */
    long long budget;       /* 0 = no instruction budget */
    double deadline;        /* CLOCK_MONOTONIC seconds; 0 = none */
    int armed;              /* limits apply only while armed (during a run) */
    volatile int cancel;    /* set from another thread to stop the run */
    clua_trip tripped;      /* sticky: once set, every instruction raises again */
    lua_State *main;        /* the main thread */
    lua_State *current;     /* the thread the hook last ran on */
    char where[160];        /* "chunk:line" of the Lua code running when memory ran out */
} clua_limits;

/** Instructions between two checks of the count hook. */
#define CLUA_HOOK_QUANTUM 1000

/** Creates a state whose allocator counts into `limits` (owned by the caller). */
lua_State *clua_newstate(clua_limits *limits);
/** The limits of the state (any thread of it). */
clua_limits *clua_getlimits(lua_State *L);
/** Installs the count hook on L (new coroutines inherit it). */
void clua_sethook(lua_State *L);
/** Seconds on the monotonic clock. */
double clua_monotonic(void);
/**
 * For C library code that may run long (pattern matching): counts `steps` against the
 * budget and checks the deadline. Returns 0 to go on, non-zero when the run must stop;
 * the caller then calls clua_limits_raise (which does not return).
 */
int clua_limits_charge(lua_State *L, long steps);
/** Raises the error for the tripped limit, naming it and the Lua position. */
int clua_limits_raise(lua_State *L);
/** A short text for a trip reason ("memory limit", ...). */
const char *clua_trip_name(clua_trip t);

/* ---------- calling Swift from Lua ---------- */

/**
 * A host function: `ctx` identifies the Swift closure. Returns the number of results
 * pushed (>= 0), CLUA_CALL_ERROR with an error message on top of the stack, or
 * CLUA_CALL_ARGERROR with the argument index in *arg and its message on top, or
 * CLUA_CALL_RETHROW with any error value on top.
 */
typedef int (*clua_host_dispatch)(lua_State *L, void *ctx, int *arg);
#define CLUA_CALL_ERROR (-1)
#define CLUA_CALL_ARGERROR (-2)
/* Raise the value on top as it is (an error object coming back from a nested call). */
#define CLUA_CALL_RETHROW (-3)

/** Gives back the reference that clua_pushhostfunction's closure held on `ctx`. */
typedef void (*clua_host_release)(void *ctx);

/** Sets the one Swift dispatcher every host closure goes through, and its release. */
void clua_set_dispatch(clua_host_dispatch d, clua_host_release r);
/**
 * Pushes a Lua C closure that calls the dispatcher with `ctx`. The closure owns one
 * reference on `ctx` and releases it when collected.
 */
void clua_pushhostfunction(lua_State *L, void *ctx);

/** Pushes a userdata holding `object` (one reference, released by the type's __gc). */
void clua_pushhostobject(lua_State *L, void *object);
/** Pushes the C __gc for host objects' metatables. */
void clua_pushhostobjectgc(lua_State *L);
/** The object of a host userdata at idx, or NULL when the value is not one. */
void *clua_tohostobject(lua_State *L, int idx);

/**
 * Message handler for protected calls: keeps the error object as it is (no
 * metamethods run, since hooks may be off here) and stores a traceback in the
 * registry under "refer.traceback".
 */
int clua_msghandler(lua_State *L);
/** Calls the function below nargs arguments with clua_msghandler. */
int clua_pcall_traced(lua_State *L, int nargs, int nresults);

/** Replaces the value on top with tostring(value), in protected mode; returns the status. */
int clua_pcall_tostring(lua_State *L);

/**
 * Pops a host function `fill(page)` and pushes an iterator for a generic `for`: each call
 * returns the next row of the page table; when the page is used up it calls `fill`,
 * which puts the next rows at 1...n of the page and returns n (0 when there are none).
 * An error from `fill` is raised at the position of the Lua code iterating.
 */
void clua_pushpageiterator(lua_State *L);

/** Opens the sandboxed standard libraries (see LuaSandbox.swift for what is removed). */
void clua_open_sandbox_libs(lua_State *L);

/** Replaces string.find/match/gmatch/gsub with versions that respect the limits. */
void clua_open_bounded_patterns(lua_State *L);

/* ---------- macro wrappers ---------- */
static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) { return lua_pcall(L, nargs, nresults, msgh); }
static inline const char *clua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline lua_Number clua_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer clua_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline int clua_isfunction(lua_State *L, int i) { return lua_isfunction(L, i); }
static inline int clua_istable(lua_State *L, int i) { return lua_istable(L, i); }
static inline int clua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int clua_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void clua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int clua_loadbuffer(lua_State *L, const char *s, size_t sz, const char *name) {
    return luaL_loadbufferx(L, s, sz, name, "t");
}
static inline void clua_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline void clua_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void clua_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void *clua_newuserdata(lua_State *L, size_t sz) { return lua_newuserdatauv(L, sz, 1); }
static inline int clua_getmetatable_named(lua_State *L, const char *name) { return luaL_getmetatable(L, name); }
static inline int clua_ok(void) { return LUA_OK; }
static inline int clua_yield_status(void) { return LUA_YIELD; }
static inline int clua_multret(void) { return LUA_MULTRET; }
static inline void **clua_extraspace(lua_State *L) { return (void **)lua_getextraspace(L); }
static inline int clua_gc_collect(lua_State *L) { return lua_gc(L, LUA_GCCOLLECT, 0); }
static inline int clua_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT, 0); }

#endif
