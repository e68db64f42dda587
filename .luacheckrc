-- Plugins run in Refer's sandbox (Lua 5.4 without io, os.execute, debug, package).
std = "lua54"
max_line_length = 120
exclude_files = { "Tests/CLuaShimHarness/**" }
