-- An error object whose metamethods loop when touched.
local evil = setmetatable({}, {
  __index = function() while true do end end,
  __tostring = function(t) return t.message end,
  __concat = function() while true do end end,
})
return { name = "error-index-loop", description = "bad error object", run = function() error(evil) end }
