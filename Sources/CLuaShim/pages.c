/*
 * The iterator of `for row in ctx.X{...}`: hands out the rows of a page table one by one
 * and asks the host for the next page when it runs out, so that the per-row call is a
 * plain C function (no host call per row).
 */
#include "CLuaShim.h"

/* Upvalues: 1 the page table, 2 the position handed out last, 3 the rows in the page
   (-1 once the host had no more), 4 the host function that fills the page. */
static int clua_page_next(lua_State *L) {
    lua_Integer position = lua_tointeger(L, lua_upvalueindex(2)) + 1;
    lua_Integer count = lua_tointeger(L, lua_upvalueindex(3));
    if (position > count) {
        if (count < 0) return 0;
        lua_pushvalue(L, lua_upvalueindex(4));
        lua_pushvalue(L, lua_upvalueindex(1));
        if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
            /* The host function's message names no position (its caller is this C
               function): give it the position of the Lua code that is iterating. */
            if (lua_type(L, -1) == LUA_TSTRING) {
                luaL_where(L, 1);
                lua_insert(L, -2);
                lua_concat(L, 2);
            }
            return lua_error(L);
        }
        count = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (count <= 0) {
            lua_pushinteger(L, -1);
            lua_replace(L, lua_upvalueindex(3));
            return 0;
        }
        lua_pushinteger(L, count);
        lua_replace(L, lua_upvalueindex(3));
        position = 1;
    }
    lua_pushinteger(L, position);
    lua_replace(L, lua_upvalueindex(2));
    lua_rawgeti(L, lua_upvalueindex(1), position);
    return 1;
}

void clua_pushpageiterator(lua_State *L) {
    lua_createtable(L, 0, 0);  /* the page: the host fills it */
    lua_pushinteger(L, 0);
    lua_pushinteger(L, 0);
    lua_rotate(L, -4, -1);  /* fill, page, 0, 0 -> page, 0, 0, fill */
    lua_pushcclosure(L, clua_page_next, 4);
}
