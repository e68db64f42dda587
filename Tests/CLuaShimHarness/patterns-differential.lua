-- Differential test: the bounded string.find/match/gmatch/gsub against Lua's own.
-- Run by scripts/check-patterns.sh through Tests/CLuaShimHarness/main.c, which provides
-- the globals `stock`, `bounded` and `limited`. Returns the number of failures.

local passed, failed = 0, 0

local function report(ok, what, a, b)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    if failed <= 25 then
      print("FAIL " .. what)
      if a then print("  stock:   " .. a) end
      if b then print("  bounded: " .. b) end
    end
  end
end

-- Calls fn without a tail call, so both implementations get the same name ('fn') and
-- the same position in their error messages.
local function call(fn, ...)
  local r = table.pack(fn(...))
  return r
end

local function show(v)
  local t = type(v)
  if t == "string" then return string.format("%q", v) end
  if t == "number" then return math.type(v) .. ":" .. tostring(v) end
  if t == "boolean" or t == "nil" then return tostring(v) end
  return t
end

local function show_pcall(ok, r)
  if not ok then return "error: " .. tostring(r) end
  local out = {}
  for i = 1, r.n do out[i] = show(r[i]) end
  return "(" .. table.concat(out, ", ") .. ")"
end

local log -- arguments that replacement functions received
local function show_log()
  local out = {}
  for i, args in ipairs(log) do out[i] = show_pcall(true, args) end
  return table.concat(out, " ")
end

-- The observable outcome of one case against one implementation, as a string.
local function outcome(impl, case)
  log = {}
  local op = case[1]
  if op ~= "gmatch" then
    return show_pcall(pcall(call, impl[op], table.unpack(case, 2, case.n))) .. " " .. show_log()
  end
  local ok, r = pcall(call, impl.gmatch, table.unpack(case, 2, case.n))
  if not ok then return "error: " .. tostring(r) end
  local iter, parts = r[1], {}
  for _ = 1, 300 do
    local ok2, r2 = pcall(call, iter)
    parts[#parts + 1] = show_pcall(ok2, r2)
    if not ok2 or r2.n == 0 or r2[1] == nil then break end
  end
  return table.concat(parts, " ")
end

local function describe(case)
  local out = {}
  for i = 2, case.n do out[#out + 1] = show(case[i]) end
  return case[1] .. "(" .. table.concat(out, ", ") .. ")"
end

local function check(case)
  local a, b = outcome(stock, case), outcome(bounded, case)
  report(a == b, describe(case), a, b)
end

local cases = {}
local function F(...) cases[#cases + 1] = table.pack("find", ...) end
local function M(...) cases[#cases + 1] = table.pack("match", ...) end
local function G(...) cases[#cases + 1] = table.pack("gmatch", ...) end
local function S(...) cases[#cases + 1] = table.pack("gsub", ...) end

-- Replacement functions and tables (they log what they receive).
local function logger(result)
  return function(...) log[#log + 1] = table.pack(...); return result end
end
local function echo(...) log[#log + 1] = table.pack(...); return (...) end
local function upper(s) log[#log + 1] = table.pack(s); return type(s) == "string" and s:upper() or s end
local tbl = { a = "A", b = false, hello = "HI", [1] = "one", [3] = 3.5, x = {} }

---------------------------------------------------------------- hand-written cases
-- character classes and their complements
for _, c in ipairs({ "a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "z" }) do
  local subject = "aZ9 _\t\n!~\0\127\200xF"
  G(subject, "%" .. c)
  G(subject, "%" .. c:upper())
  G(subject, "[%" .. c .. "]+")
  G(subject, "[^%" .. c .. "]+")
end
F("hello world", "o w")          -- no specials: plain search
F("hello world", "l+")
F("hello", ".")
F("hello", "")
F("", "")
F("", ".")
F("abc", "", 4)
F("abc", "", 5)
F("abc", "", -1)
F("abc", "c", -1)
F("abc", "a", -10)
F("abc", "b", 0)
F("abc", "a", 100)
F("a.b", ".", 1, true)
F("a.b", "%.", 1)
F("a+b", "+", 1, true)
F("a+b", "a+b", 1, true)
F("a+b", "a+b")
F("a)b", ")")                    -- no specials: found plainly
M("a)b", ")")                    -- as a pattern: invalid
F("x]y", "]")
F("ab\0cd", "\0c")
F("ab\0cd", "%z")
F("ab\0cd", "[\0]")
F("ab\0cd", ".\0.")
F("aaa", "a-", 2)
F("aaab", "a-b")
F("aaab", "a*")
F("aaab", "a+")
F("aaab", "a?a?a?a?b")
F("baaab", "ba-")
F("[]", "[]]")
F("x]", "[]]")
F("x^", "[^^]")
F("^x", "[x^]")
F("a-b", "[a-]")
F("a-b", "[-b]")
F("-", "[%a-]")
F("b", "[a-c]")
F("B", "[a-c]")
F("]", "[^]]")
F("a", "[^]]")
F("%", "[%%]")
F("a5_", "[%d_]+")
F("Hello World", "[%u][%l]+")
F("a", "[a")
F("a", "[a%")
F("a", "[]")
F("a", "[^]")
F("a", "%")
F("a", "a%")
F("a", "(")
F("a", "(a")
F("a", ")")
F("a", "a)")
F("a", "%1")
F("a", "%0")
F("aa", "(a)%1")
F("ab", "(a)%2")
F("aa", "(a%1)")
F("aa", "()%1")
F("abcabc", "(abc)%1")
F("xyzxyz", "(.-)%1$")
F("hello", "()ll()")
F("hello", "()")
F("hello", "h()")
F("hello", "(h)(e)(l)(l)(o)")
F("hello", "((h)(e))")
F("hello", "(()h)")
F("hello", "^h")
F("hello", "^e")
F("hello", "o$")
F("hello", "l$")
F("a$b", "$b")
F("a$b", "a$b")
F("hello", "^hello$")
F("hello", "^")
F("hello", "$")
F("", "^$")
F("^a", "^^a")
F("hello", "^(h)", 2)
F("THE (quick) fox", "%((%a+)%)")
F("THE (quick) fox", "%b()")
F("((a)(b))c", "%b()")
F("(((", "%b()")
F("x", "%b")
F("x", "%bx")
F("xy", "%bxy")
F("axxya", "%bxx")
F("THE (quick) fox", "%f[%a]%a+")
F("THE (quick) fox", "%f[%A]")
F("hello", "%f[%l]")
F("hello", "%f[%z]")
F("hello", "%f[^%z]")
F("hello", "%f")
F("hello", "%fx")
F("hello", "%f[")
F("the the", "%f[%w]%w+%f[%W]")
F(string.rep("a", 10), string.rep("(a)", 33))
F(string.rep("a", 10), string.rep("(a)", 32))
F(string.rep("a", 300), string.rep("a?", 250))
F(string.rep("a", 300), string.rep("a?", 150))
F(string.rep("a", 300), string.rep("(", 150) .. string.rep(")", 150))
F("key = value", "(%w+)%s*=%s*(%w+)")
F("  trim  ", "^%s*(.-)%s*$")
F(123456, 34)
F(123456, "%d%d", 2.0)
F("abc", "b", 1.5)
F(nil, "a")
F("a", nil)
F("a", {})
F("abc", "b", "2")
F("abc", "b", "x")
M("hello world", "%w+")
M("hello world", "%w+", 6)
M("hello world", "%w+", -3)
M("hello world", "(%w+) (%w+)")
M("hello", "()ll()")
M("hello", "")
M("hello", "", 10)
M("hello", "", 6)
M("hello", "(h)(.)")
M("hello", "^(h)")
M("x = 1", "^(%w+)%s*=%s*(%d+)$")
M("2024-01-05", "(%d+)-(%d+)-(%d+)")
M("hello", "(l+)")
M("hello", "(h(e))")
M("abc", "((a)(b)(c))")
M("abc", "(a")
M("abc", "a)")
M("abc", "%b")
M("[[x]]", "%[(%b[])%]")
M("a,b,,c", "([^,]*)")
M("hello", ".-l")
M("hello", ".*l")
M("hello", "(.-)l")
M("hello", "l-(o)")
M("\0\1\2", "[\0-\1]+")
M("abc", "[c-a]")
-- gmatch, including the 5.4 rule for empty matches after a match
G("hello world from lua", "%a+")
G("abc", "")
G("abc", "a*")
G("abc", "b*")
G("aaa", "a-")
G("aaa", "a?")
G("key=val, k2=v2", "(%w+)=(%w+)")
G("hello", "()")
G("hello", "()l")
G("hello", "l", 4)
G("hello", "l", -2)
G("hello", ".", 10)
G("hello", "", 6)
G("hello", "", 7)
G("hello", ".", -100)
G("^a^a", "^a")
G("aaa", "^a")
G("one two", "%f[%w]%w+")
G("(a)(b)", "%b()")
G("abc", "(")
G("abc", "%")
G("abc", "[")
G("abc", "%1")
G(123, "%d")
G(nil, "x")
G("a,b,,c", "([^,]*)")
G("x", "x$")
G("xx", "x$")
-- gsub: string, number, table and function replacements
S("hello world", "o", "0")
S("hello world", "o", "0", 1)
S("hello world", "o", "0", 0)
S("hello world", "o", "0", -1)
S("hello world", "o", "0", 1.0)
S("hello world", "o", "0", 1.5)
S("hello world", "(o)", "[%1]")
S("hello world", "o", "[%1]")
S("hello world", "o", "[%0]")
S("hello world", "o", "[%2]")
S("hello world", "(o)", "[%2]")
S("hello world", "o", "100%%")
S("hello world", "o", "100%")
S("hello world", "o", "%x")
S("hello world", "()o", "%1")
S("hello world", "()(o)", "%1%2")
S("hello world", "(w)(o)(r)(l)(d)", "%5%4%3%2%1")
S("hello world", "%w+", "%0 %0")
S("hello", "", "-")
S("abc", "b*", "-")
S("abc", "x*", "-")
S("abc", "a*", "-")
S("hello", "^h", "H")
S("hello", "^", ">")
S("hello", "$", "<")
S("hello", "^l", "L")
S("hello", "l", 7)
S("hello", "l", 7.5)
S("hello", "(", "x")
S("hello", "(", "%1")
S("hello", "%", "x")
S("hello", "l", nil)
S("hello", "l", true)
S("hello", "l")
S("hello", "l", "x", "y")
S("a b c", "%w", tbl)
S("hello a", "%w+", tbl)
S("hello", "()", tbl)
S("hello", "(h)(e)", tbl)
S("abc", "c", tbl)
S("xyz", "x", tbl)
S("hello world", "%w+", upper)
S("hello world", "(%w+) (%w+)", echo)
S("hello world", "%w+", logger(nil))
S("hello world", "%w+", logger(false))
S("hello world", "%w+", logger(42))
S("hello world", "%w+", logger(4.5))
S("hello world", "%w+", logger({}))
S("hello world", "%w+", logger(true))
S("hello", "()", echo)
S("hello", "", echo)
S("hello", "l+()", echo)
S("hello", "(l)(l)", echo, 1)
S("$x and $y", "%$(%w+)", { x = "1", y = "2" })
S("abc", ".", { a = 1, b = true })
S("abc", "%f[%w]%w+", "<%0>")
S("THE (quick) fox", "%b()", "")
S("a\0b\0c", "%z", "0")
S("a\0b\0c", "\0", "%%")
S("  x  ", "^%s+", "")
S("  x  ", "%s+$", "")
S(12345, 3, 9)
S("aaa", "a", "b", 2)
S(string.rep("ab", 50), "(a)(b)", "%2%1")
S("abc", "(a)(b)(c)(d)", "%4")
S("hello", ".", { h = "", e = false })
F("abc", "b", math.maxinteger)
F("abc", "b", math.mininteger)
M("abc", ".", math.mininteger)
G("abc", ".", math.maxinteger)
S(2.5, "%.", 0)
S("abc", "%w", function(c) return stock.gsub(c, ".", "%0%0") end)
S("abc", "%w", function(c) return bounded.gsub(c, ".", "%0%0") end)

-- Coroutines: a replacement function cannot yield across gsub, and a gmatch iterator
-- made in one coroutine works in another.
local function yield_in_gsub(impl)
  return table.pack(pcall(coroutine.wrap(function()
    return impl.gsub("abc", "%w", function(c) coroutine.yield(c) end)
  end)))
end
local a, b = yield_in_gsub(stock), yield_in_gsub(bounded)
report(a[1] == b[1] and a[2] == b[2], "yield inside a gsub replacement", tostring(a[2]), tostring(b[2]))
local function iterate_across(impl)
  local it = coroutine.wrap(function() coroutine.yield(impl.gmatch("k1=v1 k2=v2", "(%w+)=(%w+)")) end)()
  local out = {}
  for _ = 1, 3 do
    local k, v = coroutine.wrap(function() return it() end)()
    out[#out + 1] = tostring(k) .. ":" .. tostring(v)
  end
  return table.concat(out, " ")
end
a, b = iterate_across(stock), iterate_across(bounded)
report(a == b, "gmatch iterator used from another coroutine", a, b)

report(install_keeps_stack, "clua_open_bounded_patterns leaves the stack as it found it")
report(sandbox_installs_bounded, "clua_open_sandbox_libs installs the bounded functions")
-- The string metatable reaches the bounded functions.
report(("x").find == bounded.find and string.gsub == bounded.gsub and stock.find ~= bounded.find,
  "method calls use the bounded functions")

for _, case in ipairs(cases) do check(case) end
local handwritten = #cases
print(string.format("hand-written cases: %d", handwritten))

---------------------------------------------------------------- random cases
local seed = tonumber(os.getenv("PATTERNS_SEED") or "") or 20260
local state = seed
local function rand(n) -- 1..n, a 64-bit LCG (wraps)
  state = state * 6364136223846793005 + 1442695040888963407
  return ((state >> 33) % n) + 1
end
local function pick(list) return list[rand(#list)] end

local atoms = {
  "a", "b", "c", "x", " ", "1", ".", "%a", "%d", "%s", "%w", "%p", "%A", "%S", "%x", "%l", "%u",
  "[ab]", "[^a]", "[a-c]", "[%d_]", "[]a]", "[^]]", "[%a%d]", "[b-]",
  "%b()", "%bab", "%f[%w]", "%f[%W]", "%f[a]", "%f[^a]",
  "(", ")", "()", "(a)", "(.)", "(%w+)", "%1", "%2", "%%", "%.", "%(", "%)",
  "$", "^", "-", "*", "%", "[", "]", "%z",
}
local quantifiers = { "", "", "", "*", "+", "-", "?" }
local letters = { "a", "a", "a", "b", "b", "c", "x", " ", "1", "2", "_", "(", ")", ".", "%", "-", "^", "$", "]" }

local function random_pattern()
  local parts = {}
  if rand(5) == 1 then parts[#parts + 1] = "^" end
  for _ = 1, rand(4) do
    -- mostly the commoner atoms, so that a fair share of cases match
    local atom = rand(2) == 1 and atoms[rand(12)] or pick(atoms)
    parts[#parts + 1] = atom .. pick(quantifiers)
  end
  if rand(5) == 1 then parts[#parts + 1] = "$" end
  return table.concat(parts)
end

local function random_subject(longest)
  local parts = {}
  for _ = 1, rand(longest + 1) - 1 do parts[#parts + 1] = rand(2) == 1 and letters[rand(6)] or pick(letters) end
  return table.concat(parts)
end

local function random_init()
  if rand(3) == 1 then return rand(41) - 21 end
  return nil
end

local replacements = {
  "<%0>", "%1", "%1-%2", "%%", "x%", "%9", "", "#", "%0%0", 42,
  tbl, { a = "A", ["1"] = "one", [1] = 1 },
  echo, upper, logger(false), logger(7), logger({}),
}

local random_count = 4000
for i = 1, random_count do
  -- mostly short subjects; longer ones make the backtracking work harder
  local s, p, op = random_subject(i % 4 == 0 and 60 or 18), random_pattern(), rand(4)
  if op == 1 then
    if rand(4) == 1 then check(table.pack("find", s, p, random_init() or 1, true))
    else check(table.pack("find", s, p, random_init())) end
  elseif op == 2 then
    check(table.pack("match", s, p, random_init()))
  elseif op == 3 then
    check(table.pack("gmatch", s, p, random_init()))
  else
    local n = rand(4) == 1 and rand(4) - 1 or nil
    check(table.pack("gsub", s, p, pick(replacements), n))
  end
end
print(string.format("random cases: %d (seed %d)", random_count, seed))

---------------------------------------------------------------- limits
local function expect_stop(what, opts, fn, message, within)
  local ok, err, elapsed = limited(opts, fn)
  local good = not ok and tostring(err):find(message, 1, true) ~= nil and (not within or elapsed <= within)
  print(string.format("%s: %s after %.3f s", what, ok and "finished" or tostring(err), elapsed))
  report(good, what .. " stops with '" .. message .. "'", tostring(err), string.format("%.3f s", elapsed))
end

expect_stop("catastrophic find", { seconds = 0.5 }, function()
  return string.rep("a", 40000):find(".-.-.-.-.-.-b")
end, "time limit exceeded", 0.6)
expect_stop("catastrophic match", { seconds = 0.2 }, function()
  return string.rep("a", 40000):match("(.-)(.-)(.-)(.-)b")
end, "time limit exceeded", 0.3)
expect_stop("catastrophic gmatch", { seconds = 0.2 }, function()
  for _ in string.rep("a", 40000):gmatch(".-.-.-b") do end
end, "time limit exceeded", 0.3)
expect_stop("catastrophic gsub", { seconds = 0.2 }, function()
  return string.rep("a", 40000):gsub(".-.-.-b", "")
end, "time limit exceeded", 0.3)
expect_stop("quadratic %b", { seconds = 0.2 }, function()
  return string.rep("(", 200000):find("%b()")
end, "time limit exceeded", 0.3)
expect_stop("quadratic back-reference", { seconds = 0.2 }, function()
  return string.rep("a", 200000):find("(a*)%1b")
end, "time limit exceeded", 0.3)
expect_stop("quadratic plain find", { seconds = 0.2 }, function()
  return string.rep("a", 1 << 20):find(string.rep("a", 1 << 16) .. "b", 1, true)
end, "time limit exceeded", 0.3)
expect_stop("huge set", { seconds = 0.2 }, function()
  return string.rep("b", 1 << 16):find("[" .. string.rep("a", 1 << 16) .. "]")
end, "time limit exceeded", 0.3)
expect_stop("instruction budget", { budget = 5000000 }, function()
  return string.rep("a", 40000):find(".-.-.-.-.-.-b")
end, "instruction limit exceeded")
expect_stop("memory ceiling", { ceiling = 4 << 20 }, function()
  return string.rep("a", 1 << 20):gsub(".", "xxxxxxxx")
end, "not enough memory")

local ok, r = limited({ seconds = 5, budget = 100000000 }, function()
  local n = 0
  for i = 1, 2000 do
    if ("key" .. i .. " = value"):match("^(%w+)%s*=%s*(%w+)$") then n = n + 1 end
  end
  return n
end)
report(ok and r == 2000, "ordinary matching under limits finishes", tostring(r))
report(string.find("after", "f") == 2, "functions work after a stopped run")

print(string.format("%d passed, %d failed", passed, failed))
return failed
