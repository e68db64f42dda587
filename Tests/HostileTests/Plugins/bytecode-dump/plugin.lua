-- Tries to make bytecode.
return { name = "bytecode-dump", description = "string.dump", run = function()
  local f = load(string.dump(function() return 1 end))
  return f()
end }
