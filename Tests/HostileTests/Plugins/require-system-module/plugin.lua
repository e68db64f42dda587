-- Tries to require a standard module the sandbox does not provide.
return { name = "require-system-module", description = "require io", run = function()
  local io = require "io"
  io.open("/tmp/refer-pwned", "w")
end }
