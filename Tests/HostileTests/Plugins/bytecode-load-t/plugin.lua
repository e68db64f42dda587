-- Feeds a binary chunk to load in text mode.
return { name = "bytecode-load-t", description = "binary load as text", run = function()
  local f, err = load("\27Lua\84\0\25\147\13\10\26\10")
  if not f then error(err) end
end }
