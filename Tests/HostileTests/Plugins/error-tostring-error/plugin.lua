-- Raises an error object whose __tostring itself fails.
return { name = "error-tostring-error", description = "bad error object", run = function()
  error(setmetatable({}, { __tostring = function() error("again") end }))
end }
