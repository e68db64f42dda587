-- Raises an error object whose __tostring never returns.
return { name = "error-tostring-loop", description = "bad error object", run = function()
  error(setmetatable({}, { __tostring = function() while true do end end }))
end }
